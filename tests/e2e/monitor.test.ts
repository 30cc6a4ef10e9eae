// End to end: a Pulumi program with a Monitor, run by the engine in a box through Pulumi's real
// dynamic-provider host (a child process over gRPC) against the local emulator.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { LocalEngine, UNKNOWN, startEmulator, type OperationResult, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const PROGRAM = path.join(__dirname, "fixtures", "monitor");
const CANARY = "canary-4f9e0c1d-credential";
const WRITES = new Set(["CreateMonitor", "UpdateMonitor", "DeleteMonitor", "TagResource", "UntagResource"]);
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
const SUBNET = `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0123456789abcdef0`;

describe("Monitor end to end through Pulumi's dynamic-provider host", function () {
  this.timeout(180_000);
  let emulator: RunningEmulator;
  let scopes: string[] = [];
  let dir: string;
  const engines: LocalEngine[] = [];

  before(async () => {
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 300, deleteAfterMs: 200, limits: { maxScopes: 2 } });
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    // Two scopes (the emulator's quota is raised) so a test can move a monitor between them.
    for (let i = 0; i < 2; i++) {
      const s = await api.send(new CreateScopeCommand({
        targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
      }));
      emulator.control.setScopeStatus(s.scopeId, "SUCCEEDED");
      scopes.push(s.scopeArn);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-e2e-"));
  });

  after(async () => {
    for (const e of engines) await e.dispose();
    await emulator?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    scopes = [];
  });

  const spec = (extra: Record<string, unknown> = {}) => ({
    monitorName: "e2e",
    localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }, { type: "AWS::EC2::Subnet", identifier: SUBNET }],
    remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
    scopeArn: scopes[0],
    tags: { team: "net" },
    ...extra,
  });

  function stack(name: string, monitor: object, extraConfig: Record<string, string> = {}): LocalEngine {
    const engine = new LocalEngine({
      programDir: PROGRAM,
      stack: name,
      stateFile: path.join(dir, `${name}.json`),
      config: { "aws:region": REGION, "nfm-e2e:monitor": JSON.stringify(monitor), ...extraConfig },
      env: { AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: CANARY, AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: emulator.endpoint },
    });
    engines.push(engine);
    return engine;
  }

  const calls = () => emulator.requests().map((r) => r.operation as string);
  const writes = () => calls().filter((op) => WRITES.has(op));
  const monitorOps = (r: OperationResult) => r.steps.filter((s) => s.name === "m").map((s) => s.op);
  const ok = (r: OperationResult) => assert.equal(r.ok, true, r.planText);
  const stateHasNoCanary = (e: LocalEngine) => assert.ok(!fs.readFileSync(e.stateFile, "utf8").includes(CANARY), "state holds the canary credential");

  it("takes a stack through preview, up, no-op, reorder, tags, resources, rename, scope change, drift, refresh and destroy", async () => {
    emulator.clearRequests();
    // Preview of a new stack whose scope ARN comes from a resource not created yet.
    let r = await stack("main", spec(), { "nfm-e2e:scopeFromNewResource": "true" }).preview();
    ok(r);
    assert.deepEqual(monitorOps(r), ["create"]);
    assert.equal(r.outputs.monitorArn, UNKNOWN);
    assert.deepEqual(calls(), [], "preview calls no service API");

    r = await stack("main", spec()).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["create"]);
    assert.equal(r.outputs.monitorStatus, "ACTIVE");
    assert.equal(r.outputs.monitorArn, `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:monitor/e2e`);
    assert.deepEqual(writes(), ["CreateMonitor"]);
    stateHasNoCanary(engines[engines.length - 1]);

    emulator.clearRequests();
    r = await stack("main", spec()).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["same"]);
    assert.deepEqual(writes(), [], "a second up with no change writes nothing");

    emulator.clearRequests();
    const reordered = spec({ localResources: [...spec().localResources].reverse() });
    r = await stack("main", reordered).up();
    assert.deepEqual(monitorOps(r), ["same"], "reordering local resources is no change");
    assert.deepEqual(writes(), []);

    emulator.clearRequests();
    r = await stack("main", spec({ tags: { team: "platform", env: "prod" } })).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["update"]);
    assert.deepEqual(writes(), ["TagResource"], "tags change through TagResource, with no UpdateMonitor");
    // Beside the user's tags, the ownership tag that lets an interrupted create finish (never in tags or tagsAll).
    assert.deepEqual(emulator.control.getMonitor("e2e")?.tags, { team: "platform", env: "prod", "pulumi-networkflowmonitor:owner": "nfm-e2e/main/m" });

    emulator.clearRequests();
    r = await stack("main", spec({ tags: { team: "platform" } })).up();
    assert.deepEqual(writes(), ["UntagResource"]);

    emulator.clearRequests();
    const withDynamo = { remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }, { type: "AWS::AWSService", identifier: "DynamoDB" }], tags: { team: "platform" } };
    r = await stack("main", spec(withDynamo)).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["update"]);
    assert.deepEqual(writes(), ["UpdateMonitor"]);
    assert.equal(emulator.control.getMonitor("e2e")?.remoteResources.length, 2);

    emulator.clearRequests();
    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed" })).up();
    ok(r);
    assert.ok(monitorOps(r).includes("replace"));
    assert.deepEqual(writes(), ["CreateMonitor", "DeleteMonitor"], "a new name is created before the old monitor is deleted");
    assert.equal(emulator.control.getMonitor("e2e"), undefined);

    emulator.clearRequests();
    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed", scopeArn: scopes[1] })).up();
    ok(r);
    assert.ok(monitorOps(r).includes("replace"));
    assert.deepEqual(writes(), ["DeleteMonitor", "CreateMonitor"], "the same name in another scope is deleted first");
    assert.equal(emulator.control.getMonitor("e2e-renamed")?.scopeArn, scopes[1]);

    emulator.control.setMonitorTags("e2e-renamed", { team: "someone-else" });
    emulator.clearRequests();
    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed", scopeArn: scopes[1] })).refresh();
    ok(r);
    assert.deepEqual(calls(), ["GetMonitor", "GetMonitor"], "refresh reads each monitor twice: its preview pass and its update pass");
    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed", scopeArn: scopes[1] })).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["update"]);
    assert.deepEqual(emulator.control.getMonitor("e2e-renamed")?.tags, { team: "platform" }, "the next up puts the tags back");

    emulator.control.deleteMonitor("e2e-renamed");
    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed", scopeArn: scopes[1] })).refresh();
    ok(r);
    assert.equal(engines[engines.length - 1].readState().resources.some((res) => res.name === "m"), false, "refresh drops a monitor deleted out of band");

    r = await stack("main", spec({ ...withDynamo, monitorName: "e2e-renamed", scopeArn: scopes[1] })).up();
    ok(r);
    assert.deepEqual(monitorOps(r), ["create"]);
    stateHasNoCanary(engines[engines.length - 1]);

    r = await stack("main", spec()).destroy();
    ok(r);
    assert.deepEqual(emulator.control.snapshot().monitors, [], "destroy leaves the service empty");
  });

  it("fails at check, naming the property, before any call to the service", async () => {
    emulator.clearRequests();
    const bad = spec({ monitorName: "bad name!", localResources: [{ type: "AWS::EC2::VPC", identifier: "vpc-123" }] });
    const r = await stack("invalid", bad).up();
    assert.equal(r.ok, false);
    const props = r.failures.map((f) => f.property);
    assert.ok(props.includes("monitorName"), JSON.stringify(r.failures));
    assert.ok(props.includes("localResources[0].identifier"), JSON.stringify(r.failures));
    assert.match(r.failures.find((f) => f.property === "monitorName")!.reason, /letter, digit/);
    assert.deepEqual(calls(), [], "the emulator saw no call");
  });

  it("keeps a monitor that ends in ERROR in state with a clear message, and destroy removes it", async () => {
    emulator.control.setFaults({ errorMonitors: ["e2e-broken"] });
    const engine = stack("broken", spec({ monitorName: "e2e-broken" }));
    const r = await engine.up();
    assert.equal(r.ok, false);
    assert.match(r.planText, /ERROR/);
    const inState = engine.readState().resources.find((res) => res.name === "m");
    assert.equal(inState?.status, "failed-init");
    assert.equal(inState?.id, "e2e-broken");
    assert.ok(emulator.control.getMonitor("e2e-broken"));
    const d = await stack("broken", spec({ monitorName: "e2e-broken" })).destroy();
    ok(d);
    assert.equal(emulator.control.getMonitor("e2e-broken"), undefined);
    emulator.control.setFaults({ errorMonitors: [] });
  });
});
