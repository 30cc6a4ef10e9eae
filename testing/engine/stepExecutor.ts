// Step execution: calling the provider and producing the state each step leaves, as the `Apply` methods of
// pkg/resource/deploy/step.go and pkg/resource/deploy/step_executor.go (v3.248.0) do. Every step that calls the
// provider outside a preview is wrapped in the snapshot's begin/end (pkg/backend/snapshot.go), so the state file
// always says what was in flight.
import { makeSecret, isSecret } from "./plan";
import { InitError, type Provider } from "./plugin";
import type { SnapshotManager } from "./snapshot";
import { deleteProtectedError, isDeletedWith, refreshResultOp, resolveDiff, type DiffResult } from "./stepGenerator";
import type { StateResource } from "./types";

type Props = Record<string, unknown>;

/** A step that failed; `state` is what it still recorded (a partial failure's resource). */
export class StepFailed extends Error {
  constructor(
    message: string,
    readonly urn: string,
  ) {
    super(message);
    this.name = "StepFailed";
  }
}

/**
 * After any step (`continueExecuteStep`): outputs named in additionalSecretOutputs become secret, and so does every
 * top-level output whose input of the same name is secret.
 */
export function secureOutputs(state: StateResource, warn?: (message: string) => void): StateResource {
  const outputs = { ...state.outputs };
  for (const k of state.additionalSecretOutputs ?? []) {
    if (k === "id") warn?.("The 'id' property cannot be made secret. See pulumi/pulumi#2717 for more details.");
    else if (k in outputs && !isSecret(outputs[k])) outputs[k] = makeSecret(outputs[k]);
  }
  for (const [k, v] of Object.entries(outputs)) {
    if (!isSecret(v) && isSecret(state.inputs[k])) outputs[k] = makeSecret(v);
  }
  return { ...state, outputs };
}

export class StepExecutor {
  constructor(
    private readonly snapshot: SnapshotManager,
    private readonly dryRun: boolean,
    private readonly warn: (urn: string, message: string) => void,
  ) {}

  private finish(state: StateResource): StateResource {
    return secureOutputs(state, (m) => this.warn(state.urn, m));
  }

  /** SameStep: the new state keeps the old id and outputs, with the NEW checked inputs and options. */
  same(old: StateResource, next: StateResource): StateResource {
    const state = this.finish({ ...next, id: old.id, outputs: old.outputs, ...(old.importId ? { importId: old.importId } : {}) });
    if (!this.dryRun) this.snapshot.record({ done: old, new: state });
    return state;
  }

  /** A component (no provider): recorded with its inputs as outputs until it registers its own. */
  component(old: StateResource | undefined, next: StateResource): StateResource {
    const state = { ...next, outputs: old?.outputs ?? {} };
    if (!this.dryRun) this.snapshot.record({ done: old, new: state });
    return state;
  }

  /**
   * CreateStep: Create, then the new state. A partial failure (the resource exists but did not initialise) records
   * exactly the id and properties the host returned, with its reasons as init errors, and fails the step. For a
   * create-before-delete replacement the old resource is marked pending-delete only once the create succeeded.
   */
  async create(provider: Provider, next: StateResource, replacing?: StateResource): Promise<StateResource> {
    if (this.dryRun) {
      const r = await provider.create(next.urn, next.inputs, true);
      return this.finish({ ...next, id: r.id || undefined, outputs: r.outputs });
    }
    const op = this.snapshot.begin("creating", next);
    try {
      const r = await provider.create(next.urn, next.inputs, false);
      if (!r.id) throw new Error("provider did not return an ID from Create");
      const state = this.finish({ ...next, id: r.id, outputs: r.outputs });
      if (replacing) replacing.status = "pending-delete";
      this.snapshot.end(op, true, { new: state });
      return state;
    } catch (err) {
      if (err instanceof InitError) {
        const state = this.finish({ ...next, id: err.id, outputs: err.outputs, status: "failed-init", initErrors: err.reasons });
        this.snapshot.end(op, true, { new: state });
        throw new StepFailed(initMessage(err), next.urn);
      }
      this.snapshot.end(op, false, {});
      throw new StepFailed(errorMessage(err), next.urn);
    }
  }

  /**
   * UpdateStep: Update(old outputs, new inputs). A partial failure keeps the OLD inputs with the new outputs
   * (updateActions.OnResourceStepPost); any other failure keeps the old state as it was.
   */
  async update(provider: Provider, old: StateResource, next: StateResource): Promise<StateResource> {
    const id = old.id ?? "";
    if (this.dryRun) {
      const outputs = await provider.update(next.urn, id, old.inputs, old.outputs, next.inputs, true);
      return this.finish({ ...next, id: old.id, outputs });
    }
    const op = this.snapshot.begin("updating", next);
    try {
      const outputs = await provider.update(next.urn, id, old.inputs, old.outputs, next.inputs, false);
      const state = this.finish({ ...next, id: old.id, outputs, ...(old.importId ? { importId: old.importId } : {}) });
      this.snapshot.end(op, true, { done: old, new: state });
      return state;
    } catch (err) {
      if (err instanceof InitError) {
        const state = this.finish({ ...next, id: old.id, inputs: old.inputs, outputs: err.outputs, status: "failed-init", initErrors: err.reasons });
        this.snapshot.end(op, true, { done: old, new: state });
        throw new StepFailed(initMessage(err), next.urn);
      }
      this.snapshot.end(op, false, {});
      throw new StepFailed(errorMessage(err), next.urn);
    }
  }

