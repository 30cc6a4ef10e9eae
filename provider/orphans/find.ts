// Orphans: monitors and scopes that carry a stack's ownership tag (provider/common/ownership.ts) but that the
// stack's state does not hold. They are what an interrupted create leaves in AWS when the next program no longer
// declares the resource (Pulumi keeps only a pending operation for it, and `refresh` clears that). Pure: the state
// as `pulumi stack export` writes it (or the engine in a box's state file), and what the account holds.
import { OWNER_TAG } from "../common/ownership";

export interface OwnedResource {
  kind: "monitor" | "scope";
  /** monitorName, or scopeId. */
  id: string;
  arn: string;
  /** The ownership tag's value: `<project>/<stack>/<resource name>`. */
  owner: string;
  status?: string;
}

export interface StateHoldings {
  /** Ids (monitorName / scopeId) and ARNs of every monitor and scope in the state. */
  held: Set<string>;
  /** Resource names of pending operations (`pending_operations`): their outcome is unknown. */
  pending: Set<string>;
}

interface AnyResource {
  urn?: string;
  type?: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

// Both front ends' types: the dynamic provider's (`pulumi-nodejs:dynamic/networkflowmonitor:Monitor`) and the plugin's
// (`networkflowmonitor:index:Monitor`). Missing the plugin's made every resource of a plugin stack an "orphan".
const OUR_TYPE = /^(pulumi-nodejs:dynamic\/networkflowmonitor|networkflowmonitor:index):(Monitor|Scope)$/;

/** What a state holds, from `pulumi stack export` JSON (`deployment.resources`) or an engine-in-a-box state file. */
export function stateHoldings(state: unknown): StateHoldings {
  const s = (state ?? {}) as Record<string, unknown>;
  const body = (s.deployment ?? s.checkpoint ?? s) as Record<string, unknown>;
  const inner = ((body as { latest?: unknown }).latest ?? body) as Record<string, unknown>;
  const resources = (inner.resources ?? []) as AnyResource[];
  const pendingOps = (inner.pending_operations ?? inner.pendingOperations ?? []) as { resource?: AnyResource }[];
  if (!Array.isArray(resources)) throw new Error("the state has no resources list: pass `pulumi stack export` output or an nfm-engine state file");
  const held = new Set<string>();
  for (const r of resources) {
    if (!r.type || !OUR_TYPE.test(r.type)) continue;
    for (const v of [r.id, r.outputs?.monitorName, r.outputs?.monitorArn, r.outputs?.scopeId, r.outputs?.scopeArn]) {
      if (typeof v === "string" && v !== "") held.add(v);
    }
  }
  const pending = new Set<string>();
  for (const op of pendingOps) {
    const urn = op.resource?.urn;
    if (urn && op.resource?.type && OUR_TYPE.test(op.resource.type)) pending.add(urn.split("::").pop()!);
  }
  return { held, pending };
}

/** The resource name a tag set says owns it within `project/stack`, or undefined when another stack (or nobody) owns it. */
export function ownerWithin(tags: Record<string, string> | undefined, project: string, stack: string): string | undefined {
  const value = tags?.[OWNER_TAG];
  const prefix = `${project}/${stack}/`;
  return value !== undefined && value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
}

export interface OrphanReport {
  /** Owned by the stack, absent from its state: safe to delete. */
  orphans: OwnedResource[];
  /** Owned, absent, but a pending operation names its resource: run `pulumi refresh` / `pulumi up` first. */
  pending: OwnedResource[];
}

/** Splits the stack's owned resources into those the state holds (dropped), orphans, and pending ones. */
export function findOrphans(owned: OwnedResource[], holdings: StateHoldings, project: string, stack: string): OrphanReport {
  const report: OrphanReport = { orphans: [], pending: [] };
  for (const r of owned) {
    if (holdings.held.has(r.id) || holdings.held.has(r.arn)) continue;
    const name = r.owner.slice(`${project}/${stack}/`.length);
    (holdings.pending.has(name) ? report.pending : report.orphans).push(r);
  }
  return report;
}
