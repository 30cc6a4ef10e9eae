// What changed between a monitor's old outputs and its new checked inputs, and whether that needs a
// replacement. Always answers `changes` explicitly: left undefined, the engine would compare every input
// itself, the serialized provider included, and report spurious updates.
import { absent, deepEqual, normaliseProperty, sameKeyedSet } from "../common/equality";
import { secretTagsChanged } from "../common/secretTags";
import { MONITOR_STATUS, statusRecovery } from "../common/statusRecovery";
import { resourceKey } from "./check";
import { containsUnknown, isUnknown } from "./types";

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
 * UpdateMonitor (resources), TagResource/UntagResource (tags, and `__secretTags`, the marker of which tags are
 * secret), or nothing at all (timeouts are only stored; adoptExisting only matters when the monitor is created).
 */
export const UPDATABLE_PROPERTIES = ["localResources", "remoteResources", "tags", "tagsAll", "__secretTags", "timeouts", "adoptExisting"] as const;

/** As for every resource (see normaliseProperty); adoptExisting unset means false. */
function normalise(prop: string, v: unknown): unknown {
  if (prop === "adoptExisting") return v === true;
  return normaliseProperty(prop, v);
}

function changed(prop: string, oldValue: unknown, newValue: unknown): boolean {
  // Pulumi plans an unknown as a change: the value may turn out different.
  if (containsUnknown(newValue)) return true;
  if (prop === "localResources" || prop === "remoteResources") return !sameKeyedSet(oldValue, newValue, resourceKey);
  if (prop === "__secretTags") return secretTagsChanged(oldValue, newValue);
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
  // Not ACTIVE in state: never a same step (see statusRecovery).
  const recovery = statusRecovery(olds?.monitorStatus, MONITOR_STATUS);
  if (recovery) {
    diffs.push("monitorStatus");
    if (recovery === "replace") replaces.push("monitorStatus");
    detailedDiff.monitorStatus = { kind: recovery === "replace" ? "update-replace" : "update", inputDiff: false };
  }
  // Monitor names are unique per Region: a replacement that keeps both cannot exist beside the old monitor.
  const newName = news?.monitorName;
  const newRegion = news?.region;
  const deleteBeforeReplace =
    replaces.length > 0 &&
    (isUnknown(newName) || (newName === olds?.monitorName && (isUnknown(newRegion) || newRegion === olds?.region)));
  return { changes: diffs.length > 0, replaces, deleteBeforeReplace, diffs, detailedDiff };
}
