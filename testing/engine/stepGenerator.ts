// Step generation: what to do with each registration, refresh and leftover resource, as
// pkg/resource/deploy/step_generator.go (v3.248.0) decides it. The decisions are pure functions, tested directly;
// `StepGenerator` strings them together with the provider's Check and Diff, one registration at a time (Pulumi's
// step generator handles one event at a time, so Check and Diff of different resources never overlap).
import { changedKeys, deepEqual, isSecret } from "./plan";
import type { CheckResult } from "./plugin";
import type { HostDiffResult } from "./host";
import type { ResourceOptions } from "./protocol";
import { STACK_TYPE, generateAliases, makeUrn } from "./urn";
import type { StateResource } from "./types";

type Props = Record<string, unknown>;

/** A registration's goal state: what the program asked for (RegisterResourceRequest). */
export interface Goal extends ResourceOptions {
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  inputs: Props;
  dependencies: string[];
  importId?: string;
  /** Resource.get: the id to read. */
  readId?: string;
}

/** The Check and Diff a step generator needs from a provider. */
export interface Planner {
  check(urn: string, olds: Props, news: Props): Promise<CheckResult>;
  diff(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props, ignoreChanges: string[]): Promise<HostDiffResult>;
}

/** A failure that stops the deployment (Pulumi's bail): the first invalid resource, a protected replacement, ... */
export class BailError extends Error {
  constructor(
    message: string,
    readonly urn?: string,
  ) {
    super(message);
    this.name = "BailError";
  }
}

// ---- pure decisions ------------------------------------------------------------------------------------------

function splitPath(path: string): string[] {
  return path.split(".").flatMap((p) => p.split(/\[|\]/).filter((x) => x !== "")).map((p) => p.replace(/^"|"$/g, ""));
}

/**
 * `processIgnoreChanges`: each ignored path of the new inputs takes its old value (or is removed when the old
 * inputs have none). Paths are dotted (`tags.owner`) or indexed (`items[0]`); `*` matches every key.
 */
export function processIgnoreChanges(news: Props, olds: Props, paths: string[] | undefined): Props {
  if (!paths?.length) return news;
  const out = structuredClone(news);
  const reset = (dst: any, src: any, parts: string[]): void => {
    const [head, ...rest] = parts;
    const keys = head === "*" ? Object.keys({ ...(dst ?? {}), ...(src ?? {}) }) : [head];
    for (const k of keys) {
      if (rest.length === 0) {
        if (src !== undefined && src !== null && k in src) dst[k] = structuredClone(src[k]);
        else if (dst && typeof dst === "object") delete dst[k];
      } else if (dst && typeof dst[k] === "object" && dst[k] !== null && !isSecret(dst[k])) {
        reset(dst[k], src?.[k], rest);
      }
    }
  };
  for (const p of paths) reset(out, olds, splitPath(p));
  return out;
}

/** The provider's Diff answer as the engine uses it: changes known, and the keys that changed when it can tell. */
export interface DiffResult {
  changes: "some" | "none";
  replaces: string[];
  /** Changed keys: only known when the engine compared inputs itself (the dynamic host never names them). */
  changedKeys: string[];
  deleteBeforeReplace: boolean;
}

/**
 * `diffResource`: when the provider does not say whether anything changed (DIFF_UNKNOWN: a dynamic provider with
 * no `diff`, or one returning no `changes`), the engine compares old inputs with the new ones after ignoreChanges.
 * Only then are changed keys known.
 */
export function resolveDiff(host: HostDiffResult, oldInputs: Props, newInputs: Props, ignoreChanges?: string[]): DiffResult {
  const base = { replaces: [...host.replaces], deleteBeforeReplace: host.deleteBeforeReplace };
  if (host.changes !== "unknown") return { ...base, changes: host.changes, changedKeys: [] };
  const keys = changedKeys(oldInputs, processIgnoreChanges(newInputs, oldInputs, ignoreChanges));
  return { ...base, changes: keys.length ? "some" : "none", changedKeys: keys };
}

/** Whether property path `path` contains `key` (the key's path starts with it, `*` matching any element). */
function pathContains(path: string, key: string): boolean {
  const p = splitPath(path);
  const k = splitPath(key);
  if (p.length > k.length) return false;
  return p.every((part, i) => part === "*" || part === k[i]);
}

