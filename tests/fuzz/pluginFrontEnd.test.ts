// The fuzzer's plugin front end (testing/fuzz/pluginFrontEnd.ts): the plugin's gRPC handlers reached by the engine's
// own client code, in process or over a loopback gRPC server, with the same answers, errors and history outcomes
// either way; the crash switch stops every call; and a plugin that accepted secrets gets its answers stored as it
// marked them.
import * as assert from "node:assert/strict";
import { ProviderCallError, type ProviderHost } from "../../testing/engine/host";
import { generateHistory } from "../../testing/fuzz/history";
import { CRASHED_MESSAGE, InProcessPluginServer, PLUGIN_TRANSPORTS, type PluginTransport } from "../../testing/fuzz/pluginFrontEnd";
import { runHistory, startWorld } from "../../testing/fuzz/run";

const PROVIDER_URN = "urn:pulumi:dev::nfm-fuzz::pulumi:providers:networkflowmonitor::default";
const failure = async (p: Promise<unknown>): Promise<ProviderCallError> => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ProviderCallError, String(err));
    return err;
  }
  throw new Error("the call succeeded");
};

describe("the fuzzer's plugin front end", function () {
  this.timeout(120_000);
  const servers = new Map<PluginTransport, InProcessPluginServer>();
  before(async () => {
    for (const t of PLUGIN_TRANSPORTS) servers.set(t, await InProcessPluginServer.start(t));
  });
  after(async () => {
    for (const s of servers.values()) await s.stop();
  });

  /** The same calls on each transport; their results, side by side. */
  const onBoth = async <T>(f: (host: ProviderHost) => Promise<T>): Promise<T[]> =>
    Promise.all(PLUGIN_TRANSPORTS.map((t) => f(servers.get(t)!.connect({ crashed: false }))));

  it("answers the engine's calls the same in process and over loopback gRPC", async () => {
    const version = require("../../package.json").version as string;
    assert.deepEqual(await onBoth((h) => h.getPluginInfo()), [version, version]);
    const checked = await onBoth((h) => h.checkConfig(PROVIDER_URN, {}, { region: "us-east-1", secretKey: "k", colour: "blue" }));
    assert.deepEqual(checked[0], checked[1]);
    assert.ok(checked[0].failures.some((f) => f.property === "networkflowmonitor:colour"), JSON.stringify(checked[0]));
    assert.deepEqual(checked[0].inputs.secretKey, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "k" });
  });

  it("reports errors as grpc-js does: code and message; UNIMPLEMENTED for what the plugin's handlers do not serve", async () => {
    const unknownType = await onBoth((h) => failure(h.check("urn:pulumi:dev::p::networkflowmonitor:index:Nope::x", {}, {})));
    assert.equal(unknownType[0].message, unknownType[1].message);
    assert.match(unknownType[0].message, /unknown resource type networkflowmonitor:index:Nope/);
    assert.deepEqual(unknownType.map((e) => e.code), [2, 2]);
    const badConfig = await onBoth((h) => failure(h.configureArgs({ maxAttempts: "many" })));
    assert.equal(badConfig[0].message, badConfig[1].message);
    assert.deepEqual(badConfig.map((e) => e.code), [3, 3]);
    const schema = await onBoth((h) => failure(h.getSchema()));
    assert.deepEqual(schema.map((e) => e.code), [12, 12]);
  });

  it("starts no call once the crash switch is set", async () => {
    for (const server of servers.values()) {
      const crash = { crashed: false };
      const host = server.connect(crash);
      assert.ok((await host.getPluginInfo()).length > 0);
      crash.crashed = true;
      const err = await failure(host.getPluginInfo());
      assert.match(err.message, new RegExp(CRASHED_MESSAGE.replace(/[()]/g, "\\$&")));
    }
  });

  it("gives the same history outcomes in process and over loopback gRPC", async function () {
    this.timeout(300_000);
    const outcomes: string[][] = [];
    for (const t of PLUGIN_TRANSPORTS) {
      const world = await startWorld("plugin", { pluginTransport: t });
      try {
        const lines: string[] = [];
        // Odd seeds: the plugin's under --front both; several crash, some in fault windows.
        for (let seed = 1001; seed < 1017; seed += 2) {
          const r = await runHistory(world, generateHistory(seed), "plugin");
          const trace = r.trace.join(" / ").replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");
          lines.push(`${seed}: ${r.crashes} crashes, ${r.orphans} orphans, [${r.violations.map((v) => v.invariant).join(", ")}] ${trace}`);
        }
        outcomes.push(lines);
      } finally {
        await world.stop();
      }
    }
    assert.deepEqual(outcomes[0], outcomes[1]);
    assert.ok(outcomes[0].some((l) => !l.includes(": 0 crashes")), "some of the histories crash");
  });
});
