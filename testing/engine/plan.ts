// Pure engine logic: property comparison, secret and reference handling, step decisions, summaries and the plan
// text. No I/O here, so it is tested directly.
import {
  RESOURCE_REF_SIG,
  SECRET_SIG,
  SECRET_SIG_KEY,
  UNKNOWN,
  type ChangeKind,
  type OperationName,
  type StateResource,
  type Step,
} from "./types";

type Props = Record<string, unknown>;

export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as any)[SECRET_SIG_KEY] === SECRET_SIG;
}

export function makeSecret(value: unknown): Props {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

function isResourceRef(value: unknown): value is { urn: string; id?: string } {
  return typeof value === "object" && value !== null && (value as any)[SECRET_SIG_KEY] === RESOURCE_REF_SIG;
}

/**
 * What a provider that accepts neither secrets nor resource references receives: secrets unwrapped, references
 * replaced by the id (custom resources) or the URN (components).
 */
export function toProviderValue(value: unknown): unknown {
  if (isSecret(value)) return toProviderValue(value.value);
  if (isResourceRef(value)) return value.id !== undefined ? (value.id === "" ? UNKNOWN : value.id) : value.urn;
  if (Array.isArray(value)) return value.map(toProviderValue);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toProviderValue(v)]));
  }
  return value;
}

/** Top-level keys whose value is a secret (the engine re-marks the same output keys as secret). */
export function secretKeys(props: Props): string[] {
  return Object.keys(props).filter((k) => isSecret(props[k]));
}

/** Wraps the given top-level keys of `props` as secrets (skipping ones already wrapped). */
export function markSecrets(props: Props, keys: string[]): Props {
  const out: Props = { ...props };
  for (const k of keys) if (k in out && !isSecret(out[k])) out[k] = makeSecret(out[k]);
  return out;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

/**
 * Top-level properties that differ between old and new inputs, sorted. An unknown new value always counts as a
 * change, since the engine cannot prove it equal.
 */
export function changedKeys(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys]
    .filter((k) => containsUnknown(news[k]) || !deepEqual(toProviderValue(olds[k]), toProviderValue(news[k])))
    .sort();
}

export interface DiffDecision {
  op: "same" | "update" | "replace";
  diffs: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Decides the step for an existing resource from the provider's Diff answer (or, for resources without a
 * provider, `diff` undefined) and the engine's own input comparison. A resource left in `failed-init` is updated
 * even without changes, so the provider gets another chance to finish it.
 */
export function decideStep(
  oldInputs: Props,
  newInputs: Props,
  diff: { changes: "some" | "none" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean } | undefined,
  oldStatus: StateResource["status"],
): DiffDecision {
  const diffs = changedKeys(oldInputs, newInputs);
  const changes = diff?.changes ?? "unknown";
  const replaces = diff?.replaces ?? [];
  const deleteBeforeReplace = diff?.deleteBeforeReplace ?? false;
  const changed = changes === "some" || (changes === "unknown" && diffs.length > 0);
  if (changed && replaces.length > 0) {
    // The provider's replace keys are changes even if the engine's comparison missed them.
    const all = [...new Set([...diffs, ...replaces])].sort();
    return { op: "replace", diffs: all, replaces: [...replaces].sort(), deleteBeforeReplace };
  }
  if (changed || oldStatus === "failed-init") return { op: "update", diffs, replaces: [], deleteBeforeReplace: false };
  return { op: "same", diffs: [], replaces: [], deleteBeforeReplace: false };
}

/**
 * Resources of the old state to delete at the end of an update, latest created first: those not registered this
 * run and those replaced create-before-delete.
 */
export function deletionOrder(old: StateResource[], keep: (r: StateResource) => boolean): StateResource[] {
  return old.filter((r) => !keep(r)).reverse();
}

/**
 * The resources of `pending` (those still to delete, including ones being deleted) that no other pending resource
 * depends on or has as its parent: these can be deleted now, concurrently, as the Pulumi engine does.
 */
export function readyToDelete(pending: StateResource[]): StateResource[] {
  const needed = new Set<string>();
  for (const r of pending) {
    for (const d of r.dependencies) needed.add(d);
    if (r.parent) needed.add(r.parent);
  }
  return pending.filter((r) => !needed.has(r.urn));
}