/**
 * `applyReplaceOnChanges`: a changed key under a replaceOnChanges path becomes a replace key. It works only from
 * the changed keys, so it is inert whenever the provider answered `changes` itself (the dynamic host sends no
 * changed keys or detailed diff).
 */
export function applyReplaceOnChanges(diff: DiffResult, replaceOnChanges: string[] | undefined): DiffResult {
  if (diff.changes !== "some" || !replaceOnChanges?.length) return diff;
  const replaces = new Set(diff.replaces);
  for (const k of diff.changedKeys) if (replaceOnChanges.some((p) => pathContains(p, k))) replaces.add(k);
  return { ...diff, replaces: [...replaces].sort() };
}

export type Decision =
  | { op: "same" }
  | { op: "update"; diffs: string[] }
  | { op: "replace"; diffs: string[]; replaces: string[]; deleteBeforeReplace: boolean };

/**
 * `generateStepsFromDiff`: some change with replace keys is a replace (delete-before-replace when the program set
 * it, else as the provider said); other changes are an update; no change is a same step unless the old state has
 * init errors, which makes it an update so the provider can finish the resource.
 */
export function decide(
  diff: DiffResult,
  old: Pick<StateResource, "inputs" | "initErrors" | "status">,
  newInputs: Props,
  goal: Pick<Goal, "deleteBeforeReplace">,
): Decision {
  // What the plan shows as changed: the provider's keys when it named them, else the engine's own comparison.
  const shown = diff.changedKeys.length ? diff.changedKeys : changedKeys(old.inputs, newInputs);
  if (diff.changes === "some") {
    if (diff.replaces.length > 0) {
      const diffs = [...new Set([...shown, ...diff.replaces])].sort();
      return { op: "replace", diffs, replaces: [...diff.replaces].sort(), deleteBeforeReplace: goal.deleteBeforeReplace ?? diff.deleteBeforeReplace };
    }
    return { op: "update", diffs: shown };
  }
  if (hasInitErrors(old)) return { op: "update", diffs: [] };
  return { op: "same" };
}

export function hasInitErrors(r: Pick<StateResource, "initErrors" | "status">): boolean {
  return (r.initErrors?.length ?? 0) > 0 || r.status === "failed-init";
}

/**
 * Backward-compatible form of {@link decide} used by older tests: old and new inputs, the host's answer (or
 * undefined for resources without a provider) and the old status.
 */
export function decideStep(
  oldInputs: Props,
  newInputs: Props,
  hostDiff: HostDiffResult | undefined,
  oldStatus: StateResource["status"],
): { op: Decision["op"]; diffs: string[]; replaces: string[]; deleteBeforeReplace: boolean } {
  const diff = resolveDiff(hostDiff ?? { changes: "unknown", replaces: [], deleteBeforeReplace: false }, oldInputs, newInputs);
  const d = decide(diff, { inputs: oldInputs, status: oldStatus }, newInputs, {});
  if (d.op === "replace") return d;
  return { op: d.op, diffs: d.op === "update" ? d.diffs : [], replaces: [], deleteBeforeReplace: false };
}

/**
 * `RefreshStep.ResultOp`: with the provider's Diff(refreshed outputs, stored inputs) (the default since the refresh
 * diff, unless PULUMI_ENABLE_LEGACY_REFRESH_DIFF or the resource is external) a refresh is an update exactly when
 * that diff reports changes; otherwise when the outputs changed.
 */
export function refreshResultOp(args: {
  gone: boolean;
  diff?: DiffResult;
  oldOutputs: Props;
  newOutputs: Props;
}): "same" | "update" | "delete" {
  if (args.gone) return "delete";
  if (args.diff) return args.diff.changes === "none" ? "same" : "update";
  return deepEqual(args.oldOutputs, args.newOutputs) ? "same" : "update";
}

/** Whether refresh diffs through the provider: not for external resources, not with the legacy env var set. */
export function useRefreshDiff(r: Pick<StateResource, "external">, env: NodeJS.ProcessEnv): boolean {
  const legacy = (env.PULUMI_ENABLE_LEGACY_REFRESH_DIFF ?? "").toLowerCase();
  return !r.external && !["1", "true"].includes(legacy);
}