  /**
   * DeleteStep: refuses a protected resource (unless replacing it); sends no Delete for an external resource, one
   * with retainOnDelete, or one deleted with another resource this operation deletes.
   */
  async delete(provider: Provider | undefined, old: StateResource, replacing: boolean, deleting: ReadonlySet<string>): Promise<void> {
    const protectedError = deleteProtectedError(old, replacing);
    if (protectedError) throw new StepFailed(protectedError, old.urn);
    if (this.dryRun) return;
    const call = old.custom && !old.external && !old.retainOnDelete && !isDeletedWith(old, deleting) && old.id !== undefined;
    if (!call || !provider) {
      this.snapshot.record({ done: old });
      return;
    }
    const op = this.snapshot.begin("deleting", old);
    try {
      await provider.delete(old.urn, old.id!, old.inputs, old.outputs);
      this.snapshot.end(op, true, { done: old });
    } catch (err) {
      this.snapshot.end(op, false, {});
      throw new StepFailed(`deleting ${old.id}: ${errorMessage(err)}`, old.urn);
    }
  }

  /**
   * ReadStep (Resource.get): Read(id) with the program's properties as inputs and state, also in a preview. It fails
   * only when the provider returns no outputs at all; an id "" keeps the requested id. Stored as external.
   */
  async read(provider: Provider, next: StateResource, id: string, old: StateResource | undefined): Promise<StateResource> {
    const op = this.dryRun ? undefined : this.snapshot.begin("reading", next);
    try {
      const r = await provider.read(next.urn, id, next.inputs, next.inputs);
      if (r.outputs === undefined || r.outputs === null) throw new Error(`resource '${id}' does not exist`);
      const state = this.finish({ ...next, id: r.id || id, outputs: r.outputs, external: true });
      if (op) this.snapshot.end(op, true, { done: old, new: state });
      return state;
    } catch (err) {
      if (op) this.snapshot.end(op, false, {});
      throw new StepFailed(errorMessage(err), next.urn);
    }
  }

  /**
   * ImportStep (since v3.174): Read(id) with no inputs or state, nothing else. The read state becomes the old state
   * that ordinary Check and Diff then compare the program's inputs with. A `planned` import (`pulumi import`, no
   * program) keeps the read inputs and clears the import id (`ImportStep.Apply`, `s.planned`).
   */
  async import(provider: Provider, next: StateResource, importId: string, readProps: Props, planned = false): Promise<StateResource> {
    const op = this.dryRun ? undefined : this.snapshot.begin("importing", next);
    try {
      const r = await provider.read(next.urn, importId, {}, readProps);
      if (r.outputs === undefined || r.outputs === null) throw new Error(`resource '${importId}' does not exist`);
      if (r.inputs === undefined) {
        throw new Error("provider does not support importing resources; please try updating the 'pulumi-nodejs' plugin");
      }
      const state: StateResource = { ...next, id: r.id || importId, inputs: r.inputs, outputs: r.outputs, ...(planned ? {} : { importId }) };
      if (op) this.snapshot.end(op, true, { new: state });
      return state;
    } catch (err) {
      if (op) this.snapshot.end(op, false, {});
      throw new StepFailed(`importing ${importId}: ${errorMessage(err)}`, next.urn);
    }
  }
}

/**
 * RefreshStep: Read(id, stored inputs, stored outputs). An empty id means the resource is gone. Otherwise the
 * refreshed state takes the read outputs (and inputs, when the provider returned some), its init errors are
 * cleared (a partial failure of the read keeps its reasons, as a warning), and the provider's
 * Diff(refreshed outputs, stored inputs) says whether the refresh changed anything.
 */
export async function refreshResource(
  provider: Provider,
  old: StateResource,
  useDiff: boolean,
  warn: (message: string) => void,
): Promise<{ state?: StateResource; result: "same" | "update" | "delete"; diffs: string[] }> {
  let read: { id: string; outputs: Props; inputs?: Props };
  let initErrors: string[] | undefined;
  try {
    read = await provider.read(old.urn, old.id ?? "", old.inputs, old.outputs);
  } catch (err) {
    if (!(err instanceof InitError)) throw err;
    read = { id: err.id, outputs: err.outputs };
    initErrors = err.reasons;
    warn(`Refreshed resource is in an unhealthy state:\n* ${err.reasons.join("\n* ")}`);
  }
  if (read.id === "") return { result: "delete", diffs: [] };
  const inputs = read.inputs ?? old.inputs;
  const state: StateResource = { ...old, id: read.id, inputs, outputs: read.outputs, status: initErrors ? "failed-init" : "created" };
  delete state.initErrors;
  if (initErrors) state.initErrors = initErrors;
  let diff: DiffResult | undefined;
  if (useDiff) {
    const host = await provider.diff(old.urn, read.id, inputs, read.outputs, old.inputs, old.ignoreChanges ?? []);
    diff = resolveDiff(host, inputs, old.inputs, old.ignoreChanges);
  }
  const result = refreshResultOp({ gone: false, diff, oldOutputs: old.outputs, newOutputs: read.outputs });
  const diffs = diff?.changedKeys.length ? diff.changedKeys : result === "same" ? [] : changedOutputKeys(old.outputs, read.outputs);
  return { state, result, diffs };
}

function changedOutputKeys(a: Props, b: Props): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function initMessage(err: InitError): string {
  const reasons = err.reasons.length ? ` (${err.reasons.join("; ")})` : "";
  return `resource ${err.id} was created but failed to initialise: ${err.message}${reasons}`;
}
