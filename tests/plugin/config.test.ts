// The provider plugin as a process and a provider: the handshake, plugin info and schema, its configuration
// (CheckConfig, DiffConfig, Configure) from stack keys, from an explicit provider, from the environment, and
// what it refuses.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as readline from "node:readline";
import * as path from "node:path";
import { ProviderHost, resolvePulumiDir } from "../../testing/engine/host";
import type { RunningEmulator } from "../../testing";
import { configuredPlugin, MONITOR, PLUGIN_BIN, pluginEnv, REGION, repoRoot, SCOPE, secret, startPlugin, startPluginEmulator, urnOf, vpc } from "./helpers";

type Props = Record<string, unknown>;
const PROVIDER_URN = "urn:pulumi:dev::proj::pulumi:providers:networkflowmonitor::default";
const isSecret = (v: unknown) => v !== null && typeof v === "object" && "4dabf18193072939515e22adb298388d" in (v as Props);

describe("provider plugin: process and configuration", function () {
  this.timeout(60_000);
  const started: ProviderHost[] = [];
  const emulators: RunningEmulator[] = [];
  const plugin = (env = pluginEnv()) => {
    const p = startPlugin(env);
    started.push(p);
    return p;
  };
  const configured = async (config: Props, env = pluginEnv()) => {
    const p = await configuredPlugin(config, env);
    started.push(p);
    return p;
  };
  after(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await Promise.all(emulators.map((e) => e.stop()));
  });

  it("starts as Pulumi starts a plugin and reports the package's version and schema", async () => {
    const p = plugin();
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
    assert.equal(await p.getPluginInfo(), version);
    const schemaFile = path.join(repoRoot, "schema.json");
    const schema = await p.getSchema();
    assert.equal(schema, fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, "utf8") : "{}");
  });

  it("runs as an executable, as Pulumi execs a plugin: the engine's address last, the port alone on stdout's first line", async () => {
    // sdk/go/common/resource/plugin/plugin.go: exec.Command(bin, flags..., engineAddress); the first stdout line is the port.
    const child = spawn(PLUGIN_BIN, ["--logtostderr", "-v=9", "127.0.0.1:1"], { env: pluginEnv(), stdio: ["pipe", "pipe", "pipe"] });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).once("line", resolve);
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.match(first, /^\d{2,5}$/);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("the plugin folder (PulumiPlugin.yaml, runtime nodejs) serves under Pulumi's cmd/run-plugin, and depends on this version of the package", async () => {
    const dir = path.join(repoRoot, "plugin");
    assert.match(fs.readFileSync(path.join(dir, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
    const own = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const folder = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    assert.equal(folder.dependencies["pulumi-networkflowmonitor"], own.version);
    // As the language host runs a source plugin: node <pulumi>/cmd/run-plugin <plugin dir> <engine address>.
    const pulumiDir = resolvePulumiDir(repoRoot);
    const p = ProviderHost.start({ pulumiDir, script: path.join(pulumiDir, "cmd", "run-plugin", "index.js"), scriptArgs: [dir], cwd: dir, env: pluginEnv(), log: () => undefined });
    started.push(p);
    assert.equal(await p.getPluginInfo(), own.version);
  });

  it("CheckConfig accepts the stack's networkflowmonitor:* keys as the engine sends them, and keeps credentials secret", async () => {
    const p = plugin();
    const news = {
      region: "eu-west-1", profile: "deploy", endpoint: "http://127.0.0.1:4566", maxRetries: "4", stsRegion: "us-east-1",
      defaultTags: '{"tags":{"team":"net"}}', sharedCredentialsFiles: '["/tmp/creds"]', sharedConfigFiles: '["/tmp/config"]',
      assumeRoles: '[{"roleArn":"arn:aws:iam::123456789012:role/deploy"}]', endpoints: '[{"sts":"http://127.0.0.1:4566"}]',
      accessKey: "AKIDPLAIN", secretKey: secret("shh"), token: "tok", version: "0.1.0",
    };
    const checked = await p.checkConfig(PROVIDER_URN, {}, news);
    assert.deepEqual(checked.failures, []);
    for (const k of ["accessKey", "secretKey", "token"]) assert.ok(isSecret(checked.inputs[k]), `${k} is secret in the provider's stored inputs`);
    assert.equal(checked.inputs.region, "eu-west-1");
    const configure = await p.configureArgs(checked.inputs);
    assert.deepEqual(configure, { acceptSecrets: true, supportsPreview: false });
  });

  it("CheckConfig refuses what the plugin cannot apply, naming the setting", async () => {
    const p = plugin();
    const cases: [Props, string, RegExp][] = [
      [{ colour: "blue" }, "networkflowmonitor:colour", /is not a setting of the networkflowmonitor provider/],
      [{ httpProxy: "http://proxy:3128" }, "networkflowmonitor:httpProxy", /not supported/],
      [{ endpoint: "localhost" }, "networkflowmonitor:endpoint", /http\(s\) URL/],
      [{ maxAttempts: "0" }, "networkflowmonitor:maxAttempts", /1 to 50/],
      [{ accessKey: "AKID" }, "networkflowmonitor:secretKey", /together with networkflowmonitor:accessKey/],
      [{ sharedCredentialsFiles: '["a","b"]' }, "networkflowmonitor:sharedCredentialsFiles", /reads one/],
    ];
    for (const [news, property, reason] of cases) {
      const { failures } = await p.checkConfig(PROVIDER_URN, {}, news);
      assert.equal(failures.length, 1, JSON.stringify(failures));
      assert.equal(failures[0].property, property);
      assert.match(failures[0].reason, reason);
    }
    await assert.rejects(p.configureArgs({ endpoint: "localhost" }), /networkflowmonitor:endpoint must be an http\(s\) URL/);
    // A secret value never shows in a message.
    const hidden = await p.checkConfig(PROVIDER_URN, {}, { endpoint: secret("sekrit-host") });
    assert.equal(hidden.failures[0].property, "networkflowmonitor:endpoint");
    assert.ok(!JSON.stringify(hidden.failures).includes("sekrit-host"), JSON.stringify(hidden.failures));
  });

  it("DiffConfig: a changed setting is a change, the same settings none", async () => {
    const p = plugin();
    assert.equal((await p.diffConfig(PROVIDER_URN, { region: "us-east-1" }, { region: "us-east-1", version: "0.1.0" })).changes, "none");
    const changed = await p.diffConfig(PROVIDER_URN, { region: "us-east-1" }, { region: "eu-west-1" });
    assert.deepEqual([changed.changes, changed.replaces], ["some", []]);
  });

  it("takes the Region from the provider's region, else from AWS_REGION; refuses the dynamic provider's __awsProvider", async () => {
    const local = (region: string) => [{ type: "AWS::EC2::VPC", identifier: vpc(undefined, region) }];
    const scopeArn = "arn:aws:networkflowmonitor:eu-west-1:123456789012:scope/x";
    const fromEnv = await configured({}, pluginEnv({ AWS_REGION: "eu-west-1" }));
    const a = await fromEnv.check(urnOf(MONITOR, "m"), {}, { monitorName: "m", scopeArn, localResources: local("eu-west-1") });
    assert.deepEqual([a.failures, a.inputs.region], [[], "eu-west-1"]);
    const fromConfig = await configured({ region: "ap-south-1" }, pluginEnv({ AWS_REGION: "eu-west-1" }));
    const b = await fromConfig.check(urnOf(MONITOR, "m"), {}, { monitorName: "m", scopeArn: scopeArn.replace("eu-west-1", "ap-south-1"), localResources: local("ap-south-1") });
    assert.deepEqual([b.failures, b.inputs.region], [[], "ap-south-1"]);
    const c = await fromConfig.check(urnOf(MONITOR, "m"), {}, { monitorName: "m", scopeArn, localResources: local("eu-west-1"), region: "eu-west-1", __awsProvider: { region: "eu-west-1" } });
    assert.deepEqual(c.failures.map((f) => f.property), ["__awsProvider"]);
  });

  it("secret default tags make tagsAll secret", async () => {
    const p = await configured({ region: REGION, defaultTags: secret('{"tags":{"cost-centre":"42"}}') });
    const checked = await p.check(urnOf(SCOPE, "s"), {}, { targets: [{ accountId: "123456789012", region: REGION }], tags: { team: "net" } });
    assert.deepEqual(checked.failures, []);
    assert.ok(isSecret(checked.inputs.tagsAll), JSON.stringify(checked.inputs));
    assert.deepEqual((checked.inputs.tagsAll as { value: unknown }).value, { "cost-centre": "42", team: "net" });
    assert.equal(isSecret(checked.inputs.tags), false);
  });

  it("an explicit provider instance (its own process) reaches its own endpoint and Region; AWS_ENDPOINT_URL_NETWORKFLOWMONITOR works too", async () => {
    const east = await startPluginEmulator(REGION, 0);
    const west = await startPluginEmulator("eu-west-1", 0);
    emulators.push(east, west);
    const byDefault = await configured({ region: REGION, endpoint: east.endpoint });
    const explicit = await configured({ region: "eu-west-1", endpoint: west.endpoint });
    const urn = urnOf(SCOPE, "s");
    const target = (region: string) => ({ targets: [{ accountId: "123456789012", region }] });
    const checked = await explicit.check(urn, {}, target("eu-west-1"));
    assert.equal(checked.inputs.region, "eu-west-1");
    const created = await explicit.create(urn, checked.inputs);
    assert.match(String(created.properties.scopeArn), /^arn:aws:networkflowmonitor:eu-west-1:/);
    assert.ok(west.control.getScope(created.id), "the explicit provider's scope is in its endpoint");
    assert.equal(east.control.getScope(created.id), undefined, "and not in the default provider's");
    await assert.rejects(byDefault.invoke("networkflowmonitor:index:getScope", {}), /no Network Flow Monitor scope in us-east-1/);
    const viaEnv = await configured({ region: "eu-west-1" }, pluginEnv({ AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: west.endpoint }));
    assert.equal((await viaEnv.invoke("networkflowmonitor:index:getScope", {})).scopeId, created.id);
  });
});
