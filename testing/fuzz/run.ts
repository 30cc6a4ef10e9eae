// Running a history and checking the invariants. The world (emulator on loopback, virtual clock shared by the
// emulator's lifecycle and the providers' waiters, AWS environment, and the plugin's gRPC server once a history
// needs it) is started once per process and reset per history; the provider is called in process through the real
// AWS SDK client (SigV4, retries) over HTTP, by the dynamic-provider host's calls or through the plugin's handlers.
import { randomUUID } from "node:crypto";
import { CreateMonitorCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { OWNER_TAG, ownerTagValue } from "../../provider/common/ownership";
import { SECRET_TAGS_TAG, secretTagsMarker, withoutProviderTags } from "../../provider/common/secretTags";
import { autoMonitorName } from "../../provider/monitor/naming";
import * as monitorProvider from "../../provider/monitor/provider";
import { deleteOwned, listOwned } from "../../provider/orphans/account";
import { findOrphans, stateHoldings } from "../../provider/orphans/find";
import * as scopeProvider from "../../provider/scope/provider";
import { DEFAULT_MAX_ATTEMPTS } from "../../provider/settings";
import { realClock } from "../../provider/wait";
import { defaultFaults, type FaultConfig } from "../emulator/faults";
import { startEmulator, type LoggedRequest, type RunningEmulator } from "../emulator/server";
import { parseProviderRef } from "../engine/pluginLookup";
import { SECRET_SIG, SECRET_SIG_KEY, type StateFile } from "../engine/types";
import { InProcessEngine, type FuzzOperationResult } from "./engine";
import type { FrontEndName } from "./frontEnd";
import { InProcessPluginServer, type PluginTransport } from "./pluginFrontEnd";
import { describeStep, programAt, secretValues, type Fault, type History, type OutOfBand, type Step } from "./history";
import { integrityProblem } from "./integrity";
import { ACCOUNT, PLUGIN_PROVIDER_TYPE, REGION, monitorsOf, typesOf, type ProgramSpec } from "./program";

export const PROJECT = "nfm-fuzz";
export const STACK = "dev";
const ACCESS_KEY = "AKIDFUZZ";
const SECRET_KEY = "fuzz-secret-key";
export const WRITE_OPERATIONS = new Set([
  "CreateMonitor", "UpdateMonitor", "DeleteMonitor", "CreateScope", "UpdateScope", "DeleteScope", "TagResource", "UntagResource",
]);
/** The standard retry strategy's longest backoff (20 s), plus room for the fault window's latency. */
const MAX_BACKOFF_MS = 20_000 + 1_000;

/** The invariants, by name (docs/reliability.md explains each). */
export type InvariantName =
  | "harness"
  | "journal-integrity"
  | "1-recovery-succeeds"
  | "2-no-orphan-no-duplicate"
  | "3-state-matches-service"
  | "4-second-up-is-a-no-op"
  | "5-no-plain-secret"
  | "6-retries-within-budget"
  | "7-destroy-empties-the-service";

export interface Violation {
  invariant: InvariantName;
  message: string;
}

export interface HistoryResult {
  history: History;
  /** The front end it ran on. */
  front: FrontEndName;
  violations: Violation[];
  /** Operations cut by a crash that was reached. */
  crashes: number;
  faults: number;
  /** Orphans the interrupted creates left (deleted by the orphans command before invariant 2 is checked). */
  orphans: number;
  /** What each step did, for the report. */
  trace: string[];
  ms: number;
}

export interface FuzzWorld {
  emulator: RunningEmulator;
  /** Provider progress messages and engine log lines of the current history (searched for secrets). */
  logs: string[];
  /** The front end of a history run without naming one. */
  front: FrontEndName;
  /** The plugin's server (started on first use, then shared by every history of the process). */
  pluginServer(): Promise<InProcessPluginServer>;
  /** A defect planted on purpose (tests prove the invariants can fail). */
  plant?: PlantedDefect;
  stop(): Promise<void>;
}

/** Defects a test can plant to see the right invariant fire. */
export type PlantedDefect = "leak-secret-to-log" | "forget-to-delete" | "plugin-forgets-secrets";

export interface WorldOptions {
  /** How the engine reaches the plugin's handlers (pluginFrontEnd.ts); in process unless told. */
  pluginTransport?: PluginTransport;
}

export async function startWorld(front: FrontEndName = "dynamic", options: WorldOptions = {}): Promise<FuzzWorld> {
  const saved = { ...process.env };
  let now = Date.now();
  const emulator = await startEmulator({
    region: REGION,
    account: ACCOUNT,
    // Long enough that waits see PENDING / DELETING; short, since each poll is a real request.
    activeAfterMs: 1_500,
    deleteAfterMs: 800,
    clock: () => now,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
  });
  process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY;
  process.env.AWS_SECRET_ACCESS_KEY = SECRET_KEY;
  process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const logs: string[] = [];
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms), random: () => 0.5 };
  monitorProvider.setClockForTesting(clock, (m) => logs.push(m));
  scopeProvider.setClockForTesting(clock, (m) => logs.push(m));
  let plugin: Promise<InProcessPluginServer> | undefined;
  const world: FuzzWorld = {
    emulator,
    logs,
    front,
    pluginServer: () => (plugin ??= InProcessPluginServer.start(options.pluginTransport)),
    stop: async () => {
      monitorProvider.setClockForTesting(realClock);
      scopeProvider.setClockForTesting(realClock);
      if (plugin) await (await plugin).stop();
      await emulator.stop();
      process.env = saved;
    },
  };
  if (front === "plugin") await world.pluginServer();
  return world;
}

