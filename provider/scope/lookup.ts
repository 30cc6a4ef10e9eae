// Finding scopes: by id (GetScope), and the account's scopes in a Region (ListScopes, every page). Used by the
// Scope provider, by Monitor's read (GetMonitor does not return scopeArn) and by getScope() in the program.
import type { GetScopeCommandOutput, NetworkFlowMonitorClient, ScopeStatus, ScopeSummary } from "../client";
import { unlessNotFound } from "../common/providerSupport";
import type { ProviderSettings } from "../settings";

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

/** What getScope answers: the SDK's getScope() and the plugin's `networkflowmonitor:index:getScope`. */
export interface AccountScope {
  /** `arn:aws:networkflowmonitor:<region>:<account>:scope/<id>`: what a Monitor's `scopeArn` takes. */
  scopeArn: string;
  /** The scope's id: the last part of `scopeArn`. */
  scopeId: string;
  /** `SUCCEEDED` when the scope is ready; `IN_PROGRESS` or `FAILED` otherwise. */
  status: ScopeStatus;
  /** The Region the scope is in. */
  region: string;
}

/**
 * The lookup behind getScope, for both front ends: the account's scope in `region` (else the settings' default
 * Region), with a message saying how to create one when there is none. `regionSetting` names, for messages,
 * where the default Region is set ("`aws:region` in the stack config").
 */
export async function lookupAccountScope(settings: ProviderSettings, region: string | undefined, regionSetting: string): Promise<AccountScope> {
  const { createClient, resolveDefaultRegion } = require("../runtime") as typeof import("../runtime");
  if (settings.problems.length > 0) {
    throw new Error(`getScope: ${settings.problems.map((p) => `${p.property} ${p.reason}`).join("; ")}`);
  }
  const where = region ?? (await resolveDefaultRegion(settings));
  if (!where) {
    throw new Error(`getScope: no Region: pass { region }, set ${regionSetting}, or set AWS_REGION (or the AWS profile's region)`);
  }
  const api = createClient(settings, where);
  try {
    const found = pickAccountScope(await listScopes(api));
    if (!found) {
      throw new Error(
        `getScope: the account has no Network Flow Monitor scope in ${where}. ` +
          `Create one with \`new Scope("scope", { region: "${where}" })\` (one stack owns it; others use getScope), then run this stack again.`,
      );
    }
    return { scopeArn: found.scopeArn, scopeId: found.scopeId, status: found.status, region: where };
  } finally {
    api.destroy();
  }
}
