// The API calls an in-place update needs: one UpdateMonitor for resource changes (only if there are any),
// then TagResource / UntagResource for tag changes. Set semantics; order follows the inputs.
import { planTagUpdates } from "../common/secretTags";
import { missingFrom } from "../common/sets";
import { resourceKey } from "./check";
import type { MonitorOutputs, MonitorResource } from "./types";

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
  /** The keys of secret tags: the marker tag written beside them (see secretTags.ts). */
  __secretTags?: string[];
}

/** Resources of `from` not in `other` by (type, identifier), as plain {type, identifier} objects. */
function resourcesMissingFrom(from: MonitorResource[], other: MonitorResource[]): MonitorResource[] {
  return missingFrom(from, other, resourceKey).map((r) => ({ type: r.type, identifier: r.identifier }));
}

export function planMonitorUpdate(olds: MonitorUpdateState, news: MonitorUpdateState): MonitorUpdatePlan {
  const oldLocal = olds.localResources ?? [];
  const newLocal = news.localResources ?? [];
  const oldRemote = olds.remoteResources ?? [];
  const newRemote = news.remoteResources ?? [];
  const update = {
    localResourcesToAdd: resourcesMissingFrom(newLocal, oldLocal),
    localResourcesToRemove: resourcesMissingFrom(oldLocal, newLocal),
    remoteResourcesToAdd: resourcesMissingFrom(newRemote, oldRemote),
    remoteResourcesToRemove: resourcesMissingFrom(oldRemote, newRemote),
  };
  const resourcesChange = Object.values(update).some((list) => list.length > 0);
  return { updateMonitor: resourcesChange ? update : undefined, ...planTagUpdates(olds, news) };
}

export function planIsEmpty(plan: MonitorUpdatePlan): boolean {
  return plan.updateMonitor === undefined && Object.keys(plan.tagsToSet).length === 0 && plan.tagKeysToRemove.length === 0;
}

/** The inputs a refreshed monitor stands for (its outputs without what the service computes), so the next diff compares against reality. */
export function refreshedInputs(outs: MonitorOutputs): Record<string, unknown> {
  const { monitorArn: _a, monitorStatus: _s, createdAt: _c, modifiedAt: _m, tagsAll: _t, ...inputs } = outs;
  return inputs;
}
