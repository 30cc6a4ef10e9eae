// Histories: what the fuzzer runs. A history is 3 to 8 steps drawn from a seed: program edits, operations (each
// with an optional fault window and an optional crash), and changes made behind Pulumi's back. Steps name the
// resources they touch, so a step whose resource no longer exists (after shrinking) does nothing. Pure.
import { seededRandom } from "../emulator/faults";
import { PER_MONITOR, monitorsOf, subnetArn, type MonitorSpec, type ProgramSpec } from "./program";

export type Edit =
  | { kind: "add"; monitor: MonitorSpec }
  | { kind: "remove"; name: string }
  /** A new resource name: Pulumi replaces the monitor (an explicit monitorName changes with it). */
  | { kind: "rename"; from: string; to: string }
  | { kind: "tags"; name: string; tags: Record<string, string>; secretTags: string[] }
  | { kind: "local"; name: string; local: string[] }
  | { kind: "remote"; name: string; remote: string[] }
  /** Explicit name (a value) or auto-naming (undefined). */
  | { kind: "naming"; name: string; monitorName?: string }
  /** The monitor set's size (0 removes it); past 25 it takes a second monitor. */
  | { kind: "set"; size: number }
  | { kind: "scope"; on: boolean };

export type OperationKind = "up" | "preview" | "refresh" | "destroy" | "up --refresh";

export type FaultKind = "throttle" | "5xx" | "latency" | "lost-response" | "stale-reads" | "clock-skew";

export interface Fault {
  kind: FaultKind;
  /** every Nth request (throttle, 5xx, lost response), reads missed (stale reads), ms (latency, clock skew). */
  amount: number;
}

export type OutOfBand =
  | { kind: "delete"; name: string }
  | { kind: "retag"; name: string; tags: Record<string, string> }
  | { kind: "resources"; name: string; local: string[] }
  | { kind: "error"; name: string }
  /** A monitor created with a name the program declares and this stack's ownership tag (as a crashed run leaves it). */
  | { kind: "squat"; name: string };

export type Step =
  | { kind: "edit"; edit: Edit }
  | { kind: "op"; op: OperationKind; fault?: Fault; crashAfter?: number }
  | { kind: "oob"; change: OutOfBand };

export interface History {
  seed: number;
  steps: Step[];
}

const SERVICES = ["S3", "DynamoDB"];

/** Applies an edit to a program (a new object; an edit naming a resource the program lacks changes nothing). */
export function applyEdit(spec: ProgramSpec, edit: Edit): ProgramSpec {
  const next: ProgramSpec = { ...spec, monitors: spec.monitors.map((m) => ({ ...m })) };
  const find = (name: string) => next.monitors.find((m) => m.name === name);
  switch (edit.kind) {
    case "add":
      if (!find(edit.monitor.name)) next.monitors.push({ ...edit.monitor });
      if (!next.scope) next.scope = true;
      break;
    case "remove":
      next.monitors = next.monitors.filter((m) => m.name !== edit.name);
      break;
    case "rename": {
      const m = find(edit.from);
      if (m && !find(edit.to)) {
        m.name = edit.to;
        if (m.monitorName) m.monitorName = `${edit.to}-explicit`;
      }
      break;
    }
    case "tags": {
      const m = find(edit.name);
      if (m) Object.assign(m, { tags: edit.tags, secretTags: edit.secretTags });
      break;
    }
    case "local": {
      const m = find(edit.name);
      if (m) m.local = edit.local;
      break;
    }
    case "remote": {
      const m = find(edit.name);
      if (m) m.remote = edit.remote;
      break;
    }
    case "naming": {
      const m = find(edit.name);
      if (m) {
        if (edit.monitorName) m.monitorName = edit.monitorName;
        else delete m.monitorName;
      }
      break;
    }
    case "set":
      if (edit.size <= 0) delete next.set;
      else next.set = { name: "ws", size: edit.size, tags: { set: "ws" } };
      if (edit.size > 0) next.scope = true;
      break;
    case "scope":
      next.scope = edit.on;
      if (!edit.on) {
        next.monitors = [];
        delete next.set;
      }
      break;
  }
  return next;
}

/** The program after the history's edits up to (not including) step `upTo`. */
export function programAt(history: History, upTo = history.steps.length): ProgramSpec {
  let spec: ProgramSpec = { scope: false, monitors: [] };
  for (const s of history.steps.slice(0, upTo)) if (s.kind === "edit") spec = applyEdit(spec, s.edit);
  return spec;
}

/** Every secret value the history's programs carry (they must never appear in plain text). */
export function secretValues(history: History): string[] {
  const out = new Set<string>();
  for (const s of history.steps) {
    if (s.kind === "edit" && (s.edit.kind === "tags" || s.edit.kind === "add")) {
      const m = s.edit.kind === "add" ? s.edit.monitor : { tags: s.edit.tags, secretTags: s.edit.secretTags };
      for (const k of m.secretTags) if (m.tags[k] !== undefined) out.add(m.tags[k]);
    }
  }
  return [...out];
}

export interface GeneratorOptions {
  /** Probability an operation that writes is cut by a crash. */
  crashRate: number;
  /** Probability an operation runs in a fault window. */
  faultRate: number;
}

export const defaultGenerator: GeneratorOptions = { crashRate: 0.6, faultRate: 0.35 };

