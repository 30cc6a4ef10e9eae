// The Monitor provider's methods against the local emulator, with one virtual clock shared by
// the provider's waiter and the emulator's lifecycle, so waiting costs no real time.
import * as assert from "node:assert/strict";
import { CreateMonitorCommand, CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import * as provider from "../../provider/monitor/provider";
import type { MonitorInputs, MonitorOutputs } from "../../provider/monitor/types";
import { realClock } from "../../provider/wait";
import { startEmulator, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
let SCOPE = "";
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
const SUBNET = `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0123456789abcdef0`;
const WRITES = new Set(["CreateMonitor", "UpdateMonitor", "DeleteMonitor", "TagResource", "UntagResource"]);

describe("Monitor provider against the emulator", function () {
  this.timeout(60_000); // the SDK's retry backoff runs on real time
  let emulator: RunningEmulator;
  let now = Date.now();
  const progress: string[] = [];
  const savedEnv = { ...process.env };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    delete process.env.AWS_PROFILE;
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 5_000, deleteAfterMs: 3_000, clock: () => now });
    provider.setClockForTesting({ now: () => now, sleep: async (ms) => { now += ms; }, random: () => 0 }, (m) => progress.push(m));
    await provider.configure({
      config: { get: (k: string) => ({ "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint } as Record<string, string>)[k] },
    } as any);
  });

  after(async () => {
    provider.setClockForTesting(realClock);
    await emulator.stop();
    process.env = savedEnv;
  });

  beforeEach(async () => {
    emulator.control.reset();
    emulator.control.setFaults({ throttleEvery: 0, errorEvery: 0, throttleRate: 0, errorRate: 0, errorMonitors: [] });
    // A monitor needs the account's scope in its Region.
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
    const scope = await api.send(new CreateScopeCommand({
      targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
    }));
    SCOPE = scope.scopeArn;
    emulator.control.setScopeStatus(scope.scopeId, "SUCCEEDED");
    emulator.clearRequests();
  });

  const ops = () => emulator.requests().map((r) => r.operation);
  const count = (op: string) => ops().filter((o) => o === op).length;
  const writes = () => ops().filter((o) => o !== null && WRITES.has(o));

  async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<MonitorInputs & { __provider: string }> {
    const result = await provider.check(olds, news);
    assert.deepEqual(result.failures, []);
    return { ...(result.inputs as MonitorInputs), __provider: "provider-code" };
  }

  const program = (extra: Record<string, unknown> = {}) => ({
    monitorName: "web",
    localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }],
    remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
    scopeArn: SCOPE,
    tags: { team: "net" },
    ...extra,
  });

  it("creates, waits for ACTIVE, reads, updates in place and deletes", async () => {
    const inputs = await checked(program());
    const created = await provider.create(inputs);
    assert.equal(created.id, "web");
    const outs = created.outs as MonitorOutputs;
    assert.equal(outs.monitorStatus, "ACTIVE");
    assert.equal(outs.monitorArn, `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:monitor/web`);
    assert.equal(count("CreateMonitor"), 1);
    assert.ok(count("GetMonitor") >= 1 && count("GetMonitor") <= 6, `GetMonitor calls: ${count("GetMonitor")}`);
    assert.ok(progress.includes("monitor web: PENDING, 1 s") && progress.includes("monitor web: ACTIVE, 5 s"), progress.join("\n"));

    const read = await provider.read("web", outs as any);
    assert.equal(read.id, "web");
    assert.equal((read.props as MonitorOutputs).scopeArn, SCOPE, "scopeArn kept from state (GetMonitor does not return it)");
    assert.deepEqual((read.props as MonitorOutputs).localResources, outs.localResources);

    emulator.clearRequests();
    const news = await checked(program({ remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }, { type: "AWS::AWSService", identifier: "DynamoDB" }] }));
    assert.equal((await provider.diff("web", outs as any, news as any)).changes, true);
    const updated = (await provider.update("web", outs, news)).outs as MonitorOutputs;
    assert.deepEqual(writes(), ["UpdateMonitor"]);
    const body = emulator.requests().find((r) => r.operation === "UpdateMonitor")!.requestBody as any;
    assert.deepEqual(body.remoteResourcesToAdd, [{ type: "AWS::AWSService", identifier: "DynamoDB" }]);
    assert.deepEqual([body.localResourcesToAdd ?? [], body.localResourcesToRemove ?? [], body.remoteResourcesToRemove ?? []], [[], [], []],
      "only the added remote resource is sent");
    assert.equal(updated.monitorStatus, "ACTIVE");
    assert.equal(emulator.control.getMonitor("web")?.remoteResources.length, 2);

    emulator.clearRequests();
    await provider.delete("web", updated);
    assert.deepEqual(writes(), ["DeleteMonitor"]);
    assert.equal(emulator.control.getMonitor("web"), undefined, "delete waits until the monitor is gone");
  });

  it("changes tags with TagResource/UntagResource only, and a no-op update writes nothing", async () => {
    const outs = (await provider.create(await checked(program({ tags: { team: "net", env: "dev" } })))).outs as MonitorOutputs;
    emulator.clearRequests();
    const news = await checked(program({ tags: { team: "platform" } }));
    const d = await provider.diff("web", outs as any, news as any);
    assert.deepEqual([d.changes, d.replaces], [true, []]);
    const updated = (await provider.update("web", outs, news)).outs as MonitorOutputs;
    assert.deepEqual(writes(), ["TagResource", "UntagResource"]);
    assert.equal(count("UpdateMonitor"), 0);
    assert.deepEqual(emulator.control.getMonitor("web")?.tags, { team: "platform" });

    emulator.clearRequests();
    const same = await checked(program({ tags: { team: "platform" } }));
    assert.equal((await provider.diff("web", updated as any, same as any)).changes, false);
    await provider.update("web", updated, same);
    assert.deepEqual(writes(), []);
  });

  it("an input the program drops (timeouts) leaves the state on an update that calls nothing, so the next diff is still", async () => {
    const outs = (await provider.create(await checked(program({ timeouts: { create: "30m" } })))).outs as MonitorOutputs;
    const news = await checked(program());
    assert.equal((await provider.diff("web", outs as any, news as any)).changes, true);
    emulator.clearRequests();
    const updated = (await provider.update("web", outs, news)).outs as MonitorOutputs;
    assert.deepEqual(writes(), []);
    assert.equal(updated.timeouts, undefined, "the dropped timeouts are not stored again");
    assert.equal((await provider.diff("web", updated as any, news as any)).changes, false);
  });

  it("records the monitor when it ends in ERROR: the error carries id, properties and __provider", async () => {
    emulator.control.setFaults({ errorMonitors: ["broken"] });
    const inputs = await checked(program({ monitorName: "broken" }));
    const err: any = await provider.create(inputs).then(() => assert.fail("create must fail"), (e) => e);
    assert.match(err.message, /ERROR/);
    assert.equal(err.id, "broken");
    assert.equal(err.properties.monitorStatus, "ERROR");
    assert.equal(err.properties.monitorArn, `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:monitor/broken`);
    assert.equal(err.properties.__provider, "provider-code");
    await provider.delete("broken", err.properties);
    assert.equal(emulator.control.getMonitor("broken"), undefined);
  });

  it("times out after timeouts.create with the monitor kept in state", async () => {
    const inputs = await checked(program({ monitorName: "slow", timeouts: { create: "2s" } }));
    const err: any = await provider.create(inputs).then(() => assert.fail("create must time out"), (e) => e);
    assert.match(err.message, /slow/);
    assert.match(err.message, /PENDING/);
    assert.equal(err.id, "slow");
    assert.equal(err.properties.monitorStatus, "PENDING");
    assert.ok(emulator.control.getMonitor("slow"), "the monitor exists");
  });

  it("a monitor left PENDING is an update that waits for ACTIVE; one that turns ERROR meanwhile is recorded as ERROR", async () => {
    const inputs = await checked(program({ monitorName: "slow", timeouts: { create: "2s" } }));
    const err: any = await provider.create(inputs).then(() => assert.fail("create must time out"), (e) => e);
    const stored = err.properties as MonitorOutputs;
    const news = await checked(program({ monitorName: "slow" }));
    const d = await provider.diff("slow", stored as any, news as any);
    assert.deepEqual([d.changes, d.replaces], [true, []], "PENDING in state is never a same step");
    emulator.clearRequests();
    const updated = (await provider.update("slow", stored, news)).outs as MonitorOutputs;
    assert.equal(updated.monitorStatus, "ACTIVE");
    assert.deepEqual(writes(), [], "waiting needs no write");

    const again = (err.properties as MonitorOutputs);
    emulator.control.setMonitorStatus("slow", "PENDING");
    emulator.control.setFaults({ errorMonitors: ["slow"] });
    emulator.control.setMonitorStatus("slow", "ERROR");
    const failed: any = await provider.update("slow", again, news).then(() => assert.fail("update must fail"), (e) => e);
    assert.match(failed.message, /ERROR/);
    assert.equal(failed.id, "slow", "a partial failure, so Pulumi stores the status the wait saw");
    assert.equal(failed.properties.monitorStatus, "ERROR");
    assert.equal(failed.properties.__provider, "provider-code");
  });

  it("a monitor in ERROR is replaced (deleting first), and the replacement is ACTIVE once the cause is gone", async () => {
    emulator.control.setFaults({ errorMonitors: ["broken"] });
    const inputs = await checked(program({ monitorName: "broken" }));
    const err: any = await provider.create(inputs).then(() => assert.fail("create must fail"), (e) => e);
    const stored = err.properties as MonitorOutputs;
    const d = await provider.diff("broken", stored as any, inputs as any);
    assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["monitorStatus"], true]);
    // The cause is gone; Pulumi deletes the old monitor, then creates the new one.
    emulator.control.setFaults({ errorMonitors: [] });
    await provider.delete("broken", stored);
    const created = (await provider.create(inputs)).outs as MonitorOutputs;
    assert.equal(created.monitorStatus, "ACTIVE");
    assert.equal((await provider.diff("broken", created as any, inputs as any)).changes, false);
  });

  it("survives throttling and 5xx bursts without creating a second monitor", async () => {
    emulator.control.setFaults({ throttleEvery: 2, errorEvery: 5 });
    const outs = (await provider.create(await checked(program({ monitorName: "bursty" })))).outs as MonitorOutputs;
    assert.equal(outs.monitorStatus, "ACTIVE");
    const faulted = emulator.requests().filter((r) => r.errorName === "ThrottlingException" || r.errorName === "InternalServerException");
    assert.ok(faulted.length >= 2, "requests were throttled and failed along the way");
    const creates = emulator.requests().filter((r) => r.operation === "CreateMonitor");
    assert.equal(new Set(creates.map((r) => (r.requestBody as any).clientToken)).size, 1, "retries reuse one client token");
    assert.deepEqual(emulator.control.snapshot().monitors.map((m) => m.name), ["bursty"]);
  });

  it("explains how to adopt a monitor whose name is taken, and adoptExisting takes it over", async () => {
    await provider.create(await checked(program({ monitorName: "taken", tags: { owner: "console" } })));
    const err: any = await provider.create(await checked(program({ monitorName: "taken" }))).then(() => assert.fail("must conflict"), (e) => e);
    assert.match(err.message, /already exists/);
    assert.match(err.message, /adoptExisting: true/);
    assert.equal(err.id, undefined, "nothing new was created, so nothing is recorded");

    emulator.clearRequests();
    const adopted = await provider.create(await checked(program({ monitorName: "taken", adoptExisting: true, remoteResources: [] })));
    assert.equal(adopted.id, "taken");
    assert.deepEqual(writes(), ["CreateMonitor", "UpdateMonitor", "TagResource", "UntagResource"]);
    const record = emulator.control.getMonitor("taken");
    assert.deepEqual([record?.remoteResources, record?.tags], [[], { team: "net" }]);
    assert.equal((adopted.outs as MonitorOutputs).monitorStatus, "ACTIVE");
  });

  it("sees out-of-band deletes and tag drift on read, and the next update puts the tags back", async () => {
    const outs = (await provider.create(await checked(program()))).outs as MonitorOutputs;
    emulator.control.setMonitorTags("web", { team: "someone-else", extra: "x" });
    const read = await provider.read("web", outs as any);
    const drifted = read.props as MonitorOutputs;
    assert.deepEqual(drifted.tagsAll, { team: "someone-else", extra: "x" });
    assert.deepEqual((read.inputs as any).tags, { team: "someone-else", extra: "x" });

    emulator.clearRequests();
    const news = await checked(program());
    assert.equal((await provider.diff("web", drifted as any, news as any)).changes, true);
    await provider.update("web", drifted, news);
    assert.deepEqual(emulator.control.getMonitor("web")?.tags, { team: "net" });
    assert.equal(count("UpdateMonitor"), 0);

    emulator.control.deleteMonitor("web");
    assert.deepEqual(await provider.read("web", outs as any), { id: "" });
  });

  it("a read without state (Monitor.get) of a monitor that does not exist fails naming the monitor and the Region", async () => {
    // What the host passes for a get: the program's inputs, no outputs.
    const err: any = await provider.read("nope", { __provider: "provider-code", __naming: { resourceName: "n", project: "p", stack: "s" } })
      .then(() => assert.fail("read must fail"), (e) => e);
    assert.match(err.message, /monitor "nope"/);
    assert.match(err.message, new RegExp(REGION));
    // A refresh of a managed monitor that is gone is still "gone", so Pulumi drops it from state.
    const outs = (await provider.create(await checked(program({ monitorName: "gone" })))).outs as MonitorOutputs;
    emulator.control.deleteMonitor("gone");
    assert.deepEqual(await provider.read("gone", outs as any), { id: "" });
  });

  describe("an interrupted up (killed after CreateMonitor returned, before Pulumi wrote its state)", () => {
    const naming = { resourceName: "web", project: "shop", stack: "dev" };
    const OWNER_TAG = "pulumi-networkflowmonitor:owner";

    it("the next create finishes the monitor this resource made: one monitor, ACTIVE, no adoptExisting", async () => {
      const inputs = await checked(program({ monitorName: "resumed", __naming: naming }));
      // The first run: CreateMonitor returned, then the process died while waiting (its result never stored).
      await provider.create({ ...inputs, timeouts: { create: "1s" } }).catch(() => undefined);
      assert.equal(emulator.control.getMonitor("resumed")?.status, "PENDING");
      assert.equal(emulator.control.getMonitor("resumed")?.tags[OWNER_TAG], "shop/dev/web");
      emulator.clearRequests();
      const created = await provider.create(await checked(program({ monitorName: "resumed", __naming: naming, tags: { team: "new" } })));
      const outs = created.outs as MonitorOutputs;
      assert.equal(created.id, "resumed");
      assert.equal(outs.monitorStatus, "ACTIVE");
      assert.deepEqual(emulator.control.snapshot().monitors.map((m) => m.name), ["resumed"]);
      assert.deepEqual(writes(), ["CreateMonitor", "TagResource"], "one refused create, then only the tag that changed");
      // The ownership tag is the provider's: not in tags or tagsAll, not removed by updates, not in a refresh's diff.
      assert.deepEqual([outs.tags, outs.tagsAll], [{ team: "new" }, { team: "new" }]);
      assert.equal(emulator.control.getMonitor("resumed")?.tags[OWNER_TAG], "shop/dev/web");
      const read = await provider.read("resumed", outs as any);
      assert.deepEqual([(read.props as MonitorOutputs).tagsAll, (read.inputs as any).tags], [{ team: "new" }, { team: "new" }]);
      const updated = await provider.update("resumed", outs, await checked(program({ monitorName: "resumed", __naming: naming, tags: {} })));
      assert.deepEqual((updated.outs as MonitorOutputs).tagsAll, {});
      assert.deepEqual(emulator.control.getMonitor("resumed")?.tags, { [OWNER_TAG]: "shop/dev/web" });
    });

    it("never takes over a monitor this resource did not make (no tag, or another resource's)", async () => {
      const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
      await api.send(new CreateMonitorCommand({ monitorName: "console", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], scopeArn: SCOPE }));
      await api.send(new CreateMonitorCommand({
        monitorName: "other", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], scopeArn: SCOPE, tags: { [OWNER_TAG]: "shop/prod/web" },
      }));
      emulator.clearRequests();
      for (const monitorName of ["console", "other"]) {
        const err: any = await provider.create(await checked(program({ monitorName, __naming: naming }))).then(() => assert.fail("must conflict"), (e) => e);
        assert.match(err.message, /already exists/);
        assert.match(err.message, /adoptExisting: true/);
      }
      assert.deepEqual(writes(), ["CreateMonitor", "CreateMonitor"], "nothing was changed on either monitor");
    });

    it("counts the ownership tag against the 200-tag limit, and reserves its key", async () => {
      const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
      const over = await provider.check({}, program({ __naming: naming, tags: tags(200) }));
      assert.match(JSON.stringify(over.failures), /200/);
      assert.deepEqual((await provider.check({}, program({ __naming: naming, tags: tags(199) }))).failures, []);
      const reserved = await provider.check({}, program({ __naming: naming, tags: { [OWNER_TAG]: "x" } }));
      assert.match(JSON.stringify(reserved.failures), /reserved/);
    });
  });

  it("waits out a PENDING monitor's conflict on delete, and treats an already deleted monitor as success", async () => {
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
    await api.send(new CreateMonitorCommand({ monitorName: "fresh", localResources: [{ type: "AWS::EC2::Subnet", identifier: SUBNET }], scopeArn: SCOPE }));
    assert.equal(emulator.control.getMonitor("fresh")?.status, "PENDING");
    const outs = { monitorName: "fresh", region: REGION } as MonitorOutputs;
    await provider.delete("fresh", outs);
    assert.ok(emulator.requests().some((r) => r.operation === "DeleteMonitor" && r.errorName === "ConflictException"));
    assert.equal(emulator.control.getMonitor("fresh"), undefined);
    await provider.delete("fresh", outs);
  });
});
