// What `pulumi up` does with a resource whose stored status is not its working one. Pure.
// Why: Pulumi records a create that ends in a bad status as failed-init, but a refresh clears that
// (RefreshStep.Apply, pkg/resource/deploy/step.go) and the next `up` would be a same step reporting success.
// So diff plans from the status itself:
// - still on its way (monitor PENDING, scope IN_PROGRESS): an update, which only waits for the working status;
//   replacing would throw away a resource that gets there by itself;
// - failed or going away (monitor ERROR, INACTIVE, DELETING; scope FAILED, DEACTIVATING, DEACTIVATED): a
//   replacement. The API has no call that takes a resource out of these (UpdateMonitor changes resources only,
//   AWS documents ERROR as "creation failed"), so recreating it is the way back once the cause is fixed.
// A status not listed (empty: nothing known) plans nothing by itself.

export type StatusRecovery = "wait" | "replace";

export interface StatusRules {
  working: string;
  wait: readonly string[];
  replace: readonly string[];
}

export const MONITOR_STATUS: StatusRules = { working: "ACTIVE", wait: ["PENDING"], replace: ["ERROR", "INACTIVE", "DELETING"] };
export const SCOPE_STATUS: StatusRules = { working: "SUCCEEDED", wait: ["IN_PROGRESS"], replace: ["FAILED", "DEACTIVATING", "DEACTIVATED"] };

export function statusRecovery(status: unknown, rules: StatusRules): StatusRecovery | undefined {
  if (typeof status !== "string") return undefined;
  if (rules.wait.includes(status)) return "wait";
  if (rules.replace.includes(status)) return "replace";
  return undefined;
}