/** Draws a history from a seed. */
export function generateHistory(seed: number, options: GeneratorOptions = defaultGenerator): History {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const chance = (p: number) => random() < p;
  const hex = () => Math.floor(random() * 0xffffff).toString(16).padStart(6, "0");
  let names = 0;
  const newName = () => `m${names++}`;
  const subnets = (n: number) => Array.from({ length: n }, () => subnetArn(int(1, 60)));
  const uniq = (xs: string[]) => [...new Set(xs)];
  const tags = (): { tags: Record<string, string>; secretTags: string[] } => {
    const t: Record<string, string> = {};
    const secretTags: string[] = [];
    for (let i = int(0, 3); i > 0; i--) {
      const key = pick(["team", "env", "cost", "token", "owner"]);
      const secret = chance(0.3);
      t[key] = secret ? `secret-${hex()}${hex()}` : `v-${hex()}`;
      if (secret) secretTags.push(key);
    }
    return { tags: t, secretTags: secretTags.filter((k) => t[k]?.startsWith("secret-")) };
  };
  const newMonitor = (): MonitorSpec => ({
    name: newName(),
    ...(chance(0.3) ? { monitorName: `fz-${hex()}` } : {}),
    local: uniq(subnets(int(1, 4))),
    remote: chance(0.5) ? [pick(SERVICES)] : [],
    ...tags(),
  });

  const steps: Step[] = [];
  let spec: ProgramSpec = { scope: false, monitors: [] };
  const length = int(3, 8);
  // Start from a program worth deploying.
  const first: Edit = { kind: "add", monitor: newMonitor() };
  steps.push({ kind: "edit", edit: first });
  spec = applyEdit(spec, first);
  while (steps.length < length) {
    const roll = random();
    const own = spec.monitors;
    if (roll < 0.4) {
      let edit: Edit;
      const target = own.length ? pick(own) : undefined;
      const r = random();
      if (!target || r < 0.18) edit = { kind: "add", monitor: newMonitor() };
      else if (r < 0.28) edit = { kind: "remove", name: target.name };
      else if (r < 0.38) edit = { kind: "rename", from: target.name, to: newName() };
      else if (r < 0.55) edit = { kind: "tags", name: target.name, ...tags() };
      else if (r < 0.65) edit = { kind: "local", name: target.name, local: uniq(subnets(int(1, 5))) };
      else if (r < 0.72) edit = { kind: "remote", name: target.name, remote: chance(0.5) ? [pick(SERVICES)] : [] };
      else if (r < 0.8) edit = { kind: "naming", name: target.name, monitorName: target.monitorName ? undefined : `fz-${hex()}` };
      else if (r < 0.95) edit = { kind: "set", size: spec.set ? (spec.set.size > PER_MONITOR ? int(0, PER_MONITOR) : int(PER_MONITOR + 1, PER_MONITOR + 8)) : int(3, PER_MONITOR + 5) };
      else edit = { kind: "scope", on: !spec.scope };
      steps.push({ kind: "edit", edit });
      spec = applyEdit(spec, edit);
    } else if (roll < 0.85) {
      const op = pick<OperationKind>(["up", "up", "up", "preview", "refresh", "destroy", "up --refresh"]);
      const step: Step = { kind: "op", op };
      if (op !== "preview" && chance(options.crashRate)) step.crashAfter = int(0, 2 + 3 * (monitorsOf(spec).length + 1));
      if (chance(options.faultRate)) step.fault = drawFault(random);
      steps.push(step);
    } else {
      const all = monitorsOf(spec);
      if (all.length === 0) continue;
      const target = pick(all).name;
      const r = random();
      const change: OutOfBand =
        r < 0.25 ? { kind: "delete", name: target }
        : r < 0.45 ? { kind: "retag", name: target, tags: { drift: `d-${hex()}` } }
        : r < 0.65 ? { kind: "resources", name: target, local: [subnetArn(int(100, 120))] }
        : r < 0.85 ? { kind: "error", name: target }
        : { kind: "squat", name: target };
      steps.push({ kind: "oob", change });
    }
  }
  return { seed, steps };
}

function drawFault(random: () => number): Fault {
  const kinds: FaultKind[] = ["throttle", "5xx", "latency", "lost-response", "stale-reads", "clock-skew"];
  const kind = kinds[Math.floor(random() * kinds.length)];
  switch (kind) {
    case "throttle":
    case "5xx":
      // Throttling backs off in real time (500 ms base): every 4th to 12th request keeps a history short.
      return { kind, amount: 4 + Math.floor(random() * 9) };
    case "lost-response":
      return { kind, amount: 1 + Math.floor(random() * 3) };
    case "latency":
      return { kind, amount: 5 + Math.floor(random() * 20) };
    case "stale-reads":
      return { kind, amount: 1 + Math.floor(random() * 3) };
    case "clock-skew":
      return { kind, amount: (random() < 0.5 ? -1 : 1) * (16 + Math.floor(random() * 40)) * 60_000 };
  }
}

/** One line per step, for failure reports and regression tests. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case "edit": {
      const e = step.edit;
      const { kind, ...rest } = e;
      return `edit ${kind} ${JSON.stringify(rest)}`;
    }
    case "op":
      return `${step.op}${step.fault ? ` [fault ${step.fault.kind} ${step.fault.amount}]` : ""}${step.crashAfter !== undefined ? ` [crash after journal entry ${step.crashAfter}]` : ""}`;
    case "oob":
      return `out of band: ${step.change.kind} ${JSON.stringify({ ...step.change, kind: undefined })}`;
  }
}
