// `npm run docs`: the API reference has README as its front page and names its modules as users import them
// (`pulumi-networkflowmonitor`, `pulumi-networkflowmonitor/testing`), not after source folders (`sdk`).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

describe("the API reference (typedoc)", function () {
  this.timeout(120_000);

  it("has README as its front page and the package's import names as its modules", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nfm-docs-")), "api.json");
    try {
      execFileSync(process.execPath, [path.join(root, "node_modules", "typedoc", "bin", "typedoc"), "--json", out, "--logLevel", "Error"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      const project = JSON.parse(fs.readFileSync(out, "utf8")) as { name: string; children: { name: string }[]; readme?: { text: string }[] };
      assert.equal(project.name, "pulumi-networkflowmonitor");
      assert.deepEqual(project.children.map((c) => c.name).sort(), ["pulumi-networkflowmonitor", "pulumi-networkflowmonitor/testing"]);
      assert.match((project.readme ?? []).map((p) => p.text).join(""), /^# pulumi-networkflowmonitor/);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
