// What changed between a scope's old outputs and its new checked inputs. Targets compare as sets and update in
// place (UpdateScope), tags update in place (Tag/UntagResource), timeouts are only stored, `region` replaces.
// Always answers `changes` explicitly, so the engine never compares the serialized provider itself.
import { containsUnknown } from "../monitor/types";
import { ScopeTarget, targetKey } from "./types";

export interface ScopeDiff {
  changes: boolean;
  replaces: string[];
  diffs: string[];
}

export const SCOPE_REPLACING_PROPERTIES = ["region"] as const;
export const SCOPE_UPDATABLE_PROPERTIES = ["targets", "tags", "tagsAll", "timeouts"] as const;

function absent(v: unknown): boolean {
  return v === undefined || v === null;
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

function sameTargetSet(a: unknown, b: unknown): boolean {
  if (!(absent(a) || Array.isArray(a)) || !(absent(b) || Array.isArray(b))) return deepEqual(a, b);
  const set = (v: unknown) => new Set((absent(v) ? [] : (v as ScopeTarget[])).map(targetKey));
  const sa = set(a);
  const sb = set(b);
  return sa.size === sb.size && [...sa].every((k) => sb.has(k));
}

function normalise(prop: string, v: unknown): unknown {
  if (prop === "tags" || prop === "tagsAll") return absent(v) ? {} : v;
  if (prop === "timeouts" && !absent(v) && typeof v === "object" && !Array.isArray(v)) {
    const set = Object.entries(v as Record<string, unknown>).filter(([, x]) => !absent(x));
    return set.length === 0 ? undefined : Object.fromEntries(set);
  }
  return absent(v) ? undefined : v;
}

function changed(prop: string, oldValue: unknown, newValue: unknown): boolean {
  // Pulumi plans an unknown as a change: the value may turn out different.
  if (containsUnknown(newValue)) return true;
  if (prop === "targets") return !sameTargetSet(oldValue, newValue);
  return !deepEqual(normalise(prop, oldValue), normalise(prop, newValue));
}

export function diffScope(olds: Record<string, unknown>, news: Record<string, unknown>): ScopeDiff {
  const diffs: string[] = [];
  const replaces: string[] = [];
  for (const prop of [...SCOPE_REPLACING_PROPERTIES, ...SCOPE_UPDATABLE_PROPERTIES]) {
    if (!changed(prop, olds?.[prop], news?.[prop])) continue;
    diffs.push(prop);
    if ((SCOPE_REPLACING_PROPERTIES as readonly string[]).includes(prop)) replaces.push(prop);
  }
  return { changes: diffs.length > 0, replaces, diffs };
}
