// The API calls an in-place scope update needs: one UpdateScope for target changes (only if there are any),
// then TagResource / UntagResource for tag changes. Set semantics; order follows the inputs.
import { planTagUpdates } from "../common/secretTags";
import { missingFrom } from "../common/sets";
import { ScopeTarget, targetKey } from "./types";

export interface ScopeUpdatePlan {
  /** Undefined when the targets are the same set: then no UpdateScope call. */
  updateScope?: { resourcesToAdd: ScopeTarget[]; resourcesToDelete: ScopeTarget[] };
  tagsToSet: Record<string, string>;
  tagKeysToRemove: string[];
}

export interface ScopeUpdateState {
  targets: ScopeTarget[];
  tagsAll: Record<string, string>;
  /** The keys of secret tags: the marker tag written beside them (see secretTags.ts). */
  __secretTags?: string[];
}

/** Targets of `from` not in `other`, as plain {accountId, region} objects. */
function targetsMissingFrom(from: ScopeTarget[], other: ScopeTarget[]): ScopeTarget[] {
  return missingFrom(from, other, targetKey).map((t) => ({ accountId: t.accountId, region: t.region }));
}

export function planScopeUpdate(olds: ScopeUpdateState, news: ScopeUpdateState): ScopeUpdatePlan {
  const resourcesToAdd = targetsMissingFrom(news.targets ?? [], olds.targets ?? []);
  const resourcesToDelete = targetsMissingFrom(olds.targets ?? [], news.targets ?? []);
  const targetsChange = resourcesToAdd.length > 0 || resourcesToDelete.length > 0;
  return { updateScope: targetsChange ? { resourcesToAdd, resourcesToDelete } : undefined, ...planTagUpdates(olds, news) };
}
