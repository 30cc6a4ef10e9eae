// Holds the emulator to boto3 (Debian's python3-boto3 under /usr/bin/python3): a client and signer we did
// not write, loading the repository's copy of the official model through AWS_DATA_PATH. The project's
// own checks are boto3_conformance.py here; when a `shared/conformance` folder lies beside the checkout
// (as in CI), its scripts run too, as an extra.
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MODELS_ROOT } from "../../scripts/model";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../testing";
import { repoRoot } from "../emulator/helpers";

const python = "/usr/bin/python3";
const ownScript = path.join(__dirname, "boto3_conformance.py");
/** The optional extra: the folder beside the checkout that CI lays out; a plain clone has none. */
const extraDir = path.join(repoRoot, "..", "shared", "conformance");

const credentials = { accessKey: "AKIDCONFORMANCE", secretKey: "conformance/Secret+Key" };
const signedEnv = { AWS_ACCESS_KEY_ID: credentials.accessKey, AWS_SECRET_ACCESS_KEY: credentials.secretKey };

function runPython(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, ...args], {
      env: { ...process.env, AWS_DATA_PATH: MODELS_ROOT, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

async function withEmulator<T>(options: EmulatorOptions, body: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator(options);
  try {
    return await body(emu);
  } finally {
    await emu.stop();
  }
}

const loggedErrors = (emu: RunningEmulator) => new Set(emu.requests().flatMap((r) => (r.errorName ? [r.errorName] : [])));

/** The modelled client errors the script provokes; every run must see each of them in the emulator's log. */
const provoked = ["ValidationException", "ServiceQuotaExceededException", "AccessDeniedException", "ResourceNotFoundException", "ConflictException"];

const cases: { name: string; options: EmulatorOptions; env: Record<string, string>; args: string[]; faults?: string[] }[] = [
  { name: "without signature verification", options: {}, env: {}, args: [] },
  { name: "with signatures verified", options: credentials, env: signedEnv, args: ["--verify-signatures"] },
  { name: "with delays (active after 300 ms, deleted after 300 ms)", options: { activeAfterMs: 300, deleteAfterMs: 300 }, env: {}, args: [] },
  {
    name: "with every 20th request throttled and every 29th a 500 (botocore's retries get through)",
    options: { faults: { throttleEvery: 20, errorEvery: 29 } },
    env: {},
    args: [],
    faults: ["ThrottlingException", "InternalServerException"],
  },
];

describe("boto3 conformance", function () {
  this.timeout(60_000);

  before(() => {
    const probe = spawnSync(python, ["-c", "import boto3"], { encoding: "utf8" });
    assert.equal(probe.status, 0, `boto3 is not importable by ${python} (${probe.stderr || probe.error}); run \`make deps-system\` to install Debian's python3-boto3`);
  });

  describe("tests/conformance/boto3_conformance.py", () => {
    for (const c of cases) {
      it(`passes every check ${c.name}`, () =>
        withEmulator(c.options, async (emu) => {
          const { code, out } = await runPython(ownScript, ["--endpoint", emu.endpoint, "--wait", "20", ...c.args], c.env);
          const summary = /^conformance: (\d+) passed, (\d+) failed$/m.exec(out);
          assert.ok(summary, out);
          assert.equal(summary[2], "0", out);
          assert.ok(Number(summary[1]) >= 100, `only ${summary[1]} checks ran:\n${out}`);
          assert.equal(code, 0, out);
          // The script provoked every modelled client error, and the emulator logged them (plus any injected faults).
          assert.deepEqual([...loggedErrors(emu)].sort(), [...provoked, ...(c.faults ?? [])].sort(), out);
        }));
    }

    it("fails, changing nothing, when boto3 signs with a wrong secret", () =>
      withEmulator({ ...credentials, secretKey: "the-right-one" }, async (emu) => {
        const { code, out } = await runPython(ownScript, ["--endpoint", emu.endpoint, "--verify-signatures"], signedEnv);
        assert.equal(code, 1, out);
        assert.match(out, /AccessDeniedException/);
        assert.match(out, /^conformance: \d+ passed, [1-9]\d* failed$/m);
        assert.deepEqual(emu.control.snapshot().scopes, []);
        assert.deepEqual(emu.control.snapshot().monitors, []);
      }));

    it("reports the check that does not hold (a service allowing two scopes)", () =>
      withEmulator({ limits: { maxScopes: 2 } }, async (emu) => {
        const { code, out } = await runPython(ownScript, ["--endpoint", emu.endpoint], {});
        assert.equal(code, 1, out);
        assert.match(out, /^FAIL a second scope \(quota 1 per Region\): ServiceQuotaExceededException: the call succeeded$/m);
      }));

    it("refuses to run without the model (AWS_DATA_PATH pointing elsewhere)", async () => {
      const { code, out } = await runPython(ownScript, ["--endpoint", "http://127.0.0.1:9"], { AWS_DATA_PATH: path.join(repoRoot, "tests") });
      assert.equal(code, 1, out);
      assert.match(out, /FAIL botocore finds no networkflowmonitor model under AWS_DATA_PATH=/);
    });
  });

  describe(`the scripts beside the checkout (${path.relative(repoRoot, extraDir)})`, () => {
    const scripts = fs.existsSync(extraDir) ? fs.readdirSync(extraDir).filter((f) => f.endsWith(".py")).sort() : [];
    if (scripts.length === 0) {
      // One line in the report says why; a plain clone has no such folder, which is not a failure.
      it(`run when present — skipped: no conformance scripts in ${extraDir} (a plain clone has none; the project's own checks above ran)`, function () {
        this.skip();
      });
    }
    for (const script of scripts) {
      for (const c of cases.filter((c) => !c.faults)) {
        it(`${script} passes ${c.name}`, () =>
          withEmulator(c.options, async (emu) => {
            const { code, out } = await runPython(path.join(extraDir, script), ["--endpoint", emu.endpoint, "--wait", "20"], c.env);
            assert.equal(code, 0, out);
          }));
      }
    }
  });
});