function faultConfig(fault: Fault, seed: number): Partial<FaultConfig> {
  switch (fault.kind) {
    case "throttle":
      return { throttleEvery: fault.amount, seed };
    case "5xx":
      return { errorEvery: fault.amount, seed };
    case "latency":
      return { latencyMs: fault.amount, seed };
    case "lost-response":
      return { lostResponseEvery: fault.amount, seed };
    case "stale-reads":
      return { staleReadsAfterCreate: fault.amount, seed };
    case "clock-skew":
      return { clockSkewMs: fault.amount, seed };
  }
}

const adminClient = (world: FuzzWorld) =>
  new NetworkFlowMonitorClient({ region: REGION, endpoint: world.emulator.endpoint, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY }, maxAttempts: 1 });

const ownerOf = (name: string, stack = STACK) => ownerTagValue({ project: PROJECT, stack, resourceName: name });

/** Applies a change behind Pulumi's back; returns what it did (or why it did nothing). */
async function outOfBand(world: FuzzWorld, change: OutOfBand, spec: ProgramSpec): Promise<string> {
  const { control } = world.emulator;
  const service = control.snapshot();
  const target = service.monitors.find((m) => m.tags[OWNER_TAG] === ownerOf(change.name));
  if (change.kind === "squat") {
    const m = monitorsOf(spec).find((x) => x.name === change.name);
    const scope = service.scopes[0];
    if (!m || !scope) return "nothing to squat on";
    const name = m.monitorName ?? autoMonitorName({ project: PROJECT, stack: STACK, resourceName: m.name }, { scopeArn: scope.arn, region: REGION });
    if (service.monitors.some((x) => x.name === name)) return `${name} exists already`;
    const api = adminClient(world);
    try {
      await api.send(new CreateMonitorCommand({
        monitorName: name,
        localResources: m.local.map((identifier) => ({ type: "AWS::EC2::Subnet", identifier })),
        scopeArn: scope.arn,
        tags: { [OWNER_TAG]: ownerOf(m.name) },
        clientToken: randomUUID(),
      }));
    } finally {
      api.destroy();
    }
    return `created ${name} with this stack's ownership tag`;
  }
  if (!target) return "no such monitor in the service";
  switch (change.kind) {
    case "delete":
      control.deleteMonitor(target.name);
      return `deleted ${target.name}`;
    case "retag":
      control.setMonitorTags(target.name, { ...change.tags, [OWNER_TAG]: target.tags[OWNER_TAG] });
      return `retagged ${target.name}`;
    case "resources":
      control.setMonitorResources(target.name, { localResources: change.local.map((identifier) => ({ type: "AWS::EC2::Subnet", identifier })) });
      return `changed ${target.name}'s local resources`;
    case "error":
      control.setMonitorStatus(target.name, "ERROR");
      return `set ${target.name} to ERROR`;
  }
}

