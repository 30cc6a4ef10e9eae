// What an account holds for a stack: every monitor and scope in a Region with the stack's ownership tag, and
// their deletion. Uses the provider's own client, settings and waiters' status rules.
import type { NetworkFlowMonitorClient } from "../client";
import { ownerWithin, type OwnedResource } from "./find";

const client = () => require("../client") as typeof import("../client");

/** Monitors and scopes in the client's Region whose ownership tag names `project/stack`. */
export async function listOwned(api: NetworkFlowMonitorClient, project: string, stack: string): Promise<OwnedResource[]> {
  const nfm = client();
  const { OWNER_TAG } = require("../common/ownership") as typeof import("../common/ownership");
  const owned: OwnedResource[] = [];
  for await (const page of nfm.paginateListMonitors({ client: api }, {})) {
    for (const m of page.monitors ?? []) {
      const got = await api.send(new nfm.GetMonitorCommand({ monitorName: m.monitorName })).catch((err: unknown) => {
        if (err instanceof nfm.ResourceNotFoundException) return undefined;
        throw err;
      });
      // A monitor already DELETING is on its way out.
      if (!got || got.monitorStatus === "DELETING" || ownerWithin(got.tags, project, stack) === undefined) continue;
      owned.push({ kind: "monitor", id: got.monitorName, arn: got.monitorArn, owner: got.tags![OWNER_TAG], status: got.monitorStatus });
    }
  }
  for await (const page of nfm.paginateListScopes({ client: api }, {})) {
    for (const s of page.scopes ?? []) {
      const got = await api.send(new nfm.GetScopeCommand({ scopeId: s.scopeId })).catch((err: unknown) => {
        if (err instanceof nfm.ResourceNotFoundException) return undefined;
        throw err;
      });
      if (!got || got.status === "DEACTIVATING" || got.status === "DEACTIVATED" || ownerWithin(got.tags, project, stack) === undefined) continue;
      owned.push({ kind: "scope", id: got.scopeId, arn: got.scopeArn, owner: got.tags![OWNER_TAG], status: got.status });
    }
  }
  return owned;
}

export interface DeleteOptions {
  /** How to wait between tries (tests pass a virtual clock). */
  sleep?: (ms: number) => Promise<void>;
  /** How long to wait for a resource still being created to settle; default 10 minutes. */
  timeoutMs?: number;
}

/**
 * Deletes one orphan (no wait for the deletion itself: the service finishes it). One the service is still
 * creating (PENDING / IN_PROGRESS answers ConflictException) is deleted once that settles. Already gone is fine.
 */
export async function deleteOwned(api: NetworkFlowMonitorClient, r: OwnedResource, options: DeleteOptions = {}): Promise<void> {
  const nfm = client();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = (options.timeoutMs ?? 600_000);
  for (let waited = 0; ; waited += 5_000) {
    try {
      if (r.kind === "monitor") await api.send(new nfm.DeleteMonitorCommand({ monitorName: r.id }));
      else await api.send(new nfm.DeleteScopeCommand({ scopeId: r.id }));
      return;
    } catch (err) {
      if (err instanceof nfm.ResourceNotFoundException) return;
      if (!(err instanceof nfm.ConflictException) || waited >= deadline) throw err;
    }
    await sleep(5_000);
  }
}
