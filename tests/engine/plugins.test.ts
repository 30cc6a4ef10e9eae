// The engine runs resource plugins as Pulumi does (testing/engine/RULES.md, "Resource plugins"): lookup, launch,
// CheckConfig/Configure, default and explicit providers with references in state, refresh and destroy from the
// state, remote components through Construct, the `import` option and `nfm-engine import`. The plugin is the fixture
// tests/engine/fixtures/plugin/bin/pulumi-resource-fixture, put on PATH; its resources live on the record server.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalEngine, type StateResource } from "../../testing/engine";
import { main } from "../../testing/engine/cli";
import { importCode, variableName } from "../../testing/engine/importCode";
import {
  defaultProviderName,
  findResourcePlugin,
  formatProviderRef,
  parseProviderRef,
  projectPluginsFrom,
} from "../../testing/engine/pluginLookup";
import { configureVariables } from "../../testing/engine/providers";
import { UNKNOWN } from "../../testing/engine/types";
import type { Spec } from "./fixtures/plugin";
import { makeProject, sink, startRecordServer, type RecordServer } from "./helpers";

const WIDGET = "fixture:index:Widget";
const PROVIDER = "pulumi:providers:fixture";

function executable(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

describe("resource plugins: lookup and provider references (pure)", () => {
  it("finds a project plugin first, then pulumi-resource-<pkg> on PATH (unless PULUMI_IGNORE_AMBIENT_PLUGINS is 1/true), then the newest in the plugin cache", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-lookup-"));
    try {
      const onPath = executable(path.join(root, "bin"), "pulumi-resource-x");
      const home = path.join(root, "home");
      executable(path.join(home, "plugins", "resource-x-v1.2.0"), "pulumi-resource-x");
      const newest = executable(path.join(home, "plugins", "resource-x-v1.10.0"), "pulumi-resource-x");
      executable(path.join(home, "plugins", "resource-x-v2.0.0"), "pulumi-resource-x");
      fs.writeFileSync(path.join(home, "plugins", "resource-x-v2.0.0.partial"), "");
      const env = { PATH: path.join(root, "bin"), PULUMI_HOME: home };
      const project = [{ name: "x", path: path.join(root, "proj") }];

      assert.deepEqual(findResourcePlugin("x", { env, projectPlugins: project }), { path: path.join(root, "proj", "pulumi-resource-x"), source: "project" });
      assert.deepEqual(findResourcePlugin("x", { env }), { path: onPath, source: "path" });
      for (const ignore of ["1", "true", "TRUE"]) {
        assert.deepEqual(findResourcePlugin("x", { env: { ...env, PULUMI_IGNORE_AMBIENT_PLUGINS: ignore } }), { path: newest, source: "cache" });
      }
      assert.equal(findResourcePlugin("x", { env: { ...env, PULUMI_IGNORE_AMBIENT_PLUGINS: "yes" } })?.source, "path");
      assert.equal(findResourcePlugin("aws", { env }), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("reads Pulumi.yaml's plugins.providers relative to the project", () => {
    const doc = { plugins: { providers: [{ name: "x", path: "../plugin" }, { name: "bad" }] } };
    assert.deepEqual(projectPluginsFrom(doc, "/p/proj"), [{ name: "x", path: "/p/plugin", version: undefined }]);
    assert.deepEqual(projectPluginsFrom({}, "/p"), []);
  });

  it("names default providers default or default_<major>_<minor>_<patch>[_pre], and references are <urn>::<id>", () => {
    assert.equal(defaultProviderName(undefined), "default");
    assert.equal(defaultProviderName("1.2.3"), "default_1_2_3");
    assert.equal(defaultProviderName("v0.4.0-alpha.1"), "default_0_4_0_alpha_1");
    assert.throws(() => defaultProviderName("latest"), /not semver/);
    const urn = "urn:pulumi:dev::p::pulumi:providers:x::default";
    assert.equal(formatProviderRef(urn, "abc"), `${urn}::abc`);
    assert.deepEqual(parseProviderRef(`${urn}::abc`), { urn, id: "abc" });
    assert.throws(() => parseProviderRef("nope"), /<urn>::<id>/);
  });

  it("Configure's variables are <pkg>:config:<key>, strings as they are, others as JSON, secrets unwrapped, no version; none while a value is unknown", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };
    assert.deepEqual(configureVariables("x", { region: "eu-west-1", tags: { a: 1 }, key: secret, version: "1.0.0" }, UNKNOWN), {
      "x:config:region": "eu-west-1",
      "x:config:tags": '{"a":1}',
      "x:config:key": "s3cr3t",
    });
    assert.equal(configureVariables("x", { region: UNKNOWN }, UNKNOWN), undefined);
  });

  it("import code: a CustomResource subclass per resource with the read inputs, secrets as pulumi.secret, protect", () => {
    const r = {
      urn: "u",
      type: WIDGET,
      name: "my-widget",
      custom: true,
      inputs: { kind: "k", size: 2, __internal: 1, key: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "v" } },
      outputs: {},
      dependencies: [],
      status: "created",
      protect: true,
    } as StateResource;
    const code = importCode([r]);
    assert.match(code, /const myWidget = new Resource\("fixture:index:Widget", "my-widget", \{\n {4}kind: "k",\n {4}size: 2,\n {4}key: pulumi\.secret\("v"\),\n\}, \{\n {4}protect: true,\n\}\);/);
    assert.doesNotMatch(code, /__internal/);
    assert.equal(variableName("2-web"), "_2Web");
  });
});

describe("resource plugins through the engine (fixture plugin on PATH)", function () {
  // Each pass starts the program, the dynamic host and a plugin per provider: seconds alone, minutes on a loaded box.
  this.timeout(600_000);
  let server: RecordServer;
  let project: ReturnType<typeof makeProject>;
  let stack = 0;

  before(async () => {
    server = await startRecordServer();
    project = makeProject("plugin");
  });
  after(async () => {
    await server.close();
    project.cleanup();
  });

  const env = () => ({ RECORD_SERVER_URL: server.url, PATH: `${path.join(project.dir, "bin")}${path.delimiter}${process.env.PATH}` });

  function newStack() {
    const name = `s${++stack}`;
    const stateFile = path.join(project.dir, ".pulumi-state", `${name}.json`);
    const engine = (spec: Spec, config: Record<string, string> = { "fixture:region": "us-west-2" }) =>
      new LocalEngine({ programDir: project.dir, stack: name, stateFile, env: env(), config: { "pluginfix:spec": JSON.stringify(spec), ...config } });
    const byName = (e: LocalEngine): Record<string, StateResource> => Object.fromEntries(e.readState().resources.map((r) => [r.name, r]));
    return { name, stateFile, engine, byName };
  }
  const calls = (op: string) => server.calls.filter((c) => c.op === op);

  it("default and explicit providers: CheckConfig and Configure on their own plugin instance, references in state, create/update/replace/delete through them", async () => {
    const s = newStack();
    const before = server.calls.length;
    const spec: Spec = {
      widgets: [
        { name: "a", kind: "k", size: 1 },
        { name: "b", kind: "k", size: 1, explicit: true },
      ],
      explicitProvider: { region: "eu-west-1" },
    };
    const up = await s.engine(spec).up();
    assert.ok(up.ok, up.planText);
    const state = s.byName(s.engine(spec));
    const dflt = state.default;
    const explicit = state.explicit;
    assert.equal(dflt.type, PROVIDER);
    assert.equal(dflt.urn, `urn:pulumi:${s.name}::pluginfix::${PROVIDER}::default`);
    assert.equal(dflt.parent, undefined);
    assert.deepEqual(dflt.inputs, { region: "us-west-2" }, "the default provider's inputs are the package's stack config, namespace dropped");
    assert.match(dflt.id!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(explicit.inputs, { region: "eu-west-1" });
    assert.equal(state.a.provider, `${dflt.urn}::${dflt.id}`);
    assert.equal(state.b.provider, `${explicit.urn}::${explicit.id}`);
    assert.equal(state.a.outputs.region, "us-west-2", "a was created by the default provider's plugin");
    assert.equal(state.b.outputs.region, "eu-west-1", "b by the explicit provider's");

    const configures = server.calls.slice(before).filter((c) => c.op === "configure");
    const updatePass = configures.filter((c) => c.body.id === dflt.id || c.body.id === explicit.id);
    assert.equal(updatePass.length, 2, "the update pass configures each provider once, with its new id");
    const ofDefault = updatePass.find((c) => c.body.id === dflt.id)!;
    assert.equal(ofDefault.body.urn, dflt.urn);
    assert.deepEqual(ofDefault.body.variables, { "fixture:config:region": "us-west-2" });
    assert.deepEqual(ofDefault.body.args, { region: "us-west-2" });
    assert.match(ofDefault.body.argv.at(-1), /^127\.0\.0\.1:\d+$/, "the engine's address is the plugin's last argument");
    assert.equal(fs.realpathSync(ofDefault.body.cwd), fs.realpathSync(project.dir), "started in the project directory");
    assert.equal(ofDefault.body.project, "pluginfix");
    assert.equal(ofDefault.body.pulumiConfig, JSON.stringify({ region: "us-west-2" }), "PULUMI_CONFIG: the package's own keys");
    assert.ok(server.calls.slice(before).some((c) => c.op === "checkConfig" && c.body.urn === explicit.urn));

    // Update, replace and delete go to each resource's own provider.
    const next: Spec = { widgets: [{ name: "a", kind: "k", size: 2 }, { name: "b", kind: "other", size: 1, explicit: true }], explicitProvider: { region: "eu-west-1" } };
    const changed = await s.engine(next).up();
    assert.ok(changed.ok, changed.planText);
    assert.deepEqual(changed.changeSummary, { ...changed.changeSummary, update: 1, replace: 1 });
    const after = s.byName(s.engine(next));
    assert.equal(after.a.id, state.a.id);
    assert.notEqual(after.b.id, state.b.id);
    assert.equal(after.b.outputs.region, "eu-west-1");
    assert.equal(after.default.id, dflt.id, "an unchanged provider keeps its id");
    assert.ok(!server.records.has(state.b.id!), "the replaced widget was deleted");

    // Changing the stack config updates the default provider (same id) and the plugin sees the new config.
    const moved = await s.engine(next, { "fixture:region": "ap-south-1" }).up();
    assert.ok(moved.ok, moved.planText);
    const providerStep = moved.steps.find((st) => st.type === PROVIDER && st.name === "default");
    assert.equal(providerStep?.op, "update");
    assert.equal(moved.steps.find((st) => st.name === "explicit")?.op, "same");
    assert.equal(s.byName(s.engine(next)).default.id, dflt.id);
  });

  it("a CheckConfig failure of a provider makes it invalid, naming the property", async () => {
    const s = newStack();
    const r = await s.engine({ widgets: [{ name: "a", kind: "k", explicit: true }], explicitProvider: { region: "nowhere" } }).up();
    assert.equal(r.ok, false);
    assert.ok(r.failures.some((f) => f.property === "region" && /us-east-1/.test(f.reason)), JSON.stringify(r.failures));
    assert.ok(!s.byName(s.engine({})).a, "nothing created");
  });

  it("refresh and destroy load each provider from the state (no program): Configure with the stored inputs and id", async () => {
    const s = newStack();
    const spec: Spec = { widgets: [{ name: "a", kind: "k" }, { name: "b", kind: "k", explicit: true }, { name: "c", kind: "k" }], explicitProvider: { region: "eu-west-1" } };
    assert.ok((await s.engine(spec).up()).ok);
    const state = s.byName(s.engine(spec));
    server.records.delete(state.c.id!);
    const from = server.calls.length;
    // The program would fail if it ran: the spec is not valid JSON.
    const refresh = await s.engine(spec, { "pluginfix:spec": "{", "fixture:region": "xx" }).refresh();
    assert.ok(refresh.ok, refresh.planText);
    const configured = server.calls.slice(from).filter((c) => c.op === "configure");
    assert.ok(configured.some((c) => c.body.id === state.default.id && c.body.args.region === "us-west-2"), "default provider from state");
    assert.ok(configured.some((c) => c.body.id === state.explicit.id && c.body.args.region === "eu-west-1"), "explicit provider from state");
    const refreshed = s.byName(s.engine(spec));
    assert.equal(refreshed.c, undefined, "c, deleted out of band, left the state");
    assert.ok(refreshed.a && refreshed.b);

    const destroy = await s.engine(spec, { "pluginfix:spec": "{" }).destroy();
    assert.ok(destroy.ok, destroy.planText);
    assert.deepEqual(s.engine(spec).readState().resources, []);
    assert.ok(!server.records.has(state.a.id!) && !server.records.has(state.b.id!));
    const order = destroy.steps.map((st) => st.name);
    assert.ok(order.indexOf("explicit") > order.indexOf("b") && order.indexOf("default") > order.indexOf("a"), "providers are deleted after their resources");
  });

  it("a remote component: Construct registers its children on the engine's monitor; they go through the same deployment and state, the component as parent", async () => {
    const s = newStack();
    const spec: Spec = { boxes: [{ name: "bx", count: 2, kind: "bk" }], echo: "hi" };
    const up = await s.engine(spec).up();
    assert.ok(up.ok, up.planText);
    const state = s.byName(s.engine(spec));
    const box = state.bx;
    assert.equal(box.type, "fixture:index:Box");
    assert.equal(box.custom, false);
    assert.equal(box.urn, `urn:pulumi:${s.name}::pluginfix::fixture:index:Box::bx`);
    for (const w of ["bx-w0", "bx-w1"]) {
      assert.equal(state[w].type, WIDGET);
      assert.equal(state[w].parent, box.urn);
      assert.equal(state[w].urn, `urn:pulumi:${s.name}::pluginfix::fixture:index:Box$fixture:index:Widget::${w}`);
      assert.equal(state[w].provider, `${state.default.urn}::${state.default.id}`);
      assert.ok(server.records.has(state[w].id!), "created on the server by the plugin");
    }
    assert.equal(state["bx-bucket"].type, "aws:s3/bucket:Bucket");
    assert.equal(state["bx-bucket"].provider, undefined, "aws children stay simulated");
    assert.deepEqual(up.outputs.boxWidgetIds, { bx: [state["bx-w0"].id, state["bx-w1"].id] }, "the program gets the component's state");
    assert.deepEqual(box.outputs.widgetIds, [state["bx-w0"].id, state["bx-w1"].id]);
    assert.deepEqual(up.outputs.echoed, { echoed: "hi", region: "us-west-2" }, "an invoke goes to the default provider's plugin");

    const again = await s.engine(spec).up();
    assert.ok(again.ok, again.planText);
    assert.deepEqual(again.steps.filter((st) => st.op !== "same").map((st) => `${st.op} ${st.name}`), []);
    assert.ok((await s.engine(spec).destroy()).ok);
  });

  it("the import option: Read only, then ordinary Check and Diff; no create, and the next up changes nothing", async () => {
    const s = newStack();
    server.records.set("k-import-1", { inputs: { kind: "k", size: 3 }, outs: {} });
    const spec: Spec = { widgets: [{ name: "adopted", kind: "k", size: 3, importId: "k-import-1" }] };
    const creates = calls("create").length;
    const up = await s.engine(spec).up();
    assert.ok(up.ok, up.planText);
    assert.equal(up.steps.find((st) => st.name === "adopted")?.op, "import");
    assert.equal(calls("create").length, creates, "nothing created");
    const adopted = s.byName(s.engine(spec)).adopted;
    assert.equal(adopted.id, "k-import-1");
    assert.equal(adopted.importId, "k-import-1");
    const again = await s.engine(spec).up();
    assert.equal(again.steps.find((st) => st.name === "adopted")?.op, "same");
  });

  it("nfm-engine import <type> <name> <id>: the stack, the default provider and the read resource (protected) go into state, the code to add is printed, and then up changes nothing", async () => {
    const s = newStack();
    server.records.set("k-import-2", { inputs: { kind: "k", size: 5, label: "from-cli" }, outs: {} });
    fs.writeFileSync(path.join(project.dir, `Pulumi.${s.name}.yaml`), "config:\n  fixture:region: us-west-2\n  pluginfix:spec: '{}'\n");
    const out = sink();
    const err = sink();
    const savedPath = process.env.PATH;
    const savedUrl = process.env.RECORD_SERVER_URL;
    Object.assign(process.env, env());
    let code: number;
    try {
      code = await main(["import", WIDGET, "web", "k-import-2", "--cwd", project.dir, "--stack", s.name], out as any, err as any);
    } finally {
      process.env.PATH = savedPath;
      if (savedUrl === undefined) delete process.env.RECORD_SERVER_URL;
      else process.env.RECORD_SERVER_URL = savedUrl;
    }
    assert.equal(code, 0, out.text + err.text);
    assert.match(out.text, /Please copy the following code into your Pulumi application/);
    assert.match(out.text, /const web = new Resource\("fixture:index:Widget", "web", \{\n {4}kind: "k",\n {4}label: "from-cli",\n {4}size: 5,\n\}, \{\n {4}protect: true,\n\}\);/);
    const state = s.byName(s.engine({}));
    assert.equal(state.web.id, "k-import-2");
    assert.equal(state.web.protect, true);
    assert.equal(state.web.importId, undefined);
    assert.equal(state.web.parent, `urn:pulumi:${s.name}::pluginfix::pulumi:pulumi:Stack::pluginfix-${s.name}`);
    assert.equal(state.web.provider, `${state.default.urn}::${state.default.id}`);
    assert.deepEqual(state.web.inputs, { kind: "k", size: 5, label: "from-cli" });

    // The program with the printed declaration: no change.
    const spec: Spec = { widgets: [{ name: "web", kind: "k", size: 5, label: "from-cli", protect: true }] };
    const up = await s.engine(spec).up();
    assert.ok(up.ok, up.planText);
    assert.deepEqual(up.steps.filter((st) => st.op !== "same").map((st) => `${st.op} ${st.name}`), []);

    // Importing the same id again is nothing; another id under that name is an error.
    assert.ok((await s.engine(spec).import(WIDGET, "web", "k-import-2")).ok);
    const clash = await s.engine(spec).import(WIDGET, "web", "k-other");
    assert.equal(clash.ok, false);
    assert.match(clash.diagnostics.map((d) => d.message).join("\n"), /already exists/);
    fs.rmSync(path.join(project.dir, `Pulumi.${s.name}.yaml`));
  });
});
