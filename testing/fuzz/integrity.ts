// The state's integrity rules, checked at every journal entry: each URN once (a replaced resource marked for
// deletion may share its URN with its replacement), parents and dependencies before the resources that need
// them, a resource's provider (its reference `<provider URN>::<provider ID>`) a provider resource before it,
// components without ids, and no two live resources of a type with one id. Modelled on Pulumi's
// `Snapshot.VerifyIntegrity` (pkg/resource/deploy/snapshot.go, v3.248.0). Pure.
import { isProviderType } from "../engine/pluginLookup";
import type { StateFile } from "../engine/types";

/** The first integrity violation, or undefined when the state is sound. */
export function integrityProblem(state: StateFile): string | undefined {
  const seen = new Map<string, number>();
  const live = new Map<string, string>();
  const providers = new Set<string>();
  for (const [i, r] of state.resources.entries()) {
    if (!r.urn) return `resource at index ${i} has no URN`;
    if (!r.type) return `resource ${r.urn} has no type`;
    if (!r.custom && r.id) return `component ${r.urn} has an ID`;
    if (r.provider) {
      const at = r.provider.lastIndexOf("::");
      if (at < 0) return `${r.urn}: its provider reference ${JSON.stringify(r.provider)} is not <urn>::<id>`;
      if (!providers.has(r.provider)) {
        const later = state.resources.slice(i + 1).some((o) => `${o.urn}::${o.id ?? ""}` === r.provider);
        return later ? `${r.urn}: its provider ${r.provider} comes after it` : `${r.urn} refers to unknown provider ${r.provider}`;
      }
    }
    const needs: [string, string][] = [
      ...(r.parent ? [["parent", r.parent] as [string, string]] : []),
      ...r.dependencies.map((d) => ["dependency", d] as [string, string]),
      ...(r.deletedWith ? [["deletedWith", r.deletedWith] as [string, string]] : []),
    ];
    for (const [kind, urn] of needs) {
      if (seen.has(urn)) continue;
      const later = state.resources.slice(i + 1).some((o) => o.urn === urn);
      return later ? `${r.urn}: its ${kind} ${urn} comes after it` : `${r.urn}: its ${kind} ${urn} is missing`;
    }
    seen.set(r.urn, (seen.get(r.urn) ?? 0) + 1);
    if (isProviderType(r.type) && r.custom) providers.add(`${r.urn}::${r.id ?? ""}`);
    if (r.custom && r.id && r.status !== "pending-delete") {
      const key = `${r.type}|${r.id}`;
      const other = live.get(key);
      if (other) return `${r.urn} and ${other} both hold ${r.type} ${r.id}`;
      live.set(key, r.urn);
    }
  }
  for (const [urn, count] of seen) {
    if (count < 2) continue;
    const deleting = state.resources.filter((r) => r.urn === urn && r.status === "pending-delete").length;
    if (deleting < count - 1) return `duplicate resource ${urn} (${count} entries, ${deleting} marked for deletion)`;
  }
  return undefined;
}
