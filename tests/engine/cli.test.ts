// nfm-engine's command line: help, defaults, flags, stack config from Pulumi.<stack>.yaml, error output.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeError, main, parseArgs, resolveConfig } from "../../testing/engine/cli";
import { stackConfigFrom } from "../../testing/engine/stackConfig";
import { sink } from "./helpers";

describe("nfm-engine command line", () => {
  it("--help, -h and no arguments print the full usage (operations, every option, the state file's place) and exit 0", async () => {
    for (const argv of [["--help"], ["-h"], [], ["up", "--help"]]) {
      const out = sink();
      const err = sink();
      assert.equal(await main(argv, out as any, err as any), 0, argv.join(" "));
      for (const word of ["preview|up|refresh|destroy", "--cwd", "--stack", "--state", "--config", "--secret", "--refresh", "--skip-preview", "--verbose", ".pulumi-state/<stack>.json", "Pulumi.<stack>.yaml"]) {
        assert.ok(out.text.includes(word), `${argv.join(" ") || "(none)"}: ${word}`);
      }
      assert.equal(err.text, "");
    }
  });

  it("--cwd defaults to the current directory; the state file to <dir>/.pulumi-state/<stack>.json", () => {
    const args = parseArgs(["preview"], "/work/proj");
    assert.equal(args.cwd, path.resolve("/work/proj"));
    assert.equal(args.state, path.resolve("/work/proj/.pulumi-state/dev.json"));
  });

  it("takes --refresh for preview and up, --skip-preview and --clear-pending-creates for refresh, and refuses them elsewhere", () => {
    assert.equal(parseArgs(["up", "--refresh"]).refresh, true);
    assert.equal(parseArgs(["refresh", "--skip-preview", "--clear-pending-creates"]).skipPreview, true);
    assert.throws(() => parseArgs(["destroy", "--refresh"]), /--refresh applies to preview and up only/);
    assert.throws(() => parseArgs(["up", "--skip-preview"]), /--skip-preview applies to refresh only/);
  });

  it("reads Pulumi.<stack>.yaml (project keys namespaced, objects as JSON) with --config on top; secure values must come with --secret", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-cli-"));
    try {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
      fs.writeFileSync(
        path.join(dir, "Pulumi.dev.yaml"),
        "config:\n  aws:region: eu-west-1\n  scopeArn: arn:x\n  proj:tags:\n    team: net\n  proj:count: 3\n  proj:token:\n    secure: AAABAJk=\n",
      );
      const args = parseArgs(["up", "--cwd", dir, "--config", "aws:region=us-east-2"]);
      assert.throws(() => resolveConfig(args, "proj"), /Pulumi\.dev\.yaml holds secure \(encrypted\) values this engine cannot decrypt: proj:token\. Pass each as --secret proj:token=VALUE/);
      const withSecret = resolveConfig(parseArgs(["up", "--cwd", dir, "--config", "aws:region=us-east-2", "--secret", "token=t0k"]), "proj");
      assert.deepEqual(withSecret.config, { "aws:region": "us-east-2", "proj:scopeArn": "arn:x", "proj:tags": '{"team":"net"}', "proj:count": "3" });
      assert.deepEqual(withSecret.secretConfig, { "proj:token": "t0k" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(stackConfigFrom(null, "p"), { config: {}, secure: [] });
  });

  it("prints an error's message without its stack unless verbose", async () => {
    const e = new Error("the thing that matters");
    assert.equal(describeError(e, false), "the thing that matters");
    assert.match(describeError(e, true), /at /);
    const out = sink();
    const err = sink();
    assert.equal(await main(["up", "--cwd", "/nonexistent-dir-for-nfm"], out as any, err as any), 2);
    assert.match(err.text, /^nfm-engine: programDir .* has no Pulumi\.yaml\n$/);
  });
});
