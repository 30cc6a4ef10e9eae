// Pure engine logic: property comparison, secret and reference handling, step decisions, summaries and the plan
// text. No I/O here, so it is tested directly.
import {
  RESOURCE_REF_SIG,
  SECRET_SIG,
  SECRET_SIG_KEY,
  UNKNOWN,
  type ChangeKind,
  type OperationName,
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

/**
 * The resource summary (pkg/engine/update.go `OnResourceStepPost`): after an update only steps that succeeded
 * count (a failed create created nothing); a preview counts what it plans. In a refresh each refreshed resource
 * counts as what the refresh found (same, update, delete); the refreshes that `up --refresh` runs first do not count.
 */
export function summarize(steps: Step[], dryRun = true, operation?: OperationName): Record<ChangeKind, number> {
  const summary: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0, refresh: 0 };
  for (const s of steps) {
    if (s.failed && !dryRun) continue;
    if (s.op === "read" && s.result) {
      if (operation === "refresh") summary[s.result]++;
      continue;
    }
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
  import: ["Previewing import", "Importing"],
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
  const summary = summarize(args.steps, args.dryRun, args.operation);
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
