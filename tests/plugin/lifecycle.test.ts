// The provider plugin, driven over gRPC as Pulumi's engine drives it: Scope and Monitor create, refresh, update,
// replace decisions, statuses, secrets and deletes (each waiting for the service), import, getScope, and what
// the state holds. Against the emulator, in real time (a settle takes about a second of polling).
import { strict as assert } from "node:assert";
import type { ProviderCallError, ProviderHost } from "../../testing/engine/host";
import { startEmulator, type RunningEmulator } from "../../testing";
import { ACCOUNT, configuredPlugin, MONITOR, pluginEnv, REGION, SCOPE, secret, startPluginEmulator, urnOf, vpc } from "./helpers";

type Props = Record<string, unknown>;

const SIG = "4dabf18193072939515e22adb298388d";
const isSecret = (v: unknown) => v !== null && typeof v === "object" && (v as Props)[SIG] !== undefined;

/** What a resource's state must never hold: the dynamic provider's code or settings, or credentials. */
function assertCleanState(state: Props): void {
  const text = JSON.stringify(state);
  for (const forbidden of ["__provider", "__awsProvider", "AKIDTEST", "test-secret", "plugin-secret-key", "require("]) {
    assert.ok(!text.includes(forbidden), `state holds ${forbidden}: ${text}`);
  }
}