/**
 * Of `pending` (resources still to delete, in state order), those nothing else pending needs: no pending resource
 * depends on them, has them as parent, or is deleted with them. These are deleted now, in parallel
 * (`ScheduleDeletes` builds the same antichains from the dependency graph).
 */
export function readyToDelete(pending: StateResource[]): StateResource[] {
  const needed = new Set<string>();
  for (const r of pending) {
    for (const d of r.dependencies) needed.add(d);
    // A resource depends on its provider (pkg/resource/graph/dependency_graph.go `DependenciesOf`).
    if (r.provider) needed.add(r.provider.slice(0, r.provider.lastIndexOf("::")));
    if (r.parent) needed.add(r.parent);
    if (r.deletedWith) needed.add(r.deletedWith);
  }
  return pending.filter((r) => !needed.has(r.urn));
}

/** `isDeletedWith`: the resource is deleted with another that this same operation deletes; no Delete call. */
export function isDeletedWith(r: StateResource, deleting: ReadonlySet<string>): boolean {
  return !!r.deletedWith && deleting.has(r.deletedWith);
}

/** Why a delete step must not run (`DeleteStep.Apply`): a protected resource, unless it is being replaced. */
export function deleteProtectedError(r: StateResource, replacing: boolean): string | undefined {
  if (replacing || !r.protect) return undefined;
  return (
    `resource "${r.urn}" cannot be deleted because it is protected. To unprotect the resource, either remove the ` +
    "`protect` flag from the resource in your Pulumi program and run `pulumi up`, or use `pulumi state unprotect`"
  );
}

/**
 * The resource's state before its step runs: the goal's inputs and options (`generateSteps` builds `new` from the
 * goal), no id and no outputs yet.
 */
export function newState(urn: string, goal: Goal, inputs: Props): StateResource {
  return {
    urn,
    type: goal.type,
    name: goal.name,
    custom: goal.custom,
    inputs,
    outputs: {},
    parent: goal.parent,
    dependencies: goal.dependencies,
    status: "created",
    ...(goal.protect ? { protect: true } : {}),
    ...(goal.retainOnDelete ? { retainOnDelete: true } : {}),
    ...(goal.deletedWith ? { deletedWith: goal.deletedWith } : {}),
    ...(goal.ignoreChanges?.length ? { ignoreChanges: goal.ignoreChanges } : {}),
    ...(goal.replaceOnChanges?.length ? { replaceOnChanges: goal.replaceOnChanges } : {}),
    ...(goal.additionalSecretOutputs?.length ? { additionalSecretOutputs: goal.additionalSecretOutputs } : {}),
    ...(goal.provider ? { provider: goal.provider } : {}),
  };
}

// ---- the generator -------------------------------------------------------------------------------------------

/** What step generation decided for one registration; the executor carries it out. */
export type Plan =
  | { kind: "create"; urn: string; new: StateResource }
  | { kind: "same"; urn: string; old: StateResource; new: StateResource }
  | { kind: "update"; urn: string; old: StateResource; new: StateResource; diffs: string[] }
  | {
      kind: "replace";
      urn: string;
      old: StateResource;
      new: StateResource;
      diffs: string[];
      replaces: string[];
      deleteBeforeReplace: boolean;
    };

export class StepGenerator {
  /** URNs registered this deployment (a second registration is a duplicate). */
  readonly urns = new Set<string>();
  /** New URN -> the old URN it was found under through an alias. */
  readonly aliases = new Map<string, string>();
  /** Old URNs claimed by some registration (directly or as an alias). */
  readonly claimed = new Set<string>();

  constructor(
    readonly stack: string,
    readonly project: string,
    private readonly olds: ReadonlyMap<string, StateResource>,
    private readonly dryRun: boolean,
    private readonly warn: (urn: string, message: string) => void,
    private readonly error: (urn: string, message: string) => void,
  ) {}

  /** `generateURN`: the URN, refusing a duplicate. */
  generateUrn(goal: Goal): string {
    const urn = makeUrn(this.stack, this.project, goal.type, goal.name, goal.parent);
    if (this.urns.has(urn)) throw new BailError(`Duplicate resource URN '${urn}'; try giving it a unique name`, urn);
    this.urns.add(urn);
    return urn;
  }

