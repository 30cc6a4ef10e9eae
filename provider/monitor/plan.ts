// The API calls an in-place update needs: one UpdateMonitor for resource changes (only if there are any),
// then TagResource / UntagResource for tag changes. Set semantics; order follows the inputs.
import { resourceKey } from "./check";
import type { MonitorResource } from "./types";

export interface MonitorUpdatePlan {
  /** Undefined when no resource changes: then no UpdateMonitor call. */
  updateMonitor?: {
    localResourcesToAdd: MonitorResource[];
    localResourcesToRemove: MonitorResource[];
    remoteResourcesToAdd: MonitorResource[];
    remoteResourcesToRemove: MonitorResource[];
  };
  /** Tags added or changed. */
  tagsToSet: Record<string, string>;
  tagKeysToRemove: string[];
}

export interface MonitorUpdateState {
  localResources: MonitorResource[];
  remoteResources: MonitorResource[];
  tagsAll: Record<string, string>;
}

/** Items of `from` whose (type, identifier) is not in `other`, first occurrences only, in `from`'s order. */
function missingFrom(from: MonitorResource[], other: MonitorResource[]): MonitorResource[] {
  const exclude = new Set(other.map(resourceKey));
  const out: MonitorResource[] = [];
  for (const r of from) {
    const key = resourceKey(r);
    if (exclude.has(key)) continue;
    exclude.add(key);
    out.push({ type: r.type, identifier: r.identifier });
  }
  return out;
}

export function planMonitorUpdate(olds: MonitorUpdateState, news: MonitorUpdateState): MonitorUpdatePlan {
  const oldLocal = olds.localResources ?? [];
  const newLocal = news.localResources ?? [];
  const oldRemote = olds.remoteResources ?? [];
  const newRemote = news.remoteResources ?? [];
  const update = {
    localResourcesToAdd: missingFrom(newLocal, oldLocal),
    localResourcesToRemove: missingFrom(oldLocal, newLocal),
    remoteResourcesToAdd: missingFrom(newRemote, oldRemote),
    remoteResourcesToRemove: missingFrom(oldRemote, newRemote),
  };
  const resourcesChange = Object.values(update).some((list) => list.length > 0);

  const oldTags = olds.tagsAll ?? {};
  const newTags = news.tagsAll ?? {};
  const tagsToSet: Record<string, string> = {};
  for (const [k, v] of Object.entries(newTags)) {
    if (!Object.prototype.hasOwnProperty.call(oldTags, k) || oldTags[k] !== v) tagsToSet[k] = v;
  }
  const tagKeysToRemove = Object.keys(oldTags).filter((k) => !Object.prototype.hasOwnProperty.call(newTags, k));
  return { updateMonitor: resourcesChange ? update : undefined, tagsToSet, tagKeysToRemove };
}

export function planIsEmpty(plan: MonitorUpdatePlan): boolean {
  return plan.updateMonitor === undefined && Object.keys(plan.tagsToSet).length === 0 && plan.tagKeysToRemove.length === 0;
}
