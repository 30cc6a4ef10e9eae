// Through the engine in a box, against the emulator, with the plugin `pulumi-resource-networkflowmonitor` found on
// PATH as Pulumi finds it: a monitor moved from the dynamic front end to the plugin and back with aliases by type
// (docs/moving-between-front-ends.md), and the plugin's WorkloadMonitor served through Construct.
// Needs `npm run build` first (the plugin and the dynamic provider run from dist/).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OperationResult, StateResource } from "../../testing/engine";
import { ProviderHost, resolvePulumiDir } from "../../testing/engine/host";
import { repoRoot, useWorkloadEngines, type LinkedProject } from "../component/helpers";

const DYNAMIC = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
const PLUGIN = "networkflowmonitor:index:Monitor";
const PLUGIN_BIN = path.join(repoRoot, "dist", "provider", "plugin", "main.js");
const fixture = path.join(__dirname, "fixtures", "frontEnds");

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

describe("the two front ends through the engine (plugin on PATH, emulator)", function () {
  this.timeout(300_000);
  const harness = useWorkloadEngines();
  let project: LinkedProject;

  beforeEach(() => {
    project = harness.open(fixture);
    // The plugin on PATH, as `pulumi plugin install --file` or npm's bin puts it.
    fs.mkdirSync(path.join(project.dir, "bin"));
    fs.symlinkSync(PLUGIN_BIN, path.join(project.dir, "bin", "pulumi-resource-networkflowmonitor"));
  });

  const engine = (config: Record<string, string>) =>
    harness.engine(project, {
      "networkflowmonitor:region": "us-east-1",
      "networkflowmonitor:endpoint": harness.env.emulator.endpoint,
      "frontends:scopeArn": harness.scopeArn,
      ...config,
    });
  // The engine looks plugins up on its environment's PATH (its own environment under the harness's).
  const withPath = <T>(run: () => Promise<T>) => {
    const saved = process.env.PATH;
    process.env.PATH = `${path.join(project.dir, "bin")}${path.delimiter}${saved}`;
    return run().finally(() => {
      process.env.PATH = saved;
    });
  };
  const ops = () => harness.env.emulator.requests().map((r) => r.operation);
  const count = (op: string) => ops().filter((o) => o === op).length;
  const web = (e: ReturnType<typeof engine>): StateResource => e.readState().resources.find((r) => r.name === "web")!;

  it("the plugin's DiffConfig never asks to replace when the old provider is another package's (the dynamic one's)", async () => {
    const plugin = ProviderHost.start({ pulumiDir: resolvePulumiDir(repoRoot), script: PLUGIN_BIN, cwd: repoRoot, env: { ...process.env, ...harness.env.env }, log: () => undefined });
    try {
      const d = await plugin.diffConfig("urn:pulumi:dev::frontends::pulumi:providers:networkflowmonitor::default", {}, { region: "us-east-1", endpoint: harness.env.emulator.endpoint });
      assert.deepEqual(d.replaces, []);
    } finally {
      await plugin.stop();
    }
  });

  it("moves a monitor dynamic → plugin → dynamic with aliases: updates only, no CreateMonitor or DeleteMonitor, each state in its front end's shape", async () => {
    const first = await withPath(() => engine({ "frontends:frontEnd": "dynamic" }).up());
    assert.equal(first.ok, true, explain(first));
    assert.equal(count("CreateMonitor"), 1);
    const arn = harness.env.emulator.control.snapshot().monitors[0].arn;
    harness.env.emulator.clearRequests();

    for (const [frontEnd, type] of [["plugin", PLUGIN], ["dynamic", DYNAMIC]] as const) {
      const e = engine({ "frontends:frontEnd": frontEnd });
      const moved = await withPath(() => e.up());
      assert.equal(moved.ok, true, explain(moved));
      assert.deepEqual(moved.steps.filter((s) => s.name === "web").map((s) => s.op), ["update"], `to ${frontEnd}: ${explain(moved)}`);
      const state = web(e);
      assert.equal(state.type, type);
      assert.equal("__provider" in state.outputs, frontEnd === "dynamic", `to ${frontEnd}: the dynamic provider's code is in the state exactly when it runs the monitor`);
      assert.equal(state.outputs.monitorArn, arn);
      const again = await withPath(() => e.up());
      assert.deepEqual(again.steps.filter((s) => s.name === "web").map((s) => s.op), ["same"], explain(again));
    }
    assert.equal(count("CreateMonitor"), 0, ops().join(", "));
    assert.equal(count("DeleteMonitor"), 0, ops().join(", "));
    assert.deepEqual(harness.env.emulator.control.snapshot().monitors.map((m) => m.arn), [arn]);

    // Back in the dynamic front end, its host can still delete it (it reads its code from the outputs).
    const destroyed = await withPath(() => engine({ "frontends:frontEnd": "dynamic" }).destroy());
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.equal(count("DeleteMonitor"), 1);
  });

  it("Construct: a WorkloadMonitor of 30 subnets makes two plugin Monitors (25 + 5) in state, children of the component, on the scope the plugin's getScope finds, and no dynamic resource", async () => {
    const e = engine({ "frontends:frontEnd": "workload", "frontends:subnets": "30" });
    const up = await withPath(() => e.up());
    assert.equal(up.ok, true, explain(up));
    const resources = e.readState().resources;
    const component = resources.find((r) => r.name === "shop")!;
    assert.equal(component.type, "networkflowmonitor:index:WorkloadMonitor");
    const monitors = resources.filter((r) => r.type === PLUGIN).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(monitors.map((m) => [m.name, m.parent, (m.outputs.localResources as unknown[]).length]), [
      ["shop-1", component.urn, 25],
      ["shop-2", component.urn, 5],
    ]);
    assert.equal(resources.some((r) => r.type.startsWith("pulumi-nodejs:dynamic")), false);
    const inService = harness.env.emulator.control.snapshot().monitors;
    assert.deepEqual(inService.map((m) => m.localResources.length).sort((a, b) => a - b), [5, 25]);
    const outputs = up.outputs.outputs as { monitorArns: string[]; monitorNames: string[]; scopeArn: string };
    assert.deepEqual([...outputs.monitorArns].sort(), inService.map((m) => m.arn).sort());
    assert.equal(outputs.scopeArn, harness.scopeArn);
    assert.ok(inService.every((m) => m.scopeArn === harness.scopeArn));
    assert.equal(outputs.monitorNames.length, 2);
    const destroyed = await withPath(() => e.destroy());
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.deepEqual(harness.env.emulator.control.snapshot().monitors, []);
  });
});