async function runOperation(engine: InProcessEngine, step: Extract<Step, { kind: "op" }>, spec: ProgramSpec, clearPendingCreates = false): Promise<FuzzOperationResult> {
  switch (step.op) {
    case "up":
      return engine.up(spec);
    case "up --refresh":
      return engine.up(spec, { refresh: true });
    case "preview":
      return engine.preview(spec);
    case "refresh":
      return engine.refresh({ clearPendingCreates });
    case "destroy":
      return engine.destroy();
  }
}

const failureText = (r: FuzzOperationResult) => r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.urn ?? ""} ${d.message}`).join("; ");

/** The state with every secret's value replaced, so a search for a secret's text finds only plain copies. */
function withoutSecretValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSecretValues);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SECRET_SIG_KEY] === SECRET_SIG) return "[secret]";
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, withoutSecretValues(x)]));
  }
  return v;
}

/** The path of the first string holding one of `secrets`, or undefined. */
function plainTextAt(v: unknown, secrets: string[], at = ""): string | undefined {
  if (typeof v === "string") return secrets.some((x) => v.includes(x)) ? at || "(root)" : undefined;
  if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const found = plainTextAt(x, secrets, Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = [...new Set(a)].sort();
  const sb = [...new Set(b)].sort();
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

function sameTags(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Invariant 2: the service holds exactly what the program declares. */
export function serviceProblems(emulator: RunningEmulator, spec: ProgramSpec, stack = STACK): string[] {
  const service = emulator.control.snapshot();
  const problems: string[] = [];
  const declared = monitorsOf(spec);
  for (const m of declared) {
    const found = service.monitors.filter((x) => x.tags[OWNER_TAG] === ownerOf(m.name, stack));
    if (found.length !== 1) {
      problems.push(`${m.name}: ${found.length} monitors carry its ownership tag (${found.map((f) => f.name).join(", ")})`);
      continue;
    }
    const x = found[0];
    if (m.monitorName && x.name !== m.monitorName) problems.push(`${m.name}: named ${x.name}, declared ${m.monitorName}`);
    if (x.status !== "ACTIVE") problems.push(`${m.name}: ${x.name} is ${x.status}`);
    const tags = withoutProviderTags(x.tags);
    if (!sameTags(tags, m.tags)) problems.push(`${m.name}: tags ${JSON.stringify(Object.keys(tags).sort())} differ from the program's ${JSON.stringify(Object.keys(m.tags).sort())}`);
    const marker = secretTagsMarker(Object.keys(m.tags).filter((k) => m.secretTags.includes(k)));
    if (x.tags[SECRET_TAGS_TAG] !== marker) problems.push(`${m.name}: the marker of secret tags is ${JSON.stringify(x.tags[SECRET_TAGS_TAG])}, the program's secret tags make it ${JSON.stringify(marker)}`);
    if (!sameSet(x.localResources.map((r) => r.identifier), m.local)) problems.push(`${m.name}: local resources differ from the program's`);
    if (!sameSet(x.remoteResources.map((r) => r.identifier), m.remote)) problems.push(`${m.name}: remote resources differ from the program's`);
  }
  const owners = new Set(declared.map((m) => ownerOf(m.name, stack)));
  for (const x of service.monitors) {
    if (!owners.has(x.tags[OWNER_TAG])) problems.push(`monitor ${x.name} (owner ${x.tags[OWNER_TAG] ?? "none"}) is not declared`);
  }
  const scopes = service.scopes.filter((s) => s.status !== "DEACTIVATED");
  if (scopes.length !== (spec.scope ? 1 : 0)) problems.push(`${scopes.length} scopes, the program declares ${spec.scope ? 1 : 0}`);
  for (const s of scopes) if (s.status !== "SUCCEEDED") problems.push(`scope ${s.scopeId} is ${s.status}`);
  return problems;
}

