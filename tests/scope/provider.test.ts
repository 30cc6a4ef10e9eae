// The Scope provider's methods against the local emulator on one virtual clock (provider waiter and emulator
// lifecycle), so waiting costs no real time. The default target comes from the emulator's STS.
import * as assert from "node:assert/strict";
import { CreateMonitorCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { resetCallerIdentityClients } from "../../provider/scope/callerAccount";
import * as provider from "../../provider/scope/provider";
import type { ScopeInputs, ScopeOutputs } from "../../provider/scope/types";
import { realClock } from "../../provider/wait";
import { startEmulator, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "210987654321";

describe("Scope provider against the emulator", function () {
  let emulator: RunningEmulator;
  let now = Date.now();
  let onSleep: (() => void) | undefined;
  const progress: string[] = [];
  const savedEnv = { ...process.env };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    delete process.env.AWS_PROFILE;
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 5_000, deleteAfterMs: 3_000, clock: () => now });
    // STS is reached the way users reach it: AWS_ENDPOINT_URL, here the emulator.
    process.env.AWS_ENDPOINT_URL = emulator.endpoint;
    resetCallerIdentityClients();
    provider.setClockForTesting({ now: () => now, sleep: async (ms) => { now += ms; onSleep?.(); }, random: () => 0 }, (m) => progress.push(m));
    await provider.configure({
      config: { get: (k: string) => ({ "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint } as Record<string, string>)[k] },
    } as any);
  });

  after(async () => {
    provider.setClockForTesting(realClock);
    await emulator.stop();
    process.env = savedEnv;
    resetCallerIdentityClients();
  });

  beforeEach(() => {
    emulator.control.reset();
    onSleep = undefined;
  });

  const ops = () => emulator.requests().map((r) => r.operation);
  const count = (op: string) => ops().filter((o) => o === op).length;

  async function checked(news: Record<string, unknown>): Promise<ScopeInputs & { __provider: string }> {
    const result = await provider.check({}, news);
    assert.deepEqual(result.failures, []);
    return { ...(result.inputs as ScopeInputs), __provider: "provider-code" };
  }

  it("creates with this account (from STS) as the default target, waits for SUCCEEDED, reads, updates in place and deletes", async () => {
    const inputs = await checked({ tags: { team: "net" } });
    assert.deepEqual(inputs.targets, [{ accountId: ACCOUNT, region: REGION }]);
    assert.equal(count("sts:GetCallerIdentity"), 1);
    const created = await provider.create(inputs);
    const outs = created.outs as ScopeOutputs;
    assert.equal(outs.status, "SUCCEEDED");
    assert.equal(outs.scopeArn, `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:scope/${created.id}`);
    assert.equal(outs.scopeId, created.id);
    assert.ok(progress.some((m) => m.startsWith(`scope ${created.id}: SUCCEEDED`)));

    const read = await provider.read(created.id, outs as unknown as Record<string, unknown>);
    const { __provider: _p, ...withoutProvider } = outs as ScopeOutputs & { __provider?: string };
    assert.deepEqual(read.props, withoutProvider);

    emulator.clearRequests();
    const news = await checked({ targets: [{ accountId: ACCOUNT, region: REGION }, { accountId: ACCOUNT, region: "eu-west-1" }], tags: { team: "core" } });
    const updated = await provider.update(created.id, outs, news);
    assert.equal((updated.outs as ScopeOutputs).status, "SUCCEEDED");
    const update = emulator.requests().find((r) => r.operation === "UpdateScope");
    assert.deepEqual(update?.requestBody, {
      resourcesToAdd: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: "eu-west-1" }],
    });
    assert.equal(count("TagResource"), 1);
    assert.equal(count("UntagResource"), 0);
    assert.deepEqual(emulator.control.getScope(created.id)?.tags, { team: "core" });

    await provider.delete(created.id, updated.outs as ScopeOutputs);
    assert.equal(emulator.control.getScope(created.id), undefined);
  });

  it("a scope that ends FAILED is a partial failure that keeps the scope in state", async () => {
    const inputs = await checked({ targets: [{ accountId: ACCOUNT, region: REGION }] });
    onSleep = () => {
      const s = emulator.control.snapshot().scopes[0];
      if (s && s.status === "IN_PROGRESS") emulator.control.setScopeStatus(s.scopeId, "FAILED");
    };
    const err = await provider.create(inputs).then(() => undefined, (e: unknown) => e as Error & { id: string; properties: Record<string, unknown>; reasons: string[] });
    assert.ok(err, "create must fail");
    assert.match(err.message, /scope .* failed to reach SUCCEEDED: it is in status FAILED/);
    assert.equal(err.properties.status, "FAILED");
    assert.equal(err.properties.__provider, "provider-code");
    assert.ok(emulator.control.getScope(err.id), "the scope exists and its id is reported");
  });

  it("an interrupted up: the next create finishes the scope this resource made (the one-scope quota is no obstacle), never another's", async () => {
    const naming = { resourceName: "shared", project: "net", stack: "dev" };
    // The first run: CreateScope returned, then the process died while waiting.
    await provider.create({ ...(await checked({ __naming: naming })), timeouts: { create: "1s" } }).catch(() => undefined);
    assert.equal(emulator.control.snapshot().scopes.length, 1);
    const resumed = await provider.create(await checked({ __naming: naming, tags: { team: "net" } }));
    assert.equal(emulator.control.snapshot().scopes.length, 1);
    assert.equal(resumed.id, emulator.control.snapshot().scopes[0].scopeId);
    assert.equal((resumed.outs as ScopeOutputs).status, "SUCCEEDED");
    assert.deepEqual((resumed.outs as ScopeOutputs).tagsAll, { team: "net" }, "the ownership tag stays out of tagsAll");
    // Another stack's resource of the same kind gets the quota message, not this scope.
    const err = await provider.create(await checked({ __naming: { ...naming, stack: "prod" } })).then(() => undefined, (e: Error) => e);
    assert.match(String(err?.message), /already has a Network Flow Monitor scope/);
  });

  it("a second scope in the Region fails with a message naming the existing scope and pointing to getScope", async () => {
    const first = await provider.create(await checked({}));
    const err = await provider.create(await checked({})).then(() => undefined, (e: Error) => e);
    assert.ok(err);
    assert.match(err.message, /the account already has a Network Flow Monitor scope in us-east-1/);
    assert.match(err.message, /getScope\(\{ region: "us-east-1" \}\)/);
    assert.ok(err.message.includes(`(${first.id})`), err.message);
    assert.doesNotMatch(err.message, /import/, "Pulumi's import option cannot adopt dynamic resources");
  });

  it("deleting a scope that monitors use says which monitors to delete first", async () => {
    const created = await provider.create(await checked({}));
    const outs = created.outs as ScopeOutputs;
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
    await api.send(new CreateMonitorCommand({ monitorName: "web", scopeArn: outs.scopeArn, localResources: [{ type: "AWS::Region", identifier: REGION }] }));
    const err = await provider.delete(created.id, outs).then(() => undefined, (e: Error) => e);
    assert.ok(err);
    assert.match(err.message, new RegExp(`scope ${created.id} in us-east-1 is still used by monitor\\(s\\) web .*Delete monitor\\(s\\) web first`));
    assert.ok(emulator.control.getScope(created.id));
  });

  it("a read without state of a scope that does not exist fails naming the scope and the Region", async () => {
    const err: any = await provider.read("no-such-scope", { __provider: "x" }).then(() => assert.fail("read must fail"), (e) => e);
    assert.match(err.message, /scope "no-such-scope"/);
    assert.match(err.message, /us-east-1/);
  });

  it("read reports a scope deleted out of band as gone", async () => {
    const created = await provider.create(await checked({}));
    emulator.control.deleteScope(created.id);
    assert.deepEqual(await provider.read(created.id, created.outs as Record<string, unknown>), { id: "" });
  });
});
