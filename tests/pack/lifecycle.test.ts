// A monitor's life under Pulumi's rules, with the package packed and installed as a user installs it, run by the
// engine in a box through Pulumi's real dynamic-provider host against the emulator (issue 9's five bugs):
// renames keep an auto name, a monitor in ERROR never makes `up` succeed, a secret tag stays secret, a get of a
// missing monitor fails, and an `up` killed with SIGKILL after CreateMonitor is finished by the next `up`.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { LocalEngine, startEmulator, type OperationResult, type RunningEmulator } from "../../testing";
import { ACCOUNT, REGION, repoRoot } from "../component/helpers";
import { packAndInstall } from "./helpers";

const ACCESS_KEY = "AKIDLIFECYCLE";
const SECRET_KEY = "lifecycle-secret-key";
const MONITOR = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
// Serialized Pulumi secrets in a state file: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value }.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

const explain = (r: OperationResult) => `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
const ok = (r: OperationResult) => assert.equal(r.ok, true, explain(r));

/** Paths of plain-text (not inside a serialized secret) strings in `v` that contain `needle`. */
function plainOccurrences(v: unknown, needle: string, at = "$"): string[] {
  if (typeof v === "string") return v.includes(needle) ? [at] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainOccurrences(x, needle, `${at}[${i}]`));
  if (v !== null && typeof v === "object") {
    if (SECRET_SIG in v) return [];
    return Object.entries(v).flatMap(([k, x]) => plainOccurrences(x, needle, `${at}.${k}`));
  }
  return [];
}

async function startWithScope(opts: { activeAfterMs: number }): Promise<{ emulator: RunningEmulator; scopeArn: string }> {
  const emulator = await startEmulator({ region: REGION, account: ACCOUNT, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, activeAfterMs: opts.activeAfterMs, deleteAfterMs: 200 });
  const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY } });
  const scope = await api.send(new CreateScopeCommand({
    targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
  }));
  emulator.control.setScopeStatus(scope.scopeId, "SUCCEEDED");
  api.destroy();
  return { emulator, scopeArn: scope.scopeArn };
}

describe("a monitor's life under Pulumi's rules, from the packed package", function () {
  this.timeout(300_000);
  let work: string;
  let project: string;
  let emulator: RunningEmulator;
  let scopeArn: string;
  const engines: LocalEngine[] = [];

  before(async () => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nfm-lifecycle-")));
    project = path.join(work, "project");
    packAndInstall(work, path.join(__dirname, "fixtures", "lifecycle"), project);
    ({ emulator, scopeArn } = await startWithScope({ activeAfterMs: 300 }));
  });

  after(async () => {
    for (const e of engines) await e.dispose();
    await emulator?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const env = (endpoint: string) => ({ AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_REGION: REGION, AWS_PROFILE: "", AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: endpoint });
  const spec = (extra: Record<string, unknown> = {}) => ({ localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], scopeArn, tags: { team: "net" }, ...extra });

  function engine(o: { stack: string; state: string; monitor?: object; config?: Record<string, string>; secretConfig?: Record<string, string>; projectName?: string }): LocalEngine {
    const e = new LocalEngine({
      programDir: project,
      stack: o.stack,
      project: o.projectName,
      stateFile: path.join(work, `${o.state}.json`),
      // The program's config namespace is the project's name, so a project rename renames its keys too.
      config: { "aws:region": REGION, ...inProject(o.projectName, { ...(o.monitor ? { monitor: JSON.stringify(o.monitor) } : {}), ...o.config }) },
      secretConfig: inProject(o.projectName, o.secretConfig ?? {}),
      env: env(emulator.endpoint),
    });
    engines.push(e);
    return e;
  }

  const inProject = (projectName: string | undefined, keys: Record<string, string>) =>
    Object.fromEntries(Object.entries(keys).map(([k, v]) => [`${projectName ?? "nfm-lifecycle"}:${k}`, v]));

  /** `pulumi stack rename` (to another stack or project): the state's URNs follow the new names. */
  function renameInState(state: string, from: { project: string; stack: string }, to: { project: string; stack: string }): void {
    const file = path.join(work, `${state}.json`);
    const text = fs.readFileSync(file, "utf8").split(`urn:pulumi:${from.stack}::${from.project}::`).join(`urn:pulumi:${to.stack}::${to.project}::`);
    const parsed = JSON.parse(text);
    fs.writeFileSync(file, JSON.stringify({ ...parsed, project: to.project, stack: to.stack }, null, 2));
  }

  const monitorSteps = (r: OperationResult) => r.steps.filter((s) => s.type === MONITOR).map((s) => s.op);
  const monitorNames = () => emulator.control.snapshot().monitors.map((m) => m.name).sort();

  it("keeps an auto-named monitor's name across a stack rename and a project rename, on every later up", async () => {
    let r = await engine({ stack: "dev", state: "renames", monitor: spec() }).up();
    ok(r);
    const name = String(r.outputs.monitorName);
    assert.match(name, /^m-[0-9a-f]{7}$/);
    const steps: string[][] = [];
    renameInState("renames", { project: "nfm-lifecycle", stack: "dev" }, { project: "nfm-lifecycle", stack: "prod" });
    for (let i = 0; i < 2; i++) {
      r = await engine({ stack: "prod", state: "renames", monitor: spec() }).up();
      ok(r);
      steps.push(monitorSteps(r));
    }
    renameInState("renames", { project: "nfm-lifecycle", stack: "prod" }, { project: "nfm-shop", stack: "prod" });
    for (let i = 0; i < 2; i++) {
      r = await engine({ stack: "prod", state: "renames", monitor: spec(), projectName: "nfm-shop" }).up();
      ok(r);
      steps.push(monitorSteps(r));
    }
    assert.deepEqual(steps, [["same"], ["same"], ["same"], ["same"]]);
    assert.equal(r.outputs.monitorName, name);
    assert.ok(monitorNames().includes(name));
    ok(await engine({ stack: "prod", state: "renames", monitor: spec(), projectName: "nfm-shop" }).destroy());
  });

  it("keeps an auto-named monitor's name across an aliased resource rename, on every later up", async () => {
    let r = await engine({ stack: "dev", state: "alias", monitor: spec() }).up();
    ok(r);
    const name = r.outputs.monitorName;
    for (let i = 0; i < 2; i++) {
      r = await engine({ stack: "dev", state: "alias", monitor: spec(), config: { resourceName: "renamed", aliasOf: "m" } }).up();
      ok(r);
      assert.deepEqual(monitorSteps(r), ["same"], `up #${i + 1} after the rename`);
    }
    assert.equal(r.outputs.monitorName, name);
    ok(await engine({ stack: "dev", state: "alias", monitor: spec(), config: { resourceName: "renamed" } }).destroy());
  });

  it("never reports success while the monitor is in ERROR, refresh or not, and replaces it once the cause is gone", async () => {
    const broken = spec({ monitorName: "lc-broken" });
    emulator.control.setFaults({ errorMonitors: ["lc-broken"] });
    let r = await engine({ stack: "broken", state: "broken", monitor: broken }).up();
    assert.equal(r.ok, false, "the create ends in ERROR");
    ok(await engine({ stack: "broken", state: "broken", monitor: broken }).refresh());
    r = await engine({ stack: "broken", state: "broken", monitor: broken }).up();
    assert.equal(r.ok, false, `an up after refresh must not report success with the monitor in ERROR:\n${explain(r)}`);
    assert.match(explain(r), /ERROR/);
    emulator.control.setFaults({ errorMonitors: [] });
    r = await engine({ stack: "broken", state: "broken", monitor: broken }).up();
    ok(r);
    assert.ok(monitorSteps(r).includes("replace") || monitorSteps(r).includes("create"), JSON.stringify(monitorSteps(r)));
    assert.equal(emulator.control.getMonitor("lc-broken")?.status, "ACTIVE");
    r = await engine({ stack: "broken", state: "broken", monitor: broken }).up();
    assert.deepEqual(monitorSteps(r), ["same"]);
    ok(await engine({ stack: "broken", state: "broken", monitor: broken }).destroy());
  });

  it("keeps a secret tag secret in the state (tags and tagsAll) and out of the plan", async () => {
    const secretValue = "owner-secret-5b2e91";
    const e = engine({ stack: "secret", state: "secret", monitor: spec(), secretConfig: { owner: secretValue } });
    const r = await e.up();
    ok(r);
    const state = JSON.parse(fs.readFileSync(e.stateFile, "utf8"));
    const stored = state.resources.find((res: { type: string }) => res.type === MONITOR);
    // tagsAll is stored encrypted (as a secret), not dropped: the carrier made Pulumi re-mark it.
    assert.ok(JSON.stringify(stored.outputs.tagsAll ?? null).includes(SECRET_SIG), `tagsAll is not stored as a secret: ${JSON.stringify(stored.outputs.tagsAll)}`);
    assert.deepEqual(plainOccurrences(state, secretValue), [], "the secret is in plain text in the state");
    assert.ok(!r.planText.includes(secretValue), "the secret is in the plan");
    const monitorName = String(r.outputs.monitorName);
    assert.equal(emulator.control.getMonitor(monitorName)?.tags.owner, secretValue, "the monitor carries the tag");
    ok(await e.destroy());
  });

  it("fails a Monitor.get of a monitor that does not exist, naming it and the Region", async () => {
    const r = await engine({ stack: "get", state: "get", config: { getName: "no-such-monitor" } }).up();
    assert.equal(r.ok, false, `a get of a missing monitor must fail:\n${explain(r)}`);
    assert.match(explain(r), /monitor "no-such-monitor" does not exist in us-east-1/);
  });

  /**
   * Runs `nfm-engine up` (this checkout's dist/testing/engine/cli.js) as its own process group, and SIGKILLs the
   * group (engine, program, provider host) as soon as the emulator has logged a successful `operation`.
   */
  async function upKilledAfter(operation: string, target: RunningEmulator, stateFile: string, config: Record<string, string>): Promise<void> {
    const child = spawn(process.execPath, [
      path.join(repoRoot, "dist", "testing", "engine", "cli.js"), "up", "--cwd", project, "--stack", "killed", "--state", stateFile,
      ...Object.entries(config).flatMap(([k, v]) => ["--config", `${k}=${v}`]),
    ], { env: { ...process.env, ...env(target.endpoint), AWS_ENDPOINT_URL_STS: target.endpoint }, detached: true, stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const deadline = Date.now() + 120_000;
    while (!target.requests().some((q) => q.operation === operation && q.status === 200)) {
      assert.ok(Date.now() < deadline, `${operation} never succeeded`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const state = fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, "utf8")) : { resources: [] };
    assert.equal(state.resources.some((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/")), false, "the kill came before the state held the resource");
  }

  function killedStack(target: RunningEmulator, stateFile: string, config: Record<string, string>): LocalEngine {
    const e = new LocalEngine({ programDir: project, stack: "killed", stateFile, config, env: { ...env(target.endpoint), AWS_ENDPOINT_URL_STS: target.endpoint } });
    engines.push(e);
    return e;
  }

  it("finishes an up killed (SIGKILL) after CreateMonitor succeeded: one monitor, ACTIVE, no manual step", async () => {
    // Its own emulator, whose monitors stay PENDING until its clock is moved: the kill lands while the provider waits.
    const slow = await startWithScope({ activeAfterMs: 3_600_000 });
    const stateFile = path.join(work, "killed.json");
    const monitor = { localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], scopeArn: slow.scopeArn, tags: { team: "net" } };
    const config = { "aws:region": REGION, "nfm-lifecycle:monitor": JSON.stringify(monitor) };
    try {
      await upKilledAfter("CreateMonitor", slow.emulator, stateFile, config);
      const [created] = slow.emulator.control.snapshot().monitors;
      assert.equal(created.status, "PENDING");

      slow.emulator.control.advanceClock(3_600_000);
      const e = killedStack(slow.emulator, stateFile, config);
      const r = await e.up();
      ok(r);
      const monitors = slow.emulator.control.snapshot().monitors;
      assert.deepEqual(monitors.map((m) => [m.name, m.status]), [[created.name, "ACTIVE"]], "exactly one monitor, ACTIVE");
      assert.equal(r.outputs.monitorName, created.name);
      assert.equal(slow.emulator.requests().filter((q) => q.operation === "CreateMonitor" && q.status === 200).length, 1);
      ok(await e.destroy());
      assert.deepEqual(slow.emulator.control.snapshot().monitors, []);
    } finally {
      await slow.emulator.stop();
    }
  });

  it("finishes an up killed (SIGKILL) after CreateScope succeeded: one scope, SUCCEEDED, despite the one-scope quota", async () => {
    const slow = await startEmulator({ region: REGION, account: ACCOUNT, accessKey: ACCESS_KEY, secretKey: SECRET_KEY, activeAfterMs: 3_600_000, deleteAfterMs: 200 });
    const stateFile = path.join(work, "killed-scope.json");
    const config = { "aws:region": REGION, "nfm-lifecycle:scope": "true" };
    try {
      await upKilledAfter("CreateScope", slow, stateFile, config);
      const [created] = slow.control.snapshot().scopes;
      assert.equal(created.status, "IN_PROGRESS");

      slow.control.advanceClock(3_600_000);
      const e = killedStack(slow, stateFile, config);
      const r = await e.up();
      ok(r);
      assert.deepEqual(slow.control.snapshot().scopes.map((s) => [s.scopeId, s.status]), [[created.scopeId, "SUCCEEDED"]], "exactly one scope, SUCCEEDED");
      assert.equal(r.outputs.scopeId, created.scopeId);
      ok(await e.destroy());
      assert.deepEqual(slow.control.snapshot().scopes, []);
    } finally {
      await slow.stop();
    }
  });
});