/** Invariant 3: the state holds what the service holds, and nothing is pending. */
export function stateProblems(emulator: RunningEmulator, state: StateFile, spec: ProgramSpec): string[] {
  const problems: string[] = [];
  if (state.pendingOperations?.length) problems.push(`pending operations left: ${state.pendingOperations.map((o) => `${o.type} ${o.resource.urn}`).join(", ")}`);
  const service = emulator.control.snapshot();
  const custom = state.resources.filter((r) => r.custom);
  const monitors = custom.filter((r) => r.type.endsWith(":Monitor"));
  const scopes = custom.filter((r) => r.type.endsWith(":Scope"));
  if (monitors.length !== monitorsOf(spec).length) problems.push(`state holds ${monitors.length} monitors, the program declares ${monitorsOf(spec).length}`);
  if (scopes.length !== (spec.scope ? 1 : 0)) problems.push(`state holds ${scopes.length} scopes`);
  for (const r of monitors) {
    const x = service.monitors.find((m) => m.name === r.id);
    if (!x) {
      problems.push(`${r.urn}: monitor ${r.id} is not in the service`);
      continue;
    }
    const out = withoutSecretValues(r.outputs) as Record<string, unknown>;
    if (out.monitorStatus !== x.status) problems.push(`${r.urn}: state says ${String(out.monitorStatus)}, the service ${x.status}`);
    if (r.status !== "created") problems.push(`${r.urn}: state status ${r.status}`);
  }
  for (const r of scopes) if (!service.scopes.some((s) => s.scopeId === r.id)) problems.push(`${r.urn}: scope ${r.id} is not in the service`);
  return problems;
}

/**
 * Invariant 3, the state's shape on each front end. Dynamic: the resources are `pulumi-nodejs:dynamic/...` with
 * their serialized provider (`__provider`) in inputs and outputs, and no provider resource. Plugin: the resources are
 * the plugin's types, nothing holds a `__provider`, every one names the package's default provider, which the state
 * holds once (and only while it holds resources of the package).
 */
export function stateShapeProblems(state: StateFile, front: FrontEndName): string[] {
  const problems: string[] = [];
  const types = typesOf(front);
  const other = typesOf(front === "plugin" ? "dynamic" : "plugin");
  const ours = state.resources.filter((r) => r.type === types.monitor || r.type === types.scope);
  for (const r of state.resources) {
    if (r.type === other.monitor || r.type === other.scope) problems.push(`${r.urn}: a ${front === "plugin" ? "dynamic" : "plugin"} resource on the ${front} front end`);
  }
  const providers = state.resources.filter((r) => r.type === PLUGIN_PROVIDER_TYPE);
  if (front === "dynamic") {
    if (providers.length) problems.push(`provider resources in a dynamic-provider stack: ${providers.map((p) => p.urn).join(", ")}`);
    for (const r of ours) {
      if (typeof r.inputs.__provider !== "string" || typeof r.outputs.__provider !== "string") problems.push(`${r.urn}: no serialized provider (__provider)`);
    }
    return problems;
  }
  const live = providers.filter((p) => p.status !== "pending-delete");
  if (live.length > 1) problems.push(`${live.length} ${PLUGIN_PROVIDER_TYPE} resources: ${live.map((p) => `${p.urn}::${p.id}`).join(", ")}`);
  if (ours.length > 0 && live.length === 0) problems.push(`the plugin's resources are in the state, their default provider is not`);
  if (ours.length === 0 && live.length > 0) problems.push(`the default provider is in the state without any resource of its package`);
  for (const p of live) if (p.name !== "default") problems.push(`${p.urn}: the program declares no provider, the engine only a default one`);
  const refs = new Set(live.map((p) => `${p.urn}::${p.id}`));
  for (const r of ours) {
    if (JSON.stringify([r.inputs, r.outputs]).includes('"__provider"')) problems.push(`${r.urn}: holds a serialized provider (__provider)`);
    if (!r.provider) problems.push(`${r.urn}: no provider reference`);
    else if (!refs.has(r.provider)) problems.push(`${r.urn}: its provider ${parseProviderRef(r.provider).urn} (id ${parseProviderRef(r.provider).id}) is not the default provider the state holds`);
  }
  return problems;
}

