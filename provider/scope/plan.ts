// The API calls an in-place scope update needs: one UpdateScope for target changes (only if there are any),
// then TagResource / UntagResource for tag changes. Set semantics; order follows the inputs.
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
}

function missingFrom(from: ScopeTarget[], other: ScopeTarget[]): ScopeTarget[] {
  const exclude = new Set(other.map(targetKey));
  const out: ScopeTarget[] = [];
  for (const t of from) {
    const key = targetKey(t);
    if (exclude.has(key)) continue;
    exclude.add(key);
    out.push({ accountId: t.accountId, region: t.region });
  }
  return out;
}

export function planScopeUpdate(olds: ScopeUpdateState, news: ScopeUpdateState): ScopeUpdatePlan {
  const resourcesToAdd = missingFrom(news.targets ?? [], olds.targets ?? []);
  const resourcesToDelete = missingFrom(olds.targets ?? [], news.targets ?? []);
  const oldTags = olds.tagsAll ?? {};
  const newTags = news.tagsAll ?? {};
  const tagsToSet: Record<string, string> = {};
  for (const [k, v] of Object.entries(newTags)) {
    if (!Object.prototype.hasOwnProperty.call(oldTags, k) || oldTags[k] !== v) tagsToSet[k] = v;
  }
  const tagKeysToRemove = Object.keys(oldTags).filter((k) => !Object.prototype.hasOwnProperty.call(newTags, k));
  const targetsChange = resourcesToAdd.length > 0 || resourcesToDelete.length > 0;
  return { updateScope: targetsChange ? { resourcesToAdd, resourcesToDelete } : undefined, tagsToSet, tagKeysToRemove };
}
