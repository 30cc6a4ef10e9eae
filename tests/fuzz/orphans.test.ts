// nfm-orphans: finds the monitors and scopes that carry a stack's ownership tag but that its state does not hold,
// from `pulumi stack export` JSON or the engine in a box's state file, and deletes them with --delete.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { CreateMonitorCommand, CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { OWNER_TAG } from "../../provider/common/ownership";
import { deleteOwned } from "../../provider/orphans/account";
import { main, parseArgs } from "../../provider/orphans/cli";
import { findOrphans, ownerWithin, stateHoldings } from "../../provider/orphans/find";
import { startEmulator, type RunningEmulator } from "../../testing";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const MONITOR = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
const local = [{ type: "AWS::EC2::Subnet" as const, identifier: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-00000000000000001` }];

/** What `pulumi stack export` prints for a stack holding monitor `kept`, with a pending create of `m-pending`. */
function pulumiExport(): object {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-12-07T00:00:00Z", magic: "x", version: "v3.248.0" },
      resources: [
        { urn: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev", custom: false, type: "pulumi:pulumi:Stack" },
        { urn: `urn:pulumi:dev::shop::${MONITOR}::kept`, custom: true, id: "kept", type: MONITOR, outputs: { monitorName: "kept", monitorArn: `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:monitor/kept` } },
      ],
      pending_operations: [{ resource: { urn: `urn:pulumi:dev::shop::${MONITOR}::m-pending`, type: MONITOR, custom: true }, type: "creating" }],
    },
  };
}

function sink(): Writable & { text: string } {
  const w = new Writable({ write: (chunk, _enc, done) => ((w.text += String(chunk)), done()) }) as Writable & { text: string };
  w.text = "";
  return w;
}

describe("nfm-orphans", function () {
  this.timeout(60_000);

  describe("pure parts", () => {
    it("reads what a state holds from `pulumi stack export` and from an nfm-engine state file", () => {
      const fromPulumi = stateHoldings(pulumiExport());
      assert.ok(fromPulumi.held.has("kept"));
      assert.deepEqual([...fromPulumi.pending], ["m-pending"]);
      const engine = { version: 1, project: "shop", stack: "dev", outputs: {}, resources: [{ urn: `urn:pulumi:dev::shop::${MONITOR}::a`, type: MONITOR, custom: true, id: "a-1234567", outputs: {} }] };
      assert.deepEqual([...stateHoldings(engine).held], ["a-1234567"]);
      assert.throws(() => stateHoldings({ deployment: { resources: 3 } }), /no resources list/);
    });

    it("tells the stack's own resources from another stack's and from untagged ones", () => {
      assert.equal(ownerWithin({ [OWNER_TAG]: "shop/dev/m1" }, "shop", "dev"), "m1");
      assert.equal(ownerWithin({ [OWNER_TAG]: "shop/prod/m1" }, "shop", "dev"), undefined);
      assert.equal(ownerWithin({ [OWNER_TAG]: "shop/dev-2/m1" }, "shop", "dev"), undefined);
      assert.equal(ownerWithin({}, "shop", "dev"), undefined);
      const owned = [
        { kind: "monitor" as const, id: "kept", arn: "arn:kept", owner: "shop/dev/kept" },
        { kind: "monitor" as const, id: "gone-1", arn: "arn:gone", owner: "shop/dev/gone" },
        { kind: "monitor" as const, id: "p-1", arn: "arn:p", owner: "shop/dev/m-pending" },
      ];
      const report = findOrphans(owned, stateHoldings(pulumiExport()), "shop", "dev");
      assert.deepEqual(report.orphans.map((o) => o.id), ["gone-1"]);
      assert.deepEqual(report.pending.map((o) => o.id), ["p-1"]);
    });

    it("needs --stack project/stack", () => {
      assert.match(String(parseArgs(["--state", "x"])), /--stack <project>\/<stack> is required/);
      assert.match(String(parseArgs(["--stack", "a/b", "--config", "novalue"])), /key=value/);
      assert.deepEqual(parseArgs(["--stack", "a/b", "--delete", "--config", "aws:region=us-east-1"]), { project: "a", stack: "b", state: "-", region: undefined, config: { "aws:region": "us-east-1" }, delete: true });
    });
  });

  describe("against the emulator", () => {
    let emu: RunningEmulator;
    let dir: string;
    const saved = { ...process.env };
    before(async () => {
      emu = await startEmulator({ region: REGION, account: ACCOUNT });
      process.env.AWS_ACCESS_KEY_ID = "AKIDORPHANS";
      process.env.AWS_SECRET_ACCESS_KEY = "orphans";
      delete process.env.AWS_PROFILE;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-orphans-"));
      const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emu.endpoint });
      const scope = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }], tags: { [OWNER_TAG]: "other/dev/scope" } }));
      const monitor = (name: string, owner?: string) =>
        api.send(new CreateMonitorCommand({ monitorName: name, localResources: local, scopeArn: scope.scopeArn, ...(owner ? { tags: { [OWNER_TAG]: owner } } : {}) }));
      await monitor("kept", "shop/dev/kept");
      await monitor("gone-1", "shop/dev/gone");
      await monitor("p-1", "shop/dev/m-pending");
      await monitor("theirs", "shop/prod/gone");
      await monitor("by-hand");
      api.destroy();
    });
    after(async () => {
      await emu?.stop();
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("lists the orphan of a `pulumi stack export` file with exit code 1, deletes it with --delete, then finds none", async () => {
      const file = path.join(dir, "export.json");
      fs.writeFileSync(file, JSON.stringify(pulumiExport()));
      const args = ["--stack", "shop/dev", "--state", file, "--config", `networkflowmonitor:endpoint=${emu.endpoint}`, "--config", `aws:region=${REGION}`];
      const out = sink();
      assert.equal(await main(args, out, sink()), 1);
      assert.match(out.text, /orphan {3}monitor gone-1 .*owner shop\/dev\/gone/);
      assert.match(out.text, /pending {2}monitor p-1 .*run `pulumi refresh`/);
      assert.doesNotMatch(out.text, /kept|theirs|by-hand/);
      assert.ok(emu.control.getMonitor("gone-1"), "listing deletes nothing");

      const del = sink();
      assert.equal(await main([...args, "--delete"], del, sink()), 0);
      assert.match(del.text, /deleted {2}monitor gone-1/);
      assert.notEqual(emu.control.getMonitor("gone-1")?.status ?? "gone", "ACTIVE");
      for (const name of ["kept", "p-1", "theirs", "by-hand"]) assert.ok(emu.control.getMonitor(name), `${name} is left alone`);

      emu.control.advanceClock(600_000);
      const again = sink();
      assert.equal(await main(args, again, sink()), 0);
      assert.match(again.text, /no orphans of shop\/dev/);
    });

    it("reads an nfm-engine state file, and AWS_ENDPOINT_URL_NETWORKFLOWMONITOR / AWS_REGION as the provider does", async () => {
      const file = path.join(dir, "engine.json");
      fs.writeFileSync(file, JSON.stringify({ version: 1, project: "shop", stack: "prod", outputs: {}, resources: [] }));
      process.env.AWS_ENDPOINT_URL_NETWORKFLOWMONITOR = emu.endpoint;
      process.env.AWS_REGION = REGION;
      try {
        const out = sink();
        assert.equal(await main(["--stack", "shop/prod", "--state", file], out, sink()), 1);
        assert.match(out.text, /orphan {3}monitor theirs/);
      } finally {
        delete process.env.AWS_ENDPOINT_URL_NETWORKFLOWMONITOR;
        delete process.env.AWS_REGION;
      }
    });

    it("says what is wrong with an unreadable state", async () => {
      const err = sink();
      assert.equal(await main(["--stack", "shop/dev", "--state", path.join(dir, "missing.json"), "--region", REGION], sink(), err), 2);
      assert.match(err.text, /cannot read the state from .*missing\.json/);
    });
  });
});

describe("nfm-orphans: a resource still being created", function () {
  this.timeout(60_000);
  it("is deleted once it settles (DeleteScope answers ConflictException while IN_PROGRESS)", async () => {
    let now = Date.now();
    const emu = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 60_000, clock: () => now });
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emu.endpoint, credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    try {
      const s = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
      const slept: number[] = [];
      await deleteOwned(api, { kind: "scope", id: s.scopeId, arn: s.scopeArn, owner: "shop/dev/scope" }, { sleep: async (ms: number) => void (slept.push(ms), (now += ms)) });
      assert.ok(slept.length > 0, "it waited");
      assert.notEqual(emu.control.getScope(s.scopeId)?.status ?? "gone", "SUCCEEDED");
    } finally {
      api.destroy();
      await emu.stop();
    }
  });
});