/** Ids and ARNs of the monitors and scopes a state holds, as the harness reads it (by the front end's types). */
function heldByState(state: StateFile, front: FrontEndName): Map<string, string> {
  const types = typesOf(front);
  const held = new Map<string, string>();
  for (const r of state.resources) {
    if (r.type !== types.monitor && r.type !== types.scope) continue;
    const out = withoutSecretValues(r.outputs) as Record<string, unknown>;
    for (const v of [r.id, out.monitorName, out.monitorArn, out.scopeId, out.scopeArn]) if (typeof v === "string" && v) held.set(v, r.urn);
  }
  return held;
}

/**
 * Invariant 6: no write was sent more than the SDK's attempts in a row, nor retried after a gap beyond its backoff
 * cap. An SDK retry is the same request again on the same path with nothing else on that path between; a request
 * the provider sends again after reading the resource (a delete after a conflict) starts a new run.
 */
export function retryProblems(requests: LoggedRequest[]): string[] {
  const problems: string[] = [];
  const runs = new Map<string, LoggedRequest[]>();
  const key = (r: LoggedRequest) => `${r.operation} ${JSON.stringify(r.requestBody)}`;
  const check = (run: LoggedRequest[]) => {
    if (run.length > DEFAULT_MAX_ATTEMPTS) problems.push(`${run[0].operation} ${run[0].path} sent ${run.length} times in a row (budget ${DEFAULT_MAX_ATTEMPTS} attempts)`);
    for (let i = 1; i < run.length; i++) {
      const gap = Date.parse(run[i].time) - Date.parse(run[i - 1].time);
      if (gap > MAX_BACKOFF_MS) problems.push(`${run[0].operation} retried after ${gap} ms (cap ${MAX_BACKOFF_MS} ms)`);
    }
  };
  for (const r of requests) {
    if (!r.operation) continue;
    const run = runs.get(r.path) ?? [];
    const last = run[run.length - 1];
    if (last && WRITE_OPERATIONS.has(r.operation) && key(last) === key(r) && last.status !== 200) {
      run.push(r);
    } else {
      check(run);
      runs.set(r.path, WRITE_OPERATIONS.has(r.operation) ? [r] : []);
    }
  }
  for (const run of runs.values()) check(run);
  return problems;
}

/**
 * Runs one history; every invariant it breaks is in `violations`. What the provider prints meanwhile (pulumi.log
 * falls back to the console outside an engine) is captured into the logs, which invariant 5 searches.
 */
export async function runHistory(world: FuzzWorld, history: History, front: FrontEndName = world.front): Promise<HistoryResult> {
  const writes = [process.stdout.write, process.stderr.write] as const;
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    world.logs.push(String(chunk));
    const done = rest.find((x) => typeof x === "function") as (() => void) | undefined;
    done?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    return await runHistoryCaptured(world, history, front);
  } catch (err) {
    // A harness failure is a finding too, never the end of a run.
    return { history, front, violations: [{ invariant: "harness", message: String((err as Error)?.stack ?? err) }], crashes: 0, faults: 0, orphans: 0, trace: [], ms: 0 };
  } finally {
    [process.stdout.write, process.stderr.write] = writes;
  }
}

/**
 * The stack config of a front end. Dynamic: the AWS Region as @pulumi/aws reads it and this package's endpoint; the
 * credentials come from the environment. Plugin: the plugin's own `networkflowmonitor:*` keys (its default
 * provider gets only those), with the credentials in config, the secret key as secret config.
 */