export function summarize(steps: Step[]): Record<ChangeKind, number> {
  const summary: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0, refresh: 0 };
  for (const s of steps) {
    switch (s.op) {
      case "create":
      case "update":
      case "replace":
      case "delete":
      case "same":
        summary[s.op]++;
        break;
      case "read":
        summary.refresh++;
        break;
      // create-replacement / delete-replaced are the halves of a counted replace.
      default:
        break;
    }
  }
  return summary;
}

const SYMBOLS: Record<Step["op"], string> = {
  create: "+",
  update: "~",
  replace: "+-",
  delete: "-",
  same: " ",
  read: ">",
  import: "=",
  discard: "<",
  "create-replacement": "++",
  "delete-replaced": "--",
};

const HEADINGS: Record<OperationName, [preview: string, run: string]> = {
  preview: ["Previewing update", "Previewing update"],
  up: ["Previewing update", "Updating"],
  refresh: ["Previewing refresh", "Refreshing"],
  destroy: ["Previewing destroy", "Destroying"],
};

/** Formats an output value: unknowns as `output<string>`, secrets as `[secret]`. */
export function formatValue(value: unknown, indent = "    "): string {
  if (value === UNKNOWN) return "output<string>";
  if (isSecret(value)) return "[secret]";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${indent}    ${formatValue(v, indent + "    ")}`).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${indent}    ${k}: ${formatValue(v, indent + "    ")}`).join("\n")}\n${indent}}`;
  }
  return String(value);
}

function describe(step: Step): string {
  const diff = step.diffs.length ? ` [diff: ${step.diffs.map((d) => `~${d}`).join(", ")}]` : "";
  const dbr = step.op === "replace" && step.deleteBeforeReplace ? " (delete before replace)" : "";
  const failed = step.failed ? " **failed**" : "";
  const label = step.op === "read" ? "refresh" : step.op;
  return `${label}${step.op === "same" ? "" : diff}${dbr}${failed}`;
}

/** The plan as a Pulumi user reads it: steps, outputs, then the resource summary. */
export function renderPlan(args: {
  operation: OperationName;
  dryRun: boolean;
  stack: string;
  steps: Step[];
  outputs: Record<string, unknown>;
  diagnostics: { urn?: string; severity: string; message: string }[];
}): string {
  const [previewHeading, runHeading] = HEADINGS[args.operation];
  const lines = [`${args.dryRun ? previewHeading : runHeading} (${args.stack}):`, ""];
  const shown = args.steps.filter((s) => s.op !== "create-replacement" && s.op !== "delete-replaced");
  const typeWidth = Math.max(4, ...shown.map((s) => s.type.length));
  const nameWidth = Math.max(4, ...shown.map((s) => s.name.length));
  lines.push(`     ${"Type".padEnd(typeWidth)}  ${"Name".padEnd(nameWidth)}  ${args.dryRun ? "Plan" : "Status"}`);
  for (const s of shown) {
    lines.push(` ${SYMBOLS[s.op].padEnd(3)} ${s.type.padEnd(typeWidth)}  ${s.name.padEnd(nameWidth)}  ${describe(s)}`);
  }
  const errors = args.diagnostics.filter((d) => d.severity !== "info");
  if (errors.length) {
    lines.push("", "Diagnostics:");
    for (const d of errors) lines.push(`  ${d.urn ?? "engine"}`, `    ${d.severity}: ${d.message.split("\n").join("\n    ")}`);
  }
  const outputKeys = Object.keys(args.outputs).sort();
  if (outputKeys.length) {
    lines.push("", "Outputs:");
    const width = Math.max(...outputKeys.map((k) => k.length));
    for (const k of outputKeys) lines.push(`    ${`${k}:`.padEnd(width + 1)} ${formatValue(args.outputs[k])}`);
  }
  const summary = summarize(args.steps);
  const verbs: [ChangeKind, string, string][] = [
    ["create", "+", args.dryRun ? "to create" : "created"],
    ["update", "~", args.dryRun ? "to update" : "updated"],
    ["replace", "+-", args.dryRun ? "to replace" : "replaced"],
    ["delete", "-", args.dryRun ? "to delete" : "deleted"],
    ["refresh", ">", args.dryRun ? "to refresh" : "refreshed"],
  ];
  lines.push("", "Resources:");
  for (const [kind, sym, verb] of verbs) if (summary[kind]) lines.push(`    ${sym} ${summary[kind]} ${verb}`);
  if (summary.same) lines.push(`    ${summary.same} unchanged`);
  return lines.join("\n") + "\n";
}
