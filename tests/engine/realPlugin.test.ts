// End to end with the real plugin: the built `pulumi-resource-networkflowmonitor` on PATH, found and started by the
// engine as Pulumi does, against the emulator; a Node.js program with no generated SDK declares
// `networkflowmonitor:index:Scope` and `networkflowmonitor:index:Monitor` by type token. Create, update tags, replace
// on rename, refresh, `nfm-engine import` then a no-change up, destroy.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalEngine, startEmulator, type RunningEmulator, type StateResource } from "../../testing";
import { main } from "../../testing/engine/cli";
import type { Spec } from "./fixtures/nfmplugin";
import { makeProject, sink } from "./helpers";

const MONITOR = "networkflowmonitor:index:Monitor";
const SCOPE = "networkflowmonitor:index:Scope";
const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const PLUGIN_MAIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "main.js");
const vpc = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;

describe("the real networkflowmonitor plugin through the engine (no generated SDK, emulator)", function () {
  // Every pass starts the program and the plugin: seconds alone, minutes on a loaded machine.
  this.timeout(900_000);
  let emulator: RunningEmulator;
  let project: ReturnType<typeof makeProject>;
  let env: Record<string, string>;

  before(async function () {
    if (!fs.existsSync(PLUGIN_MAIN)) throw new Error(`${PLUGIN_MAIN} is missing: run \`npm run build\` first`);
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 200, deleteAfterMs: 200 });
    project = makeProject("nfmplugin");
    // The plugin as `npm install` puts it on PATH: an executable named pulumi-resource-networkflowmonitor.
    const bin = path.join(project.dir, "bin");
    fs.mkdirSync(bin);
    fs.symlinkSync(PLUGIN_MAIN, path.join(bin, "pulumi-resource-networkflowmonitor"));
    env = {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      AWS_ACCESS_KEY_ID: "AKIDTEST",
      AWS_SECRET_ACCESS_KEY: "test-secret",
      AWS_ENDPOINT_URL_STS: emulator.endpoint,
    };
  });
  after(async () => {
    await emulator?.stop();
    project?.cleanup();
  });

  const config = () => ({ "networkflowmonitor:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint });
  const engine = (stack: string, spec: Spec) =>
    new LocalEngine({
      programDir: project.dir,
      stack,
      stateFile: path.join(project.dir, ".pulumi-state", `${stack}.json`),
      env,
      config: { ...config(), "nfmplugin:spec": JSON.stringify(spec) },
    });
  const byName = (e: LocalEngine): Record<string, StateResource> => Object.fromEntries(e.readState().resources.map((r) => [r.name, r]));
  const changes = (r: { steps: { op: string; name: string }[] }) => r.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`);

  it("creates, updates tags, replaces on rename, refreshes, imports with nfm-engine import (then no change) and destroys", async () => {
    const monitor = (name: string, team: string) => ({ name: "web", inputs: { monitorName: name, localResources: [{ type: "AWS::EC2::VPC", identifier: vpc }], tags: { team } } });

    // Create: the default provider, the scope and the monitor, through the plugin.
    const created = await engine("a", { scope: true, monitors: [monitor("web", "blue")] }).up();
    assert.ok(created.ok, created.planText);
    let state = byName(engine("a", {}));
    assert.equal(state.default.type, "pulumi:providers:networkflowmonitor");
    assert.deepEqual(state.default.inputs, { region: REGION, endpoint: emulator.endpoint });
    assert.equal(state.web.type, MONITOR);
    assert.equal(state.web.provider, `${state.default.urn}::${state.default.id}`);
    assert.equal(state.scope.type, SCOPE);
    assert.ok(!JSON.stringify(engine("a", {}).readState()).includes("__provider"), "no serialized provider in state");
    assert.equal(emulator.control.getMonitor("web")?.status, "ACTIVE");
    assert.equal(state.web.outputs.scopeArn, state.scope.outputs.scopeArn);

    // Update tags: an update in place.
    const tagged = await engine("a", { scope: true, monitors: [monitor("web", "green")] }).up();
    assert.ok(tagged.ok, tagged.planText);
    assert.deepEqual(changes(tagged), ["update web"]);
    assert.equal(emulator.control.getMonitor("web")?.tags?.team, "green");

    // Rename: a replacement; the old monitor is gone.
    const renamed = await engine("a", { scope: true, monitors: [monitor("web2", "green")] }).up();
    assert.ok(renamed.ok, renamed.planText);
    assert.ok(changes(renamed).includes("replace web"), changes(renamed).join(", "));
    assert.equal(emulator.control.getMonitor("web"), undefined);
    assert.equal(emulator.control.getMonitor("web2")?.status, "ACTIVE");

    // Refresh without the program: the provider comes from the state; nothing changed.
    const refreshed = await engine("a", {}).refresh({ skipPreview: true });
    assert.ok(refreshed.ok, refreshed.planText);
    assert.deepEqual(refreshed.changeSummary.update + refreshed.changeSummary.delete, 0, refreshed.planText);

    // nfm-engine import into another stack, then the printed declaration in the program: no change.
    fs.writeFileSync(
      path.join(project.dir, "Pulumi.b.yaml"),
      `config:\n  networkflowmonitor:region: ${REGION}\n  networkflowmonitor:endpoint: ${emulator.endpoint}\n`,
    );
    const out = sink();
    const err = sink();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let code: number;
    try {
      code = await main(["import", MONITOR, "imported", "web2", "--cwd", project.dir, "--stack", "b"], out as any, err as any);
    } finally {
      for (const k of Object.keys(env)) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    assert.equal(code, 0, out.text + err.text);
    assert.match(out.text, /const imported = new Resource\("networkflowmonitor:index:Monitor", "imported", \{/);
    const imported = byName(engine("b", {})).imported;
    assert.equal(imported.id, "web2");
    assert.equal(imported.protect, true);
    assert.equal(imported.inputs.scopeArn, state.scope.outputs.scopeArn, "the import reads scopeArn from the account's scope");
    const declared = Object.fromEntries(Object.entries(imported.inputs).filter(([k]) => !k.startsWith("__")));
    const again = await engine("b", { monitors: [{ name: "imported", inputs: declared, protect: true }] }).up();
    assert.ok(again.ok, again.planText);
    assert.deepEqual(changes(again), [], again.planText);
    fs.rmSync(path.join(project.dir, ".pulumi-state", "b.json"));

    // Destroy: the monitor and the scope are deleted (each waiting for the service), the provider last.
    const destroyed = await engine("a", {}).destroy();
    assert.ok(destroyed.ok, destroyed.planText);
    assert.deepEqual(engine("a", {}).readState().resources, []);
    assert.equal(emulator.control.getMonitor("web2"), undefined);
    state = byName(engine("a", {}));
    assert.deepEqual(state, {});
  });
});
