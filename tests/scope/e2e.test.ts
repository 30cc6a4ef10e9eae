// End to end through the engine in a box and Pulumi's real dynamic-provider host, against the emulator (which
// also answers STS): two stacks share the account's one scope, and the host's own answer to an Invoke.
import * as assert from "node:assert/strict";
import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { LocalEngine, startEmulator, type OperationResult, type RunningEmulator } from "../../testing";
import { makeUserProject } from "./project";

const REGION = "eu-west-1";
const ACCOUNT = "345678901234";

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

describe("Scope end to end: two stacks sharing one scope", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;
  let project: { dir: string; cleanup: () => void };
  let stateDir: string;
  const engines: LocalEngine[] = [];

  before(async () => {
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 200, deleteAfterMs: 100 });
    project = makeUserProject(path.join(__dirname, "fixtures", "shared"));
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-scope-state-"));
  });

  after(async () => {
    for (const e of engines) await e.dispose();
    await emulator?.stop();
    project?.cleanup();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  function stack(name: string, config: Record<string, string>): LocalEngine {
    const engine = new LocalEngine({
      programDir: project.dir,
      stack: name,
      stateFile: path.join(stateDir, `${name}.json`),
      config: { "aws:region": REGION, ...config },
      // One endpoint for both services, as a user pointing the AWS SDK at the emulator would set it.
      env: { AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_ENDPOINT_URL: emulator.endpoint },
    });
    engines.push(engine);
    return engine;
  }

  it("stack A creates the scope, stack B finds it with getScope() for its monitor; destroying B leaves the scope", async () => {
    const owner = stack("owner", { "nfm-shared-scope:role": "owner" });
    const user = stack("user", { "nfm-shared-scope:role": "user", "nfm-shared-scope:monitorName": "team-b" });

    // Before A exists, B's getScope() says there is no scope and how to create one.
    const early = await user.preview();
    assert.equal(early.ok, false);
    assert.match(explain(early), new RegExp(`the account has no Network Flow Monitor scope in ${REGION}\\. Create one with \`new Scope`));

    const a = await owner.up();
    assert.equal(a.ok, true, explain(a));
    const scopes = emulator.control.snapshot().scopes;
    assert.equal(scopes.length, 1);
    assert.equal(a.outputs.scopeArn, scopes[0].arn);
    assert.equal(a.outputs.scopeStatus, "SUCCEEDED");
    // The default target is this account (from the emulator's STS) in the stack's Region.
    assert.deepEqual(scopes[0].targets, [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }]);
    assert.ok(emulator.requests().some((r) => r.operation === "sts:GetCallerIdentity"));

    const b = await user.up();
    assert.equal(b.ok, true, explain(b));
    assert.equal(b.outputs.scopeArn, scopes[0].arn);
    assert.equal(emulator.control.getMonitor("team-b")?.scopeArn, scopes[0].arn);
    assert.equal(emulator.control.snapshot().scopes.length, 1, "B made no scope of its own");

    // A second stack trying to create a scope of its own is told to use the existing one.
    const rival = await stack("rival", { "nfm-shared-scope:role": "owner" }).up();
    assert.equal(rival.ok, false);
    assert.match(explain(rival), /already has a Network Flow Monitor scope in eu-west-1 .*getScope\(\{ region: "eu-west-1" \}\)/);

    // While B's monitor uses it, A cannot delete the scope and is told which monitor to delete first.
    const blocked = await owner.destroy();
    assert.equal(blocked.ok, false);
    assert.match(explain(blocked), /still used by monitor\(s\) team-b/);

    const destroyB = await user.destroy();
    assert.equal(destroyB.ok, true, explain(destroyB));
    assert.equal(emulator.control.getMonitor("team-b"), undefined);
    assert.equal(emulator.control.snapshot().scopes.length, 1, "destroying B leaves the shared scope");

    const destroyA = await owner.destroy();
    assert.equal(destroyA.ok, true, explain(destroyA));
    assert.equal(emulator.control.snapshot().scopes.length, 0);
  });

  it("the dynamic-provider host answers an Invoke with its own \"unknown function\" error, so getScope runs in the program", async () => {
    const engine = stack("invoke", { "nfm-shared-scope:role": "owner" });
    const host = engine.startHost();
    try {
      await host.configure(engine.providerConfig());
      await assert.rejects(host.invoke("pulumi-networkflowmonitor:index:getScope", { region: REGION }), /unknown function pulumi-networkflowmonitor:index:getScope/);
    } finally {
      await host.stop();
    }
  });
});
