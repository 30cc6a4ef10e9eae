// The provider require()s the client lazily; importing it must only define things.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

describe("importing provider/client", () => {
  it("registers no error types and emits no warnings until a client is built", () => {
    const script = `
      const { TypeRegistry } = require("@smithy/core/schema");
      const warnings = [];
      process.on("warning", (w) => warnings.push(w.name));
      const before = [...TypeRegistry.registries.keys()];
      const client = require("./provider/client");
      const afterImport = { registries: [...TypeRegistry.registries.keys()] };
      new client.NetworkFlowMonitorClient({ region: "us-east-1" });
      const afterBuild = [...TypeRegistry.registries.keys()];
      setImmediate(() => console.log(JSON.stringify({ before, afterImport, afterBuild, warnings })));
    `;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
    const { before, afterImport, afterBuild, warnings } = JSON.parse(out.trim().split("\n").pop()!);
    assert.deepEqual(afterImport.registries, before);
    assert.ok(afterBuild.includes("com.amazonaws.networkflowmonitor"), "building a client sets up the error registry");
    assert.deepEqual(warnings, []);
  });
});
