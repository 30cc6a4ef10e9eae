// The faults the fuzzer needs beyond throttling and 5xx, seen through the real AWS SDK client: a response lost
// after the service committed (the SDK retries with the same client token: one monitor), reads that miss a
// resource just created (eventual consistency), and a service clock skewed past SigV4's 15 minutes (the SDK
// corrects its clock from the Date header and retries).
import * as assert from "node:assert/strict";
import { CreateMonitorCommand, CreateScopeCommand, GetMonitorCommand, ListMonitorsCommand, NetworkFlowMonitorClient, ResourceNotFoundException, TagResourceCommand } from "../../provider/client";
import { parseCliArgs } from "../../testing/emulator/cliArgs";
import { FaultPolicy } from "../../testing/emulator/faults";
import { startEmulator, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const credentials = { accessKeyId: "AKIDFAULTS", secretAccessKey: "faults-secret" };
const local = [{ type: "AWS::EC2::Subnet" as const, identifier: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-00000000000000001` }];

describe("emulator faults: lost response after commit, eventual consistency, clock skew", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let scopeArn: string;
  const api = (maxAttempts = 3) => new NetworkFlowMonitorClient({ region: REGION, endpoint: emu.endpoint, credentials, maxAttempts });

  before(async () => {
    emu = await startEmulator({ region: REGION, account: ACCOUNT, accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey });
    const c = api();
    scopeArn = (await c.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }))).scopeArn;
    c.destroy();
  });
  after(() => emu?.stop());
  afterEach(() => emu.control.setFaults({ lostResponseEvery: 0, staleReadsAfterCreate: 0, clockSkewMs: 0 }));

  it("loses the response of a committed write; the SDK's retry with the same token gets the monitor, and there is one", async () => {
    emu.control.setFaults({ lostResponseEvery: 1 });
    const c = api(1);
    await assert.rejects(c.send(new CreateMonitorCommand({ monitorName: "lost", localResources: local, scopeArn, clientToken: "11111111-2222-4333-8444-555555555555" })));
    c.destroy();
    assert.equal(emu.control.getMonitor("lost")?.name, "lost", "the create was committed");
    const log = emu.requests().filter((r) => r.operation === "CreateMonitor");
    assert.equal(log.at(-1)?.errorName, "LostResponse");

    emu.control.setFaults({ lostResponseEvery: 2 });
    const retrying = api(3);
    const out = await retrying.send(new CreateMonitorCommand({ monitorName: "lost2", localResources: local, scopeArn, clientToken: "21111111-2222-4333-8444-555555555555" }));
    // Every 2nd write is lost: this create answers, the TagResource after it is committed, lost and retried.
    assert.equal(out.monitorName, "lost2");
    await retrying.send(new TagResourceCommand({ resourceArn: out.monitorArn, tags: { a: "b" } }));
    assert.equal(emu.control.getMonitor("lost2")?.tags.a, "b", "the lost TagResource was committed and retried");
    const monitors = (await retrying.send(new ListMonitorsCommand({}))).monitors ?? [];
    assert.deepEqual(monitors.map((m) => m.monitorName).sort(), ["lost", "lost2"]);
    retrying.destroy();
  });

  it("answers ResourceNotFound to the first reads after a create", async () => {
    emu.control.setFaults({ staleReadsAfterCreate: 2 });
    const c = api(1);
    await c.send(new CreateMonitorCommand({ monitorName: "stale", localResources: local, scopeArn, clientToken: "31111111-2222-4333-8444-555555555555" }));
    await assert.rejects(c.send(new GetMonitorCommand({ monitorName: "stale" })), ResourceNotFoundException);
    await assert.rejects(c.send(new GetMonitorCommand({ monitorName: "stale" })), ResourceNotFoundException);
    assert.equal((await c.send(new GetMonitorCommand({ monitorName: "stale" }))).monitorName, "stale");
    c.destroy();
  });

  it("runs its clock ahead: a request signed on the real clock is refused, and the SDK corrects and retries", async () => {
    emu.control.setFaults({ clockSkewMs: 20 * 60_000 });
    const once = api(1);
    await assert.rejects(once.send(new ListMonitorsCommand({})), /Signature expired/);
    once.destroy();
    const c = api(3);
    assert.ok(Array.isArray((await c.send(new ListMonitorsCommand({}))).monitors));
    c.destroy();
    const denied = emu.requests().filter((r) => r.operation === "ListMonitors" && r.errorName === "AccessDeniedException");
    assert.equal(denied.length, 2);
  });

  it("checks the new fault settings", () => {
    assert.throws(() => new FaultPolicy().update({ lostResponseEvery: -1 }), /lostResponseEvery must be a whole number/);
    assert.throws(() => new FaultPolicy().update({ staleReadsAfterCreate: 1.5 }), /staleReadsAfterCreate/);
    assert.throws(() => new FaultPolicy().update({ clockSkewMs: 0.5 }), /clockSkewMs/);
    assert.deepEqual(parseCliArgs(["--lost-response-every", "2", "--stale-reads-after-create", "3"]), { kind: "run", options: { faults: { lostResponseEvery: 2, staleReadsAfterCreate: 3 } } });
    const p = new FaultPolicy({ lostResponseEvery: 3 });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => p.losesResponse()), [false, false, true, false, false, true]);
  });
});
