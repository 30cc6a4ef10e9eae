// Pulumi's engine rules a provider lives under, reduced to what the provider's pure logic sees, so tests can
// drive check and diff exactly as the real engine does (Pulumi v3.248.0):
// - Check gets olds = the OLD INPUTS stored in state (step_generator.go, continueStepsFromImport, which every
//   registration reaches from generateSteps: the CheckRequest's Olds are the old state's Inputs).
// - Diff gets the OLD OUTPUTS and the new checked inputs (step_generator.go, stepGenerator.diff; the dynamic host
//   reads OldOutputs and ignores OldInputs).
// - A same step stores the NEW checked inputs with the old id and outputs (step.go, SameStep.Apply).
// - An update stores the new checked inputs and the provider's outputs (step.go, UpdateStep.Apply).
// - The dynamic host takes no secrets; the engine strips them on the wire and re-marks a returned value secret
//   only where the same path was secret in what it sent (provider_plugin.go, annotateSecrets; called after
//   Check with the program's inputs, after Create/Update with the checked inputs, after Read with the old state).
// Written from reading Pulumi's source; no code copied.
import { checkMonitor, type CheckContext } from "../../provider/monitor/check";
import { diffMonitor } from "../../provider/monitor/diff";
import { refreshedInputs } from "../../provider/monitor/plan";
import type { MonitorOutputs } from "../../provider/monitor/types";

/** Stands for a Pulumi secret in a property map. */
export interface Secret {
  secret: unknown;
}
export const secret = (v: unknown): Secret => ({ secret: v });
export const isSecret = (v: unknown): v is Secret =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && "secret" in v;

export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsSecrets);
  return false;
}

/** What the host receives: secrets unwrapped at any depth. */
export function stripSecrets(v: unknown): any {
  if (isSecret(v)) return stripSecrets(v.secret);
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripSecrets(x)]));
  return v;
}

/**
 * annotateSecrets as the engine applies it to what a provider that takes no secrets returned: for each key of
 * `ins` also in `outs`, recurse when both are objects, else mark the whole out value secret when the in value
 * contains a secret anywhere (an array with one secret item makes the whole out array secret).
 */
export function annotateSecrets(outs: Record<string, unknown>, ins: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...outs };
  for (const [key, inValue] of Object.entries(ins ?? {})) {
    if (!(key in result)) continue;
    const outValue = result[key];
    const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && !isSecret(v);
    if (isObj(outValue) && isObj(inValue)) result[key] = annotateSecrets(outValue as Record<string, unknown>, inValue as Record<string, unknown>);
    else if (!isSecret(outValue) && containsSecrets(inValue)) result[key] = secret(outValue);
  }
  return result;
}

/** Every plain-text leaf of a property map, with its path, skipping secrets. */
export function plainLeaves(v: unknown, path = ""): [string, unknown][] {
  if (isSecret(v)) return [];
  if (Array.isArray(v)) return v.flatMap((x, i) => plainLeaves(x, `${path}[${i}]`));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => plainLeaves(x, path ? `${path}.${k}` : k));
  return [[path, v]];
}

export interface StoredMonitor {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export type StepOp = "create" | "same" | "update" | "replace";

/**
 * One `pulumi up` of one monitor at the level of the provider's pure logic: check (olds = old inputs), diff
 * (olds = old outputs), then the step's effect on state. Create, update and replace stand in for the API: the
 * new outputs are the checked inputs plus the old (or fresh) computed outputs.
 */
export function upMonitor(
  state: StoredMonitor | undefined,
  news: Record<string, unknown>,
  ctx: CheckContext,
): { op: StepOp; state: StoredMonitor; failures: unknown[] } {
  const { inputs, failures } = checkMonitor(state?.inputs ?? {}, news, ctx);
  if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
  const fresh = () => ({ ...inputs, monitorArn: `arn:aws:networkflowmonitor:${String(inputs.region)}:123456789012:monitor/${String(inputs.monitorName)}`, monitorStatus: "ACTIVE" });
  if (!state) return { op: "create", state: { inputs, outputs: fresh() }, failures };
  const d = diffMonitor(state.outputs, inputs);
  if (!d.changes) return { op: "same", state: { inputs, outputs: state.outputs }, failures };
  if (d.replaces.length > 0) return { op: "replace", state: { inputs, outputs: fresh() }, failures };
  return { op: "update", state: { inputs, outputs: { ...state.outputs, ...inputs } }, failures };
}

/**
 * A `pulumi refresh` of a monitor the service still has unchanged: the provider's read answers the same outputs
 * and, as inputs, the outputs without what the service computes; Pulumi stores both (RefreshStep.Apply).
 */
export function refreshMonitor(state: StoredMonitor): StoredMonitor {
  return { inputs: refreshedInputs(state.outputs as unknown as MonitorOutputs), outputs: state.outputs };
}
