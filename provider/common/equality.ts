// Value equality for diffs, shared by the Monitor and Scope resources. Pure. A diff compares old outputs
// (from state) with new checked inputs, so "same" has to ignore what state and inputs spell differently:
// undefined members, absent vs empty maps, absent vs all-default timeouts, and list order for sets.

export function absent(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

/** Structural equality where a member set to undefined is the same as a missing one. */
export function deepEqual(a: unknown, b: unknown): boolean {
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

/**
 * Two lists that stand for sets hold the same keys (absent means empty; duplicates and order do not count).
 * Anything that is not a list falls back to deepEqual, so a malformed value still compares.
 */
export function sameKeyedSet<T>(a: unknown, b: unknown, key: (item: T) => string): boolean {
  if (!(absent(a) || Array.isArray(a)) || !(absent(b) || Array.isArray(b))) return deepEqual(a, b);
  const set = (v: unknown) => new Set((absent(v) ? [] : (v as T[])).map(key));
  const sa = set(a);
  const sb = set(b);
  return sa.size === sb.size && [...sa].every((k) => sb.has(k));
}

/** Missing maps mean empty ones; missing timeouts mean the defaults, as does an empty timeouts object. */
export function normaliseProperty(prop: string, v: unknown): unknown {
  if (prop === "tags" || prop === "tagsAll") return absent(v) ? {} : v;
  if (prop === "timeouts" && !absent(v) && typeof v === "object" && !Array.isArray(v)) {
    const set = Object.entries(v as Record<string, unknown>).filter(([, x]) => !absent(x));
    return set.length === 0 ? undefined : Object.fromEntries(set);
  }
  return absent(v) ? undefined : v;
}
