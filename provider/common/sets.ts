// Keyed set arithmetic for the lists the API treats as sets (a monitor's resources, a scope's targets) and
// the tags plan. Pure. Both resources compare items by a string key, never by object identity, because the
// service returns the same set in its own order and as fresh objects.

/**
 * Items of `from` whose key is not in `other`, first occurrences only, in `from`'s order: the items to add
 * (new vs old) or to remove (old vs new) in an update call.
 */
export function missingFrom<T>(from: readonly T[], other: readonly T[], key: (item: T) => string): T[] {
  const exclude = new Set(other.map(key));
  const out: T[] = [];
  for (const item of from) {
    const k = key(item);
    if (exclude.has(k)) continue;
    exclude.add(k);
    out.push(item);
  }
  return out;
}

/**
 * The service's set in the order the user wrote it: items still present keep their previous order, new
 * ones follow in the service's order. Without it a refresh would report a reordering as a change.
 */
export function keepOrder<T>(previous: readonly T[] | undefined, actual: readonly T[], key: (item: T) => string): T[] {
  const actualKeys = new Set(actual.map(key));
  const prev = (Array.isArray(previous) ? previous : []).filter((item) => actualKeys.has(key(item)));
  const prevKeys = new Set(prev.map(key));
  return [...prev, ...actual.filter((item) => !prevKeys.has(key(item)))];
}

export interface TagsPlan {
  /** Tags added or changed: one TagResource call. */
  tagsToSet: Record<string, string>;
  /** Keys no longer present: one UntagResource call. */
  tagKeysToRemove: string[];
}

/** The Tag/UntagResource calls that take a resource from `oldTags` to `newTags` (absent maps are empty). */
export function planTags(oldTags: Record<string, string> | undefined, newTags: Record<string, string> | undefined): TagsPlan {
  const olds = oldTags ?? {};
  const news = newTags ?? {};
  const tagsToSet: Record<string, string> = {};
  for (const [k, v] of Object.entries(news)) {
    if (!Object.prototype.hasOwnProperty.call(olds, k) || olds[k] !== v) tagsToSet[k] = v;
  }
  const tagKeysToRemove = Object.keys(olds).filter((k) => !Object.prototype.hasOwnProperty.call(news, k));
  return { tagsToSet, tagKeysToRemove };
}
