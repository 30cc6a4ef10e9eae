// Finding scopes: by id (GetScope), and the account's scopes in a Region (ListScopes, every page). Used by the
// Scope provider, by Monitor's read (GetMonitor does not return scopeArn) and by getScope() in the program.
import type { GetScopeCommandOutput, NetworkFlowMonitorClient, ScopeSummary } from "../client";
import { unlessNotFound } from "../common/providerSupport";

const client = () => require("../client") as typeof import("../client");

/** The scope, or undefined when there is none with that id. */
export async function findScope(api: NetworkFlowMonitorClient, scopeId: string): Promise<GetScopeCommandOutput | undefined> {
  return unlessNotFound(() => api.send(new (client().GetScopeCommand)({ scopeId })));
}

/** Every scope of the account in the client's Region (at most one on AWS today). */
export async function listScopes(api: NetworkFlowMonitorClient): Promise<ScopeSummary[]> {
  const nfm = client();
  const out: ScopeSummary[] = [];
  for await (const page of nfm.paginateListScopes({ client: api }, {})) out.push(...(page.scopes ?? []));
  return out;
}

/** The account's scope in a Region, preferring one that can take monitors; undefined when it has none. */
export function pickAccountScope(scopes: ScopeSummary[]): ScopeSummary | undefined {
  const usable = scopes.filter((s) => s.status !== "DEACTIVATING" && s.status !== "DEACTIVATED");
  return usable[0] ?? scopes[0];
}
