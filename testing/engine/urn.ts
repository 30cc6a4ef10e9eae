// URNs and aliases, as Pulumi builds them (v3.248.0): sdk/go/common/resource/urn/urn.go `New`,
// sdk/go/common/resource/alias.go `CreateURN`, pkg/resource/deploy/deployment.go `generateURN`, and
// pkg/resource/deploy/step_generator.go `collapseAliasToUrn`, `inheritedChildAlias`, `generateAliases`. Pure.

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN: `parentType$...$type` (everything between the project and the name). */
export function qualifiedType(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** The resource type of a URN (the last `$`-separated part of the qualified type). */
export function urnType(urn: string): string {
  return qualifiedType(urn).split("$").pop() ?? "";
}

/** The name of a URN (everything after the third `::`; names may themselves contain `::`). */
export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/**
 * A resource's URN: its parent's whole qualified type chain, `$`, its own type (the stack as parent adds nothing):
 * `urn:pulumi:dev::proj::my:Component$other:Component$pulumi-nodejs:dynamic/x:Y::name`.
 */
export function makeUrn(stack: string, project: string, type: string, name: string, parent?: string): string {
  const parentType = parent ? qualifiedType(parent) : "";
  const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** An alias as the SDK sends it: a URN, or a spec whose empty fields default to the resource's own. */
export type AliasSpec =
  | { urn: string }
  | { name?: string; type?: string; stack?: string; project?: string; parentUrn?: string; noParent?: boolean };

/**
 * Pulumi's `CreateURN`: with a parent, the alias takes the parent's URN up to its name and appends `$type`; so an
 * alias under a stack parent becomes `...::pulumi:pulumi:Stack$type::name` unless `noParent` (collapseAliasToUrn
 * clears a root-stack parent first).
 */
export function collapseAlias(
  alias: AliasSpec,
  self: { name: string; type: string; parent?: string; stack: string; project: string },
  parentAliases: ReadonlyMap<string, string>,
): string {
  if ("urn" in alias) return alias.urn;
  const name = alias.name || self.name;
  const type = alias.type || self.type;
  let parent = alias.parentUrn || self.parent || "";
  if (alias.parentUrn) parent = parentAliases.get(alias.parentUrn) ?? alias.parentUrn;
  if (alias.noParent || (parent && qualifiedType(parent) === STACK_TYPE)) parent = "";
  const stack = alias.stack || self.stack;
  const project = alias.project || self.project;
  if (!parent) return `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const cut = parent.lastIndexOf("::");
  return `${parent.slice(0, cut)}$${type}::${name}`;
}

/** The alias a child gets from its parent's alias: the parent's old type chain, and its name prefix renamed. */
export function inheritedChildAlias(
  childType: string,
  childName: string,
  parentName: string,
  parentAlias: string,
  stack: string,
  project: string,
): string {
  const name = childName.startsWith(parentName)
    ? urnName(parentAlias) + childName.slice(parentName.length)
    : childName;
  return makeUrn(stack, project, childType, name, parentAlias);
}

/**
 * Every URN a registration may have had before (`generateAliases`): its own aliases, then (when its parent was
 * itself found under an alias) the parent's alias applied to its name and to each of its aliases. No duplicates.
 */
export function generateAliases(
  self: { name: string; type: string; parent?: string; stack: string; project: string },
  aliases: AliasSpec[],
  parentAliases: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  const add = (u: string) => {
    if (!out.includes(u)) out.push(u);
  };
  for (const a of aliases) add(collapseAlias(a, self, parentAliases));
  const parentAlias = self.parent ? parentAliases.get(self.parent) : undefined;
  if (self.parent && parentAlias) {
    const parentName = urnName(self.parent);
    add(inheritedChildAlias(self.type, self.name, parentName, parentAlias, self.stack, self.project));
    for (const a of aliases) {
      const child = collapseAlias(a, self, parentAliases);
      add(inheritedChildAlias(urnType(child), urnName(child), parentName, parentAlias, self.stack, self.project));
    }
  }
  return out;
}
