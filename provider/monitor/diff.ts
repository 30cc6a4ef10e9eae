// What changed between a monitor's old outputs and its new checked inputs, and whether that needs a
// replacement. Always answers `changes` explicitly: left undefined, the engine would compare every input
// itself, the serialized provider included, and report spurious updates.
import { resourceKey } from "./check";
import { containsUnknown, isUnknown, MonitorResource } from "./types";

export type DiffKind = "add" | "delete" | "update" | "add-replace" | "delete-replace" | "update-replace";

export interface MonitorDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  detailedDiff: Record<string, { kind: DiffKind; inputDiff: boolean }>;
}

/** Changing one of these creates a new monitor: the API cannot change them in place. */
export const REPLACING_PROPERTIES = ["monitorName", "scopeArn", "region"] as const;
/**
 * UpdateMonitor (resources), TagResource/UntagResource (tags), or nothing at all (timeouts are only
 * stored; adoptExisting only matters when the monitor is created).
 */
export const UPDATABLE_PROPERTIES = ["localResources", "remoteResources", "tags", "tagsAll", "timeouts", "adoptExisting"] as const;

function absent(v: unknown): boolean {
  return v === undefined || v === null;
}

function sameResourceSet(a: unknown, b: unknown): boolean {
  const set = (v: unknown) => new Set((absent(v) ? [] : (v as MonitorResource[])).map(resourceKey));
  if (!(absent(a) || Array.isArray(a)) || !(absent(b) || Array.isArray(b))) return deepEqual(a, b);
  const sa = set(a);
  const sb = set(b);
  return sa.size === sb.size && [...sa].every((k) => sb.has(k));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Missing maps/lists mean empty ones; missing timeouts mean the defaults, as does an empty timeouts object. */
function normalise(prop: string, v: unknown): unknown {
  if (prop === "tags" || prop === "tagsAll") return absent(v) ? {} : v;
  if (prop === "adoptExisting") return v === true;
  if (prop === "timeouts") {
    if (absent(v) || typeof v !== "object" || Array.isArray(v)) return absent(v) ? undefined : v;
    const set = Object.entries(v as Record<string, unknown>).filter(([, x]) => !absent(x));
    return set.length === 0 ? undefined : Object.fromEntries(set);
  }
  return absent(v) ? undefined : v;
}

function changed(prop: string, oldValue: unknown, newValue: unknown): boolean {
  // Pulumi plans an unknown as a change: the value may turn out different.
  if (containsUnknown(newValue)) return true;
  if (prop === "localResources" || prop === "remoteResources") return !sameResourceSet(oldValue, newValue);
  return !deepEqual(normalise(prop, oldValue), normalise(prop, newValue));
}

function kindOf(oldValue: unknown, newValue: unknown, replace: boolean): DiffKind {
  const base = absent(oldValue) ? "add" : absent(newValue) ? "delete" : "update";
  return replace ? `${base}-replace` : base;
}

export function diffMonitor(olds: Record<string, unknown>, news: Record<string, unknown>): MonitorDiff {
  const diffs: string[] = [];
  const replaces: string[] = [];
  const detailedDiff: MonitorDiff["detailedDiff"] = {};
  for (const prop of [...REPLACING_PROPERTIES, ...UPDATABLE_PROPERTIES]) {
    const oldValue = olds?.[prop];
    const newValue = news?.[prop];
    if (!changed(prop, oldValue, newValue)) continue;
    const replace = (REPLACING_PROPERTIES as readonly string[]).includes(prop);
    diffs.push(prop);
    if (replace) replaces.push(prop);
    detailedDiff[prop] = { kind: kindOf(oldValue, newValue, replace), inputDiff: true };
  }
  // Monitor names are unique per Region: a replacement that keeps both cannot exist beside the old monitor.
  const newName = news?.monitorName;
  const newRegion = news?.region;
  const deleteBeforeReplace =
    replaces.length > 0 &&
    (isUnknown(newName) || (newName === olds?.monitorName && (isUnknown(newRegion) || newRegion === olds?.region)));
  return { changes: diffs.length > 0, replaces, deleteBeforeReplace, diffs, detailedDiff };
}