export function frontConfig(front: FrontEndName, endpoint: string): { config: Record<string, string>; secretConfig: Record<string, string> } {
  if (front === "plugin") {
    return {
      config: { "networkflowmonitor:region": REGION, "networkflowmonitor:endpoint": endpoint, "networkflowmonitor:accessKey": ACCESS_KEY },
      secretConfig: { "networkflowmonitor:secretKey": SECRET_KEY },
    };
  }
  return { config: { "aws:region": REGION, "networkflowmonitor:endpoint": endpoint }, secretConfig: {} };
}

async function runHistoryCaptured(world: FuzzWorld, history: History, front: FrontEndName): Promise<HistoryResult> {
  const started = Date.now();
  const { emulator } = world;
  emulator.control.reset();
  emulator.control.setFaults({ ...defaultFaults });
  world.logs.length = 0;
  const violations: Violation[] = [];
  const trace: string[] = [];
  /** The service's request log, one batch per operation (a retry never crosses operations). */
  const requests: LoggedRequest[][] = [];
  const journal: StateFile[] = [];
  const fail = (invariant: InvariantName, message: string) => {
    if (!violations.some((v) => v.invariant === invariant && v.message === message)) violations.push({ invariant, message });
  };
  const plugin = front === "plugin" ? await world.pluginServer() : undefined;
  if (plugin) plugin.planted.forgetSecrets = world.plant === "plugin-forgets-secrets";
  const engine = new InProcessEngine({
    project: PROJECT,
    stack: STACK,
    ...frontConfig(front, emulator.endpoint),
    front,
    plugin,
    log: (l) => world.logs.push(l),
  });
  const takeJournal = () => {
    for (const entry of engine.journal) {
      const problem = integrityProblem(entry);
      if (problem) fail("journal-integrity", `in step ${trace.length + 1}: ${problem}`);
      journal.push(entry);
    }
    engine.journal = [];
  };
  const takeRequests = () => {
    requests.push(emulator.requests());
    emulator.clearRequests();
  };
  let crashes = 0;
  let faults = 0;
  let spec: ProgramSpec = { scope: false, monitors: [] };
  for (const [i, step] of history.steps.entries()) {
    spec = programAt(history, i + 1);
    if (step.kind === "edit") {
      trace.push(describeStep(step));
      continue;
    }
    if (step.kind === "oob") {
      trace.push(`${describeStep(step)}: ${await outOfBand(world, step.change, spec)}`);
      continue;
    }
    if (step.fault) {
      faults++;
      emulator.control.setFaults({ ...defaultFaults, ...faultConfig(step.fault, history.seed) });
    }
    engine.crashAfter = step.crashAfter;
    const held = engine.state.resources.filter((x) => x.custom && x.id).map((x) => x.id!);
    const r = await runOperation(engine, step, spec);
    emulator.control.setFaults({ ...defaultFaults });
    const crashed = engine.crash.crashed;
    if (crashed) crashes++;
    if (step.op === "destroy" && r.ok && !crashed) {
      // A destroy that reports success has deleted everything its state held.
      emulator.control.advanceClock(60_000);
      const service = emulator.control.snapshot();
      const left = held.filter((id) => service.monitors.some((m) => m.name === id) || service.scopes.some((x) => x.scopeId === id));
      if (left.length) fail("7-destroy-empties-the-service", `step ${i + 1}: destroy reported success and left ${left.join(", ")}`);
    }
    engine.restart();
    takeJournal();
    takeRequests();
    trace.push(`${describeStep(step)}: ${crashed ? "crashed" : r.ok ? "ok" : `failed: ${failureText(r)}`}`);
  }

  // Recovery, faults off, as docs/reliability.md tells users: refresh (clearing pending creates, as a user
  // answering refresh's prompt would), the orphans command (the honest exception: interrupted creates leave
  // objects only the ownership tag still names; one the program still declares is created again), then up.
  const recovery = await engine.refresh({ clearPendingCreates: true });
  if (!recovery.ok) fail("1-recovery-succeeds", `refresh failed: ${failureText(recovery)}`);
  const api = adminClient(world);
  let orphans = 0;
  try {
    const report = findOrphans(await listOwned(api, PROJECT, STACK), stateHoldings(engine.state), PROJECT, STACK);
    if (report.pending.length) fail("2-no-orphan-no-duplicate", `orphans command: ${report.pending.length} resources named by pending operations after refresh`);
    // The command must not call orphan what the state holds: that would delete a live resource. Reported, and not
    // deleted, so that the rest of the history still says something.
    const held = heldByState(engine.state, front);
    const wrong = report.orphans.filter((o) => held.has(o.id) || held.has(o.arn));
    for (const o of wrong) fail("2-no-orphan-no-duplicate", `orphans command: reports ${o.kind} ${o.id} as an orphan, but the state holds it (${held.get(o.id) ?? held.get(o.arn)}); not deleted`);
    const real = report.orphans.filter((o) => !wrong.includes(o));
    orphans = real.length;
    const sleep = async (ms: number) => emulator.control.advanceClock(ms);
    if (world.plant !== "forget-to-delete") for (const o of real) await deleteOwned(api, o, { sleep });
    if (orphans) trace.push(`orphans command deleted ${orphans}: ${real.map((o) => o.id).join(", ")}`);
  } finally {
    api.destroy();
  }
  emulator.control.advanceClock(60_000);
  const up = await engine.up(spec);
  if (!up.ok) fail("1-recovery-succeeds", `up failed: ${failureText(up)}`);
  trace.push(`recovery: refresh ${recovery.ok ? "ok" : "failed"}, up ${up.ok ? "ok" : "failed"}`);
  takeJournal();

  // Deletions settle on the service's clock.
  emulator.control.advanceClock(60_000);
  for (const p of serviceProblems(emulator, spec)) fail("2-no-orphan-no-duplicate", p);
  for (const p of stateProblems(emulator, engine.state, spec)) fail("3-state-matches-service", p);
  for (const p of stateShapeProblems(engine.state, front)) fail("3-state-matches-service", p);
  takeRequests();

  const second = await engine.up(spec);
  const writes = emulator.requests().filter((r) => r.operation && WRITE_OPERATIONS.has(r.operation));
  const changed = Object.entries(second.changeSummary).filter(([k, n]) => k !== "same" && n > 0);
  if (!second.ok || writes.length || changed.length) {
    fail("4-second-up-is-a-no-op", `ok ${second.ok}, writes ${writes.map((w) => w.operation).join(",") || "none"}, changes ${JSON.stringify(Object.fromEntries(changed))}${second.ok ? "" : `: ${failureText(second)}`}`);
  }
  takeJournal();
  takeRequests();

  // On the plugin front end the provider's secret key is secret config: it must stay secret in the default
  // provider's stored inputs and outputs too.
  const secrets = [...secretValues(history), ...Object.values(frontConfig(front, emulator.endpoint).secretConfig)];
  if (world.plant === "leak-secret-to-log" && secrets.length) world.logs.push(`planted: ${secrets[0]}`);
  if (secrets.length) {
    const leak = journal.map((entry, i) => ({ i, at: plainTextAt(withoutSecretValues(entry), secrets) })).find((x) => x.at);
    if (leak) fail("5-no-plain-secret", `a secret value is in plain text in journal entry ${leak.i} at ${leak.at}`);
    else if (secrets.some((x) => world.logs.join("\n").includes(x))) fail("5-no-plain-secret", "a secret value is in plain text in the logs");
  }
  for (const p of requests.flatMap(retryProblems)) fail("6-retries-within-budget", p);

  const destroy = await engine.destroy();
  emulator.control.advanceClock(60_000);
  const left = emulator.control.snapshot();
  if (!destroy.ok || left.monitors.length || left.scopes.length || engine.state.resources.some((r) => r.custom)) {
    fail("7-destroy-empties-the-service", `destroy ${destroy.ok ? "ok" : `failed: ${failureText(destroy)}`}; left ${left.monitors.map((m) => m.name).concat(left.scopes.map((s) => s.scopeId)).join(", ") || "nothing"} in the service`);
  }
  takeJournal();
  return { history, front, violations, crashes, faults, orphans, trace, ms: Date.now() - started };
}
