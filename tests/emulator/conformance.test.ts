// Holds the emulator to boto3 (Debian's python3-boto3 with the official model): a signer and
// client we did not write.
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator, type EmulatorOptions } from "../../testing";
import { repoRoot } from "./helpers";

const python = "/usr/bin/python3";
const script = path.resolve(repoRoot, "..", "shared", "conformance", "boto3_lifecycle.py");

function runScript(endpoint: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, "--endpoint", endpoint, "--wait", "20"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("boto3 conformance (../shared/conformance/boto3_lifecycle.py)", function () {
  this.timeout(60_000);

  before(() => {
    const probe = spawnSync(python, ["-c", "import boto3"], { encoding: "utf8" });
    assert.equal(probe.status, 0, `boto3 is not importable by ${python} (${probe.stderr || probe.error}); run \`make deps-system\` to install Debian's python3-boto3`);
  });

  const cases: [string, EmulatorOptions, Record<string, string>][] = [
    ["without signature verification", {}, {}],
    ["with signatures verified", { accessKey: "AKIDCONFORMANCE", secretKey: "conformance/Secret+Key" }, { AWS_ACCESS_KEY_ID: "AKIDCONFORMANCE", AWS_SECRET_ACCESS_KEY: "conformance/Secret+Key" }],
    ["with delays (active after 300 ms, deleted after 300 ms)", { activeAfterMs: 300, deleteAfterMs: 300 }, {}],
  ];
  for (const [name, options, env] of cases) {
    it(`passes every step ${name}`, async () => {
      const emu = await startEmulator(options);
      try {
        const { code, out } = await runScript(emu.endpoint, env);
        assert.match(out, /^\d+ passed, 0 failed$/m, out);
        assert.equal(code, 0, out);
        // The script's three deliberate errors plus the final "deleted monitor is gone" probe.
        const errors = emu.requests().flatMap((r) => (r.errorName ? [r.errorName] : []));
        assert.deepEqual(errors.sort(), ["ConflictException", "ResourceNotFoundException", "ResourceNotFoundException", "ValidationException"], out);
      } finally {
        await emu.stop();
      }
    });
  }

  it("fails the script when boto3 signs with a different secret", async () => {
    const emu = await startEmulator({ accessKey: "AKIDCONFORMANCE", secretKey: "right" });
    try {
      const { code, out } = await runScript(emu.endpoint, { AWS_ACCESS_KEY_ID: "AKIDCONFORMANCE", AWS_SECRET_ACCESS_KEY: "wrong" });
      assert.notEqual(code, 0);
      assert.match(out, /AccessDeniedException/);
    } finally {
      await emu.stop();
    }
  });
});
