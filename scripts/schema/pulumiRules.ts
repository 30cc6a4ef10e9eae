// Rules Pulumi's schema binder enforces beyond its metaschema (schema/metaschema/pulumi.json), read from
// pkg/codegen/schema/bind.go and reserved_keywords.go at pulumi/pulumi v3.248.0. `pulumi package gen-sdk` fails (or
// warns) on a schema that breaks one; this checks them here, where no Pulumi CLI exists. Pure: a schema in, messages out.

type Json = Record<string, any>;

/** The built-in types a `$ref` may name (bindTypeSpecRef). */
const BUILTIN_REFS = new Set(["pulumi.json#/Any", "pulumi.json#/Archive", "pulumi.json#/Asset", "pulumi.json#/Json"]);
/** reservedKeywords: no property anywhere may be called this. */
const RESERVED_EVERYWHERE = ["pulumi"];
/** reservedTopLevelPropertyNames: the provider resource's inputs (bindProvider). */
const RESERVED_PROVIDER_INPUTS = ["version"];
/** reservedResourcePropertyKeys / reservedNonComponentPropertyKeys: resource outputs (bindResourceDetails). */
const RESERVED_RESOURCE_OUTPUTS = ["urn"];
const RESERVED_CUSTOM_RESOURCE_OUTPUTS = ["id"];
const PRIMITIVES = new Set(["boolean", "integer", "number", "string"]);

