// `make sweep` deletes what a failed acceptance run left behind, and only that: objects carrying the
// `acceptance` tag. Held to it against the emulator.
import * as assert from "node:assert/strict";
import { CreateMonitorCommand, CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { sweep, sweepable, type TaggedObject } from "../../acceptance/sweep";
import { startEmulator, type RunningEmulator } from "../../testing/emulator";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";

describe("the acceptance sweeper (make sweep)", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let client: NetworkFlowMonitorClient;

  beforeEach(async () => {
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, deleteAfterMs: 100 });
    client = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "k", secretAccessKey: "s" } });
  });
  afterEach(async () => emulator.stop());

  async function scope(tags: Record<string, string>): Promise<string> {
    const s = await client.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }], tags }));
    return s.scopeArn;
  }
  async function monitor(name: string, scopeArn: string, tags: Record<string, string>): Promise<void> {
    await client.send(new CreateMonitorCommand({ monitorName: name, localResources: [{ type: "AWS::Region", identifier: REGION }], scopeArn, tags }));
  }

  it("lists, then deletes only the monitors tagged acceptance; untagged monitors and the account's own scope stay", async () => {
    const scopeArn = await scope({ team: "network" });
    await monitor("acc1-life", scopeArn, { acceptance: "acc1" });
    await monitor("acc2-gone", scopeArn, { acceptance: "acc2", team: "x" });
    await monitor("production", scopeArn, { team: "acceptance" }); // the word as a value is not the tag
    const lines: string[] = [];
    const result = await sweep(client, { log: (l) => lines.push(l), pollMs: 20 });
    assert.deepEqual(result.deleted.map((o) => o.id), ["acc1-life", "acc2-gone"]);
    assert.deepEqual(result.failed, []);
    const left = emulator.control.snapshot();
    assert.deepEqual(left.monitors.filter((m) => m.status !== "DELETING").map((m) => m.name), ["production"]);
    assert.equal(left.scopes.length, 1);
    // Listed before anything is deleted.
    const firstDelete = lines.findIndex((l) => l.includes("deleted"));
    assert.ok(lines.slice(0, firstDelete).some((l) => l.includes("monitor acc2-gone")), lines.join("\n"));
  });

  it("deletes a scope tagged acceptance after its monitors are gone", async () => {
    const scopeArn = await scope({ acceptance: "acc3" });
    await monitor("acc3-wl-1", scopeArn, { acceptance: "acc3" });
    const result = await sweep(client, { log: () => undefined, pollMs: 20 });
    assert.deepEqual(result.deleted.map((o) => o.kind), ["monitor", "scope"]);
    assert.deepEqual(result.failed, []);
  });

  it("with --dry-run lists and deletes nothing", async () => {
    const scopeArn = await scope({});
    await monitor("acc4-life", scopeArn, { acceptance: "acc4" });
    const lines: string[] = [];
    const result = await sweep(client, { log: (l) => lines.push(l), dryRun: true });
    assert.equal(result.found.length, 1);
    assert.deepEqual(result.deleted, []);
    assert.equal(emulator.control.snapshot().monitors.length, 1);
    assert.match(lines.join("\n"), /monitor acc4-life .*acceptance=acc4/);
  });

  it("selects by the tag's key, monitors before scopes", () => {
    const o = (kind: TaggedObject["kind"], id: string, tags: Record<string, string>): TaggedObject => ({ kind, id, arn: id, tags });
    const picked = sweepable([o("scope", "s1", { acceptance: "" }), o("monitor", "b", { acceptance: "r" }), o("monitor", "a", { Acceptance: "r" }), o("monitor", "c", {})]);
    assert.deepEqual(picked.map((x) => x.id), ["b", "s1"]);
  });
});