  /** `getOldResource`: the old state under the URN or, failing that, under the first alias that has one. */
  getOld(urn: string, goal: Goal): StateResource | undefined {
    const candidates = [
      urn,
      ...generateAliases({ ...goal, stack: this.stack, project: this.project }, goal.aliases ?? [], this.aliases),
    ];
    for (const u of candidates) {
      const old = this.olds.get(u);
      if (!old) continue;
      if (u !== urn) {
        if (this.urns.has(u) || this.claimed.has(u)) {
          throw new BailError(`resource ${urn} is aliased to ${u}, which another resource of this program uses`, urn);
        }
        this.aliases.set(urn, u);
      }
      this.claimed.add(u);
      return old;
    }
    return undefined;
  }

  /**
   * `continueStepsFromImport` for a resource with a provider: Check (against the old inputs after ignoreChanges
   * when there is an old state), then Diff, then the decision. A check failure makes the resource invalid, which
   * stops the deployment. `old` may be the state an import just read.
   */
  async plan(planner: Planner, urn: string, goal: Goal, old: StateResource | undefined): Promise<Plan> {
    const fromScratch = !old || old.external;
    const news = old && !fromScratch ? processIgnoreChanges(goal.inputs, old.inputs, goal.ignoreChanges) : goal.inputs;
    const checked = await planner.check(urn, fromScratch ? {} : old!.inputs, news);
    this.reportCheckFailures(urn, checked);
    const state = newState(urn, goal, checked.inputs);
    if (!old || old.external) return { kind: "create", urn, new: state };

    const host = await planner.diff(urn, old.id ?? "", old.inputs, old.outputs, checked.inputs, goal.ignoreChanges ?? []);
    const diff = applyReplaceOnChanges(resolveDiff(host, old.inputs, checked.inputs, goal.ignoreChanges), goal.replaceOnChanges);
    const decision = decide(diff, old, checked.inputs, goal);
    if (decision.op === "same") return { kind: "same", urn, old, new: state };
    if (decision.op === "update") return { kind: "update", urn, old, new: state, diffs: decision.diffs };

    if (goal.protect && old.protect) {
      const message =
        `unable to replace resource "${urn}" as it is currently marked for protection. To unprotect the resource, ` +
        "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`";
      if (!this.dryRun) throw new BailError(message, urn);
      this.error(urn, message);
    }
    if (old.importId && goal.importId) {
      const message = "previously-imported resources that still specify an ID may not be replaced; please remove the `import` declaration from your program";
      if (!this.dryRun) throw new BailError(message, urn);
      this.warn(urn, message);
    }
    // The replacement is checked again with no old inputs, as a new resource.
    const rechecked = await planner.check(urn, {}, goal.inputs);
    this.reportCheckFailures(urn, rechecked);
    return {
      kind: "replace",
      urn,
      old,
      new: newState(urn, goal, rechecked.inputs),
      diffs: decision.diffs,
      replaces: decision.replaces,
      deleteBeforeReplace: decision.deleteBeforeReplace,
    };
  }

  /** Resources without a provider (components): compared by their inputs (`diff` with no provider). */
  planComponent(urn: string, goal: Goal, old: StateResource | undefined): Plan {
    const state = newState(urn, goal, goal.inputs);
    if (!old) return { kind: "create", urn, new: state };
    if (goal.type === STACK_TYPE || deepEqual(old.inputs, goal.inputs)) return { kind: "same", urn, old, new: state };
    return { kind: "update", urn, old, new: state, diffs: changedKeys(old.inputs, goal.inputs) };
  }

  private reportCheckFailures(urn: string, checked: CheckResult): void {
    if (checked.failures.length === 0) return;
    throw new CheckFailed(urn, checked.failures);
  }
}

/** Check failures: the resource is invalid and the deployment stops (`resource %s is invalid`). */
export class CheckFailed extends BailError {
  constructor(
    urn: string,
    readonly failures: { property?: string; reason: string }[],
  ) {
    super(`resource ${urn} is invalid`, urn);
  }
}
