// The snapshot: what the state file holds while and after a deployment runs, as pkg/backend/snapshot.go
// (v3.248.0, `SnapshotManager`) keeps it. Each step that changes something records a pending operation when it
// begins and clears it when it ends, writing the state file both times; so an engine killed mid-step leaves the
// operation in `pendingOperations`. `snap()` is the new state: resources this deployment produced, then the old
// ones it has not finished with; incomplete operations, plus the old state's pending creates, which only a
// refresh clears.
import { loadState, saveState } from "./state";
import type { PendingOperation, StateFile, StateResource } from "./types";

export class SnapshotManager {
  /** Old states this deployment is done with (replaced by a new state, or deleted). */
  private readonly dones = new Set<StateResource>();
  /** New states, in the order their steps finished (a valid creation order). */
  private readonly news: StateResource[] = [];
  private readonly ops: { op: PendingOperation; done: boolean }[] = [];
  /** The base state's resources; mutable (a create-before-delete replacement marks the old one pending-delete). */
  readonly base: StateResource[];
  outputs: Record<string, unknown>;
  providerConfig?: Record<string, unknown>;
  private basePendingCreates: PendingOperation[];

  /** `file` undefined: nothing is written (a preview). */
  constructor(
    readonly prev: StateFile,
    private readonly file: string | undefined,
  ) {
    this.base = prev.resources.map((r) => ({ ...r }));
    this.outputs = prev.outputs;
    this.providerConfig = prev.providerConfig;
    this.basePendingCreates = (prev.pendingOperations ?? []).filter((o) => o.type === "creating");
  }

  /** A step begins: its pending operation is written first. Returns the handle `end` takes. */
  begin(type: PendingOperation["type"], state: StateResource): PendingOperation {
    const op: PendingOperation = { type, resource: state };
    this.ops.push({ op, done: false });
    this.write();
    return op;
  }

  /** A step ended: the operation is cleared; on success the old state is done and the new one recorded. */
  end(op: PendingOperation, success: boolean, change: { done?: StateResource; new?: StateResource }): void {
    const entry = this.ops.find((o) => o.op === op);
    if (entry) entry.done = true;
    if (success) this.apply(change);
    this.write();
  }

  /** A change with no provider call (a same step, a component): recorded and written. */
  record(change: { done?: StateResource; new?: StateResource }): void {
    this.apply(change);
    this.write();
  }

  private apply(change: { done?: StateResource; new?: StateResource }): void {
    if (change.done) this.dones.add(change.done);
    if (change.new) this.news.push(change.new);
  }

  /** The base state's entry for `r` (states loaded from the file are copies). */
  baseOf(urn: string, pred: (r: StateResource) => boolean = () => true): StateResource | undefined {
    return this.base.find((r) => r.urn === urn && pred(r));
  }

  /** Replaces the whole base (after a refresh rewrote the old states in memory). */
  rebase(resources: StateResource[]): void {
    this.base.splice(0, this.base.length, ...resources);
    this.write();
  }

  /** `--clear-pending-creates`. */
  clearPendingCreates(): void {
    this.basePendingCreates = [];
    this.write();
  }

  snap(): StateFile {
    const resources = [...this.news.filter((r) => !this.dones.has(r)), ...this.base.filter((r) => !this.dones.has(r))];
    const pendingOperations = [...this.ops.filter((o) => !o.done).map((o) => o.op), ...this.basePendingCreates];
    const state: StateFile = { ...this.prev, resources, outputs: this.outputs };
    delete state.pendingOperations;
    delete state.providerConfig;
    if (this.providerConfig) state.providerConfig = this.providerConfig;
    if (pendingOperations.length) state.pendingOperations = pendingOperations;
    return state;
  }

  write(): void {
    if (this.file) saveState(this.file, this.snap());
  }
}

export { loadState, saveState };