describe("provider plugin: lifecycle over gRPC", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let plugin: ProviderHost;

  before(async () => {
    emulator = await startPluginEmulator();
    // Stack config as the engine sends it to a default provider: the plugin's own keys, strings, secrets marked.
    plugin = await configuredPlugin(
      { region: REGION, endpoint: emulator.endpoint, accessKey: "AKIDPLUGIN", secretKey: secret("plugin-secret-key") },
      pluginEnv({ AWS_ENDPOINT_URL_STS: emulator.endpoint }),
    );
  });
  after(async () => {
    await plugin?.stop();
    await emulator?.stop();
  });

  it("creates, refreshes, updates and deletes a scope and a monitor, waiting for each, with secrets kept and nothing of the dynamic provider in state", async () => {
    // Scope: the default target is this account (STS), in the provider's Region.
    const scopeUrn = urnOf(SCOPE, "scope");
    const scopeChecked = await plugin.check(scopeUrn, {}, {});
    assert.deepEqual(scopeChecked.failures, []);
    assert.deepEqual(scopeChecked.inputs.targets, [{ accountId: ACCOUNT, region: REGION }]);
    assert.equal(scopeChecked.inputs.region, REGION);
    const scope = await plugin.create(scopeUrn, scopeChecked.inputs);
    assert.equal(scope.properties.status, "SUCCEEDED", "create waits for the scope to succeed");
    assertCleanState(scope.properties);
    const scopeArn = scope.properties.scopeArn as string;

    // Monitor with a secret tag: secret in the inputs, in tags and in tagsAll (computed from it).
    const urn = urnOf(MONITOR, "web");
    const news = { monitorName: "web", scopeArn, localResources: [{ type: "AWS::EC2::VPC", identifier: vpc() }], tags: { team: "net", owner: secret("alice") } };
    const checked = await plugin.check(urn, {}, news);
    assert.deepEqual(checked.failures, []);
    assert.ok(isSecret((checked.inputs.tags as Props).owner), "a secret tag stays secret in the checked inputs");
    assert.ok(isSecret((checked.inputs.tagsAll as Props).owner), "and in tagsAll");
    assert.equal((checked.inputs.tagsAll as Props).team, "net");

    assert.equal(emulator.control.getMonitor("web"), undefined);
    const created = await plugin.create(urn, checked.inputs);
    assert.equal(created.id, "web");
    assert.equal(created.properties.monitorStatus, "ACTIVE", "create waits for ACTIVE");
    assert.match(String(created.properties.monitorArn), /^arn:aws:networkflowmonitor:us-east-1:123456789012:monitor\/web$/);
    assert.ok(isSecret((created.properties.tags as Props).owner) && isSecret((created.properties.tagsAll as Props).owner), "secret tags stay secret in outputs");
    assert.equal(emulator.control.getMonitor("web")?.tags?.owner, "alice", "AWS gets the value");
    assertCleanState(created.properties);
    assertCleanState(checked.inputs);

    // Refresh: the monitor as it is, the same state.
    const refreshed = await plugin.read(urn, "web", created.properties, checked.inputs);
    assert.equal(refreshed.id, "web");
    assert.equal(refreshed.properties.monitorStatus, "ACTIVE");
    assert.ok(isSecret((refreshed.properties.tags as Props).owner), "a refresh keeps secrets secret");

    // Unchanged inputs: no change. A new monitorName: replace. More resources: an update in place.
    assert.equal((await plugin.diff(urn, "web", created.properties, checked.inputs)).changes, "none");
    const renamed = await plugin.check(urn, checked.inputs, { ...news, monitorName: "web2" });
    const replace = await plugin.diff(urn, "web", created.properties, renamed.inputs);
    assert.equal(replace.changes, "some");
    assert.deepEqual(replace.replaces, ["monitorName"]);
    const grown = await plugin.check(urn, checked.inputs, { ...news, remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }] });
    const inPlace = await plugin.diff(urn, "web", created.properties, grown.inputs);
    assert.deepEqual([inPlace.changes, inPlace.replaces], ["some", []]);
    const updated = await plugin.update(urn, "web", created.properties, grown.inputs, checked.inputs);
    assert.equal(updated.properties.monitorStatus, "ACTIVE", "update waits for ACTIVE");
    assert.deepEqual(emulator.control.getMonitor("web")?.remoteResources, [{ type: "AWS::AWSService", identifier: "S3" }]);
    assertCleanState(updated.properties);

    // A monitor in ERROR in state: the next diff replaces it (the status rule of the core).
    const erred = await plugin.diff(urn, "web", { ...updated.properties, monitorStatus: "ERROR" }, grown.inputs);
    assert.equal(erred.changes, "some");
    assert.ok(erred.replaces.length > 0, JSON.stringify(erred));

    // Deletes return once the object is gone.
    await plugin.delete(urn, "web", updated.properties);
    assert.equal(emulator.control.getMonitor("web"), undefined, "delete waited until the monitor was gone");
    await plugin.delete(scopeUrn, scope.id, scope.properties);
    assert.equal(emulator.control.getScope(scope.id), undefined, "delete waited until the scope was gone");
  });

  it("a secret tag an update put in AWS but not in the state (the engine died) comes back secret from the next refresh", async () => {
    const scopeUrn = urnOf(SCOPE, "cut-scope");
    const scope = await plugin.create(scopeUrn, (await plugin.check(scopeUrn, {}, {})).inputs);
    const urn = urnOf(MONITOR, "cut");
    const base = { monitorName: "cut", scopeArn: scope.properties.scopeArn, localResources: [{ type: "AWS::EC2::VPC", identifier: vpc() }] };
    const first = await plugin.check(urn, {}, { ...base, tags: { team: "net" } });
    const created = await plugin.create(urn, first.inputs);
    const next = await plugin.check(urn, first.inputs, { ...base, tags: { team: "net", pin: secret("s3cr3t-pin") } });
    await plugin.update(urn, "cut", created.properties, next.inputs, first.inputs);
    assert.equal(emulator.control.getMonitor("cut")?.tags?.pin, "s3cr3t-pin");
    // The refresh starts from the state before that update: no pin there.
    const refreshed = await plugin.read(urn, "cut", created.properties, first.inputs);
    for (const [what, props] of [["properties", refreshed.properties], ["inputs", refreshed.inputs!]] as const) {
      assert.ok(isSecret((props.tags as Props).pin), `tags.pin is secret in the refreshed ${what}`);
    }
    assert.ok(isSecret((refreshed.properties.tagsAll as Props).pin), "and in tagsAll");
    assert.equal((refreshed.properties.tags as Props).team, "net", "other tags stay plain");
    await plugin.delete(urn, "cut", refreshed.properties);
    await plugin.delete(scopeUrn, scope.id, scope.properties);
  });

  it("imports a monitor and a scope: Read by id returns inputs that pass Check unchanged and Diff to no change", async () => {
    const scopeUrn = urnOf(SCOPE, "s");
    const scope = await plugin.create(scopeUrn, (await plugin.check(scopeUrn, {}, {})).inputs);
    const m = await plugin.check(urnOf(MONITOR, "seed"), {}, {
      monitorName: "imported", scopeArn: scope.properties.scopeArn, localResources: [{ type: "AWS::EC2::VPC", identifier: vpc() }],
      remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }], tags: { team: "net" },
    });
    await plugin.create(urnOf(MONITOR, "seed"), m.inputs);

    for (const [type, name, id] of [[MONITOR, "web", "imported"], [SCOPE, "s", scope.id]] as const) {
      const urn = urnOf(type, name);
      // What `pulumi import` sends: the URN and the id, no state.
      const read = await plugin.read(urn, id, {});
      assert.equal(read.id, id);
      assert.ok(read.inputs, `${type}: Read returns inputs`);
      assert.equal(read.inputs!.region, REGION);
      if (type === MONITOR) assert.equal(read.inputs!.scopeArn, scope.properties.scopeArn, "scopeArn from the account's scope");
      const checked = await plugin.check(urn, {}, read.inputs!);
      assert.deepEqual(checked.failures, [], `${type}: imported inputs pass Check`);
      assert.deepEqual(checked.inputs, { ...read.inputs, tagsAll: checked.inputs.tagsAll }, `${type}: Check leaves them unchanged`);
      const d = await plugin.diff(urn, id, read.properties, checked.inputs);
      assert.equal(d.changes, "none", `${type}: and the next up shows no change`);
      assertCleanState(read.properties);
    }
    await plugin.delete(urnOf(MONITOR, "seed"), "imported", m.inputs);
    await plugin.delete(scopeUrn, scope.id, scope.properties);
  });

  it("a create that fails waiting is recorded: ErrorResourceInitFailed with the id and the status seen, nothing of the dynamic provider", async () => {
    const slow = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 600_000 });
    const slowPlugin = await configuredPlugin({ region: REGION, endpoint: slow.endpoint, accessKey: "AKIDPLUGIN", secretKey: "plugin-secret-key" }, pluginEnv());
    try {
      const scopeUrn = urnOf(SCOPE, "s");
      const scope = await slowPlugin.create(scopeUrn, (await slowPlugin.check(scopeUrn, {}, { targets: [{ accountId: ACCOUNT, region: REGION }], timeouts: { create: "1s" } })).inputs)
        .then(() => assert.fail("the scope never succeeds: create must fail"), (err: ProviderCallError) => err);
      assert.match(scope.message, /scope .* did not reach SUCCEEDED|timed out|IN_PROGRESS/);
      assert.ok(scope.initFailed, "the failure carries the scope, so the engine records it");
      assert.equal(scope.initFailed.properties.status, "IN_PROGRESS");
      assertCleanState(scope.initFailed.properties);
      assert.ok(slow.control.getScope(scope.initFailed.id));
    } finally {
      await slowPlugin.stop();
      await slow.stop();
    }
  });

  it("answers getScope with the account's scope, and refuses unknown functions", async () => {
    await assert.rejects(plugin.invoke("networkflowmonitor:index:getScope", {}), /no Network Flow Monitor scope in us-east-1/);
    const scopeUrn = urnOf(SCOPE, "s");
    const scope = await plugin.create(scopeUrn, (await plugin.check(scopeUrn, {}, {})).inputs);
    const found = await plugin.invoke("networkflowmonitor:index:getScope", {});
    assert.deepEqual(found, { scopeArn: scope.properties.scopeArn, scopeId: scope.id, status: "SUCCEEDED", region: REGION });
    await assert.rejects(plugin.invoke("networkflowmonitor:index:nope", {}), /unknown function networkflowmonitor:index:nope/);
    await plugin.delete(scopeUrn, scope.id, scope.properties);
  });
});
