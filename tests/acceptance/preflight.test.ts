// `make acceptance` never runs against an account by accident: it refuses, naming everything missing, unless the
// pulumi CLI is on PATH, credentials resolve, and their account is NFM_ACCEPTANCE_ACCOUNT.
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { refusalReasons, type PreflightFacts } from "../../acceptance/preflight";
import { startEmulator } from "../../testing/emulator";

const root = path.resolve(__dirname, "..", "..");
const ready: PreflightFacts = { pulumiCli: "/usr/bin/pulumi", caller: { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci" }, expectedAccount: "123456789012", region: "us-east-1" };

describe("make acceptance: the safety checks", function () {
  this.timeout(120_000);

  it("runs only when everything is in place", () => {
    assert.deepEqual(refusalReasons(ready), []);
  });

  it("names each missing piece and how to fix it", () => {
    const reasons = refusalReasons({ caller: { error: "CredentialsProviderError: Could not load credentials from any providers" } });
    assert.equal(reasons.length, 4, reasons.join("\n"));
    assert.match(reasons[0], /`pulumi` CLI is not on PATH/);
    assert.match(reasons[1], /no AWS Region: set AWS_REGION/);
    assert.match(reasons[2], /credentials do not resolve .*Could not load credentials.*AWS_PROFILE/);
    assert.match(reasons[3], /NFM_ACCEPTANCE_ACCOUNT is not set/);
  });

  it("refuses another account than NFM_ACCEPTANCE_ACCOUNT, and an id that is not one", () => {
    assert.match(refusalReasons({ ...ready, expectedAccount: "210987654321" }).join(), /sign for account 123456789012 .*not NFM_ACCEPTANCE_ACCOUNT=210987654321/);
    assert.match(refusalReasons({ ...ready, expectedAccount: "prod" }).join(), /"prod", not a 12-digit account id/);
  });

  // Asynchronous: the emulator answering its STS runs in this process.
  function runAcceptance(env: Record<string, string>, script = "acceptance/run.ts"): Promise<{ status: number | null; out: string }> {
    const args = [path.join(root, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", script];
    const childEnv = { PATH: path.dirname(process.execPath), HOME: fs.mkdtempSync(path.join(os.tmpdir(), "nfm-home-")), ...env };
    return new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: root, encoding: "utf8", env: childEnv }, (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
      });
    });
  }

  it("npm run acceptance refuses here with the reasons and a non-zero exit, before touching anything", async () => {
    // Credentials that resolve, against the emulator's STS, so the refusal is about the CLI and the account only.
    const emulator = await startEmulator({ account: "123456789012" });
    try {
      const r = await runAcceptance({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s", AWS_ENDPOINT_URL: emulator.endpoint, NFM_ACCEPTANCE_ACCOUNT: "210987654321" });
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /refuses to run/);
      assert.match(r.out, /`pulumi` CLI is not on PATH/);
      assert.match(r.out, /sign for account 123456789012/);
      const calls = emulator.requests().map((q) => q.operation);
      assert.deepEqual(calls.filter((op) => !/GetCallerIdentity/.test(String(op))), [], String(calls));
    } finally {
      await emulator.stop();
    }
  });

  it("npm run sweep refuses on the same terms (but needs no pulumi CLI), deleting nothing", async () => {
    const emulator = await startEmulator({ account: "123456789012" });
    try {
      const r = await runAcceptance({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "k", AWS_SECRET_ACCESS_KEY: "s", AWS_ENDPOINT_URL: emulator.endpoint }, "acceptance/sweepCli.ts");
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /make sweep refuses to run/);
      assert.match(r.out, /NFM_ACCEPTANCE_ACCOUNT is not set/);
      assert.doesNotMatch(r.out, /pulumi` CLI/);
      assert.deepEqual(emulator.requests().map((q) => q.operation).filter((op) => !/GetCallerIdentity/.test(String(op))), []);
    } finally {
      await emulator.stop();
    }
  });
});
