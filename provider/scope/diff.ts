// What changed between a scope's old outputs and its new checked inputs. Targets compare as sets and update in
// place (UpdateScope), tags update in place (Tag/UntagResource), timeouts are only stored, `region` replaces.
// Always answers `changes` explicitly, so the engine never compares the serialized provider itself.
import { deepEqual, normaliseProperty, sameKeyedSet } from "../common/equality";
import { secretTagsChanged } from "../common/secretTags";
import { SCOPE_STATUS, statusRecovery } from "../common/statusRecovery";
import { containsUnknown } from "../monitor/types";
import { targetKey } from "./types";

export interface ScopeDiff {
  changes: boolean;
  replaces: string[];
  /** Only for a status replacement: an account has one scope per Region, so the old one must go first. */
  deleteBeforeReplace: boolean;
  diffs: string[];
}

export const SCOPE_REPLACING_PROPERTIES = ["region"] as const;
export const SCOPE_UPDATABLE_PROPERTIES = ["targets", "tags", "tagsAll", "__secretTags", "timeouts"] as const;

function changed(prop: string, oldValue: unknown, newValue: unknown): boolean {
  // Pulumi plans an unknown as a change: the value may turn out different.
  if (containsUnknown(newValue)) return true;
  if (prop === "targets") return !sameKeyedSet(oldValue, newValue, targetKey);
  if (prop === "__secretTags") return secretTagsChanged(oldValue, newValue);
  return !deepEqual(normaliseProperty(prop, oldValue), normaliseProperty(prop, newValue));
}

export function diffScope(olds: Record<string, unknown>, news: Record<string, unknown>): ScopeDiff {
  const diffs: string[] = [];
  const replaces: string[] = [];
  for (const prop of [...SCOPE_REPLACING_PROPERTIES, ...SCOPE_UPDATABLE_PROPERTIES]) {
    if (!changed(prop, olds?.[prop], news?.[prop])) continue;
    diffs.push(prop);
    if ((SCOPE_REPLACING_PROPERTIES as readonly string[]).includes(prop)) replaces.push(prop);
  }
  // Not SUCCEEDED in state: never a same step (see statusRecovery).
  const recovery = statusRecovery(olds?.status, SCOPE_STATUS);
  if (recovery) diffs.push("status");
  if (recovery === "replace") replaces.push("status");
  const deleteBeforeReplace = recovery === "replace" && !replaces.includes("region");
  return { changes: diffs.length > 0, replaces, deleteBeforeReplace, diffs };
}
