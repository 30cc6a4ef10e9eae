// Adopting a monitor made by hand, end to end through the engine in a box and Pulumi's real dynamic-provider host:
// the import option (the host's own failure on Pulumi's empty Read, then the full ImportStep with the provider
// passed along), tag updates after adoption, and Monitor.get (read-only, never deleted).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateMonitorCommand, CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { LocalEngine, startEmulator, type OperationResult, type RunningEmulator } from "../../testing";
import { makeUserProject } from "../scope/project";

const REGION = "us-west-2";
const ACCOUNT = "456789012345";
const WRITES = new Set(["CreateMonitor", "UpdateMonitor", "DeleteMonitor", "TagResource", "UntagResource", "CreateScope", "DeleteScope", "UpdateScope"]);

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

describe("Adopting a hand-made monitor", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator;
  let project: { dir: string; cleanup: () => void };
  let stateDir: string;
  let scopeArn = "";
  const engines: LocalEngine[] = [];

  before(async () => {
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 100, deleteAfterMs: 100 });
    project = makeUserProject(path.join(__dirname, "fixtures", "adopt"));
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-adopt-state-"));
    // Made "in the console": directly through the client, not by Pulumi.
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const scope = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
    emulator.control.setScopeStatus(scope.scopeId, "SUCCEEDED");
    scopeArn = scope.scopeArn;
    await api.send(new CreateMonitorCommand({
      monitorName: "hand-made",
      scopeArn,
      localResources: [{ type: "AWS::Region", identifier: REGION }],
      remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
      tags: { team: "net" },
    }));
    emulator.control.setMonitorStatus("hand-made", "ACTIVE");
  });

  after(async () => {
    for (const e of engines) await e.dispose();
    await emulator?.stop();
    project?.cleanup();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  beforeEach(() => emulator.clearRequests());
  const writes = () => emulator.requests().map((r) => r.operation).filter((o): o is string => o !== null && WRITES.has(o));

  function stack(name: string, config: Record<string, string>, importReadCarriesProvider = false): LocalEngine {
    const engine = new LocalEngine({
      programDir: project.dir,
      stack: name,
      stateFile: path.join(stateDir, `${name}.json`),
      config: { "aws:region": REGION, "nfm-adopt:monitorName": "hand-made", ...config },
      env: { AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_ENDPOINT_URL: emulator.endpoint },
      importReadCarriesProvider,
    });
    engines.push(engine);
    return engine;
  }

  const importConfig = (tags: Record<string, string>) => ({ "nfm-adopt:mode": "import", "nfm-adopt:importId": "hand-made", "nfm-adopt:tags": JSON.stringify(tags) });

  it("the import option fails in Pulumi's dynamic-provider host itself: its Read gets no serialized provider", async () => {
    const r = await stack("faithful", importConfig({ team: "net" })).up();
    assert.equal(r.ok, false);
    assert.match(explain(r), /importing hand-made: .*code must be a string, not undefined/);
    assert.deepEqual(writes(), []);
    assert.deepEqual(emulator.control.getMonitor("hand-made")?.tags, { team: "net" });
  });

  it("with the provider passed to Read: imports with no diff, then a tag change is only Tag/UntagResource calls", async () => {
    const engine = stack("adopt", importConfig({ team: "net" }), true);
    const imported = await engine.up();
    assert.equal(imported.ok, true, explain(imported));
    assert.deepEqual(imported.steps.filter((s) => s.name === "web").map((s) => s.op), ["import"]);
    assert.deepEqual(writes(), [], "importing writes nothing");
    assert.equal(imported.outputs.scopeArn, scopeArn, "scopeArn recovered from the account's scope (GetMonitor has none)");
    assert.equal(imported.outputs.monitorStatus, "ACTIVE");
    const stored = engine.readState().resources.find((r) => r.name === "web");
    assert.equal(stored?.id, "hand-made");

    emulator.clearRequests();
    const same = await stack("adopt", importConfig({ team: "net" }), true).up();
    assert.equal(same.ok, true, explain(same));
    assert.deepEqual(same.steps.filter((s) => s.name === "web").map((s) => s.op), ["same"]);

    emulator.clearRequests();
    const retagged = await stack("adopt", importConfig({ team: "platform", env: "prod" }), true).up();
    assert.equal(retagged.ok, true, explain(retagged));
    assert.deepEqual(retagged.steps.filter((s) => s.name === "web").map((s) => s.op), ["update"]);
    assert.deepEqual(writes(), ["TagResource"]);
    assert.deepEqual(emulator.control.getMonitor("hand-made")?.tags, { team: "platform", env: "prod" });

    emulator.clearRequests();
    const untagged = await stack("adopt", importConfig({ team: "platform" }), true).up();
    assert.equal(untagged.ok, true, explain(untagged));
    assert.deepEqual(writes(), ["UntagResource"]);
    assert.deepEqual(emulator.control.getMonitor("hand-made")?.tags, { team: "platform" });
  });

  it("adoptExisting takes over a hand-made monitor at create and brings it to the program's inputs; without it the conflict says how", async () => {
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    await api.send(new CreateMonitorCommand({
      monitorName: "console-made",
      scopeArn,
      localResources: [{ type: "AWS::Region", identifier: REGION }],
      tags: { owner: "console" },
    }));
    const config = (mode: string, tags: Record<string, string>) => ({ "nfm-adopt:mode": mode, "nfm-adopt:monitorName": "console-made", "nfm-adopt:tags": JSON.stringify(tags) });

    emulator.clearRequests();
    const refused = await stack("no-adopt", config("import", { team: "net" })).up();
    assert.equal(refused.ok, false);
    assert.match(explain(refused), /already exists.*set adoptExisting: true/s);
    assert.deepEqual(writes(), ["CreateMonitor"], "only the refused CreateMonitor");

    emulator.clearRequests();
    const adopted = await stack("adopt-existing", config("adopt", { team: "net" })).up();
    assert.equal(adopted.ok, true, explain(adopted));
    assert.deepEqual(adopted.steps.filter((s) => s.name === "web").map((s) => s.op), ["create"]);
    assert.deepEqual(writes(), ["CreateMonitor", "UpdateMonitor", "TagResource", "UntagResource"], "the refused create, then the changes that bring it to the inputs");
    const record = emulator.control.getMonitor("console-made");
    // Adopted, it is this resource's own from now on: it carries the ownership tag too.
    assert.deepEqual(record?.tags, { team: "net", "pulumi-networkflowmonitor:owner": "nfm-adopt/adopt-existing/web" });
    assert.deepEqual(record?.remoteResources, [{ type: "AWS::AWSService", identifier: "S3" }]);
    assert.equal(adopted.outputs.monitorStatus, "ACTIVE");
    assert.equal(emulator.control.snapshot().monitors.filter((m) => m.name === "console-made").length, 1);

    emulator.clearRequests();
    const retagged = await stack("adopt-existing", config("adopt", { team: "platform" })).up();
    assert.equal(retagged.ok, true, explain(retagged));
    assert.deepEqual(writes(), ["TagResource"], "after adoption it is an ordinary managed monitor");
  });

  it("an import whose inputs differ from the monitor is an import then an update (Pulumi's import step since v3.174)", async () => {
    const r = await stack("mismatch", importConfig({ team: "someone-else" }), true).up();
    assert.equal(r.ok, true, explain(r));
    assert.deepEqual(r.steps.filter((s) => s.name === "web").map((s) => s.op), ["import", "update"]);
    assert.deepEqual(writes().filter((w) => w !== "UntagResource"), ["TagResource"], "only the tags change");
    assert.deepEqual(emulator.control.getMonitor("hand-made")?.tags, { team: "someone-else" });
  });

  it("Monitor.get resolves the monitor's outputs, and destroy leaves the monitor alone", async () => {
    const engine = stack("lookup", { "nfm-adopt:mode": "get" });
    const r = await engine.up();
    assert.equal(r.ok, true, explain(r));
    assert.equal(r.outputs.monitorArn, `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:monitor/hand-made`);
    assert.equal(r.outputs.monitorStatus, "ACTIVE");
    assert.equal(r.outputs.scopeArn, scopeArn);
    assert.deepEqual(r.steps.filter((s) => s.name === "existing").map((s) => s.op), ["read"]);
    assert.equal(engine.readState().resources.find((s) => s.name === "existing")?.external, true);

    const destroyed = await engine.destroy();
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.deepEqual(destroyed.steps.filter((s) => s.name === "existing").map((s) => s.op), ["discard"]);
    assert.deepEqual(writes(), []);
    assert.ok(emulator.control.getMonitor("hand-made"), "the monitor still exists");
  });
});