/** Every breach of those rules, each naming its JSON path and the bind.go function that enforces it. */
export function pulumiRuleViolations(schema: Json): string[] {
  const problems: string[] = [];
  const name: string = schema.name;
  const types: Json = schema.types ?? {};
  const resources: Json = schema.resources ?? {};
  const functions: Json = schema.functions ?? {};

  // validateTypeToken: `<package>:<module>:<member>`, the package's own name, and no `index:provider`.
  const checkToken = (section: string, token: string) => {
    const parts = token.split(":");
    if (parts.length !== 3) return problems.push(`#/${section}/${token}: a token has three parts, pkg:module:member (validateTypeToken)`);
    if (parts[0] !== name) problems.push(`#/${section}/${token}: the token must start with the package name "${name}" (validateTypeToken)`);
    if ((parts[1] === "" || parts[1].toLowerCase() === "index") && parts[2].toLowerCase() === "provider") {
      problems.push(`#/${section}/${token}: "provider" is reserved in the root module (validateTypeToken)`);
    }
    if (parts[1].startsWith("index/")) problems.push(`#/${section}/${token}: no nested modules under index (validateTypeToken)`);
  };
  for (const t of Object.keys(types)) checkToken("types", t);
  for (const t of Object.keys(resources)) checkToken("resources", t);
  for (const t of Object.keys(functions)) checkToken("functions", t);

  // checkDuplicates: resource and function tokens must differ case-insensitively.
  const seen = new Map<string, string>();
  for (const [section, tokens] of [["resources", Object.keys(resources)], ["functions", Object.keys(functions)]] as const) {
    for (const t of tokens) {
      const key = t.toLowerCase();
      const other = seen.get(key);
      if (other) problems.push(`#/${section}/${t}: collides with ${other} (checkDuplicates)`);
      else seen.set(key, `#/${section}/${t}`);
    }
  }

  const checkType = (path: string, spec: Json) => {
    if (spec.$ref !== undefined) {
      const ref: string = spec.$ref;
      if (BUILTIN_REFS.has(ref) || ref === "#/provider") return;
      const match = /^#\/(types|resources)\/(.+)$/.exec(ref);
      if (!match) return problems.push(`${path}/$ref: "${ref}" is not a reference this package can resolve (parseTypeSpecRef)`);
      const target = decodeURIComponent(match[2]);
      if (!(match[1] === "types" ? types : resources)[target]) problems.push(`${path}/$ref: ${match[1]} has no ${target} (bindTypeSpecRef)`);
      return;
    }
    if (spec.oneOf) {
      if (spec.oneOf.length < 2) problems.push(`${path}/oneOf: oneOf should list at least two types (bindTypeSpecOneOf)`);
      return spec.oneOf.forEach((s: Json, i: number) => checkType(`${path}/oneOf/${i}`, s));
    }
    if (spec.type === "array") {
      if (!spec.items) return problems.push(`${path}: an array type needs "items" (bindTypeSpec)`);
      return checkType(`${path}/items`, spec.items);
    }
    if (spec.type === "object") {
      if (spec.additionalProperties) checkType(`${path}/additionalProperties`, spec.additionalProperties);
      return;
    }
    if (!PRIMITIVES.has(spec.type)) problems.push(`${path}/type: unknown type "${spec.type}" (bindTypeSpec)`);
  };

  // bindProperties: printable names, no reserved keyword, every type resolves, every required name is a property.
  const checkProperties = (path: string, properties: Json | undefined, required: string[] | undefined, requiredPath: string, reserved: string[] = []) => {
    const props = properties ?? {};
    for (const [prop, spec] of Object.entries<Json>(props)) {
      if (!/^[^\s]+$/u.test(prop) || /[\p{C}]/u.test(prop)) problems.push(`${path}/${prop}: a property name is printable with no whitespace (validatePrintableName)`);
      if ([...RESERVED_EVERYWHERE, ...reserved].includes(prop)) problems.push(`${path}/${prop}: "${prop}" is a reserved property name (bindProperties, reserved_keywords.go)`);
      checkType(`${path}/${prop}`, spec);
    }
    (required ?? []).forEach((r, i) => {
      if (!(r in props)) problems.push(`${requiredPath}/${i}: unknown required property "${r}" (bindProperties)`);
    });
  };

  for (const [token, spec] of Object.entries<Json>(types)) {
    const path = `#/types/${token}`;
    if (spec.enum) {
      // bindEnumType: a primitive underlying type, and every value of that type.
      if (!PRIMITIVES.has(spec.type)) problems.push(`${path}/type: enums are string, integer, number or boolean (bindEnumType)`);
      const jsType = spec.type === "integer" ? "number" : spec.type;
      spec.enum.forEach((e: Json, i: number) => {
        if (typeof e.value !== jsType || (spec.type === "integer" && !Number.isInteger(e.value))) {
          problems.push(`${path}/enum/${i}/value: ${JSON.stringify(e.value)} is not a ${spec.type} (bindConstValue)`);
        }
      });
      continue;
    }
    if (spec.type !== "object") problems.push(`${path}/type: a type is an object or an enum (bindTypeDef)`);
    checkProperties(`${path}/properties`, spec.properties, spec.required, `${path}/required`);
  }

  const checkResource = (path: string, spec: Json, reservedOutputs: string[], reservedInputs: string[] = []) => {
    if (spec.plain) problems.push(`${path}/plain: removed; mark property types plain instead (bindResourceDetails)`);
    if (spec.plainInputs) problems.push(`${path}/plainInputs: removed; mark property types plain instead (bindResourceDetails)`);
    checkProperties(`${path}/properties`, spec.properties, spec.required, `${path}/required`, reservedOutputs);
    checkProperties(`${path}/inputProperties`, spec.inputProperties, spec.requiredInputs, `${path}/requiredInputs`, reservedInputs);
  };
  for (const [token, spec] of Object.entries<Json>(resources)) {
    checkResource(`#/resources/${token}`, spec, spec.isComponent ? RESERVED_RESOURCE_OUTPUTS : [...RESERVED_RESOURCE_OUTPUTS, ...RESERVED_CUSTOM_RESOURCE_OUTPUTS]);
  }
  if (schema.provider) checkResource("#/provider", schema.provider, [...RESERVED_RESOURCE_OUTPUTS, ...RESERVED_CUSTOM_RESOURCE_OUTPUTS], RESERVED_PROVIDER_INPUTS);
  checkProperties("#/config/variables", schema.config?.variables, undefined, "#/config/required");

  for (const [token, spec] of Object.entries<Json>(functions)) {
    const path = `#/functions/${token}`;
    checkProperties(`${path}/inputs/properties`, spec.inputs?.properties, spec.inputs?.required, `${path}/inputs/required`);
    checkProperties(`${path}/outputs/properties`, spec.outputs?.properties, spec.outputs?.required, `${path}/outputs/required`);
  }

  problems.push(...requiredObjectCycles(types));
  return problems;
}

/** validateNoRequiredObjectCycles: an object type may not reach itself through required object-typed properties. */
function requiredObjectCycles(types: Json): string[] {
  const edges = (token: string): string[] => {
    const spec = types[token];
    if (!spec || spec.enum) return [];
    return (spec.required ?? [])
      .map((r: string) => spec.properties?.[r]?.$ref as string | undefined)
      .filter((ref: string | undefined): ref is string => !!ref && ref.startsWith("#/types/"))
      .map((ref: string) => decodeURIComponent(ref.slice("#/types/".length)));
  };
  const problems: string[] = [];
  for (const start of Object.keys(types)) {
    const stack = [...edges(start)];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (t === start) {
        problems.push(`#/types/${start}: reaches itself through required properties, so no value can satisfy it (validateNoRequiredObjectCycles)`);
        break;
      }
      if (visited.has(t)) continue;
      visited.add(t);
      stack.push(...edges(t));
    }
  }
  return problems;
}
