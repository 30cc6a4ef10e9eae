// Generates schema.json, the Pulumi package schema of the `networkflowmonitor` provider plugin, from the TypeScript
// types and their TSDoc (see scripts/schema/typeMapper.ts for the mapping), with the TypeScript compiler API.
//   npm run schema              write schema.json
//   npm run schema -- --check   exit 1 when the committed schema.json differs from what the types produce
// Pulumi's code generators (`pulumi package gen-sdk`, `pulumi package add`) make every language's SDK from it.
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { REPLACING_PROPERTIES } from "../provider/monitor/diff";
import { SCOPE_REPLACING_PROPERTIES } from "../provider/scope/diff";
import { missingDescription, SchemaSourceError, SchemaTypeMapper, type MappedProperty, type PropertySpec } from "./schema/typeMapper";
import { metaschemaErrors } from "./schema/metaschema";
import { pulumiRuleViolations } from "./schema/pulumiRules";
import { COMPONENT_TYPES, type ComponentType } from "../provider/plugin/componentTypes";

const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema.json");
export const PACKAGE_NAME = "networkflowmonitor";
const REPOSITORY = "https://github.com/pulumi-networkflowmonitor/pulumi-networkflowmonitor";

/** Where a resource's schema comes from: files are relative to the repository root. */
interface ResourceSource {
  /** The token's last part: `networkflowmonitor:index:<name>`. */
  name: string;
  /** The class, interface or function whose TSDoc describes it. */
  doc: [file: string, declaration: string];
  /** The interface of its inputs. */
  inputs: [file: string, declaration: string];
  /** The class (its `declare readonly x: pulumi.Output<T>` members) or interface of its outputs. */
  outputs: [file: string, declaration: string];
  /** Inputs whose change replaces the resource: taken from the diff module, never restated. */
  replaceOnChanges?: readonly string[];
  isComponent?: boolean;
}

/** Custom resources: the plugin's `networkflowmonitor:index:Monitor` and `Scope`. */
export const CUSTOM_RESOURCES: ResourceSource[] = [
  {
    name: "Monitor",
    doc: ["sdk/monitor.ts", "Monitor"],
    inputs: ["sdk/monitor.ts", "MonitorArgs"],
    outputs: ["sdk/monitor.ts", "Monitor"],
    replaceOnChanges: REPLACING_PROPERTIES,
  },
  {
    name: "Scope",
    doc: ["sdk/scope.ts", "Scope"],
    inputs: ["sdk/scope.ts", "ScopeArgs"],
    outputs: ["sdk/scope.ts", "Scope"],
    replaceOnChanges: SCOPE_REPLACING_PROPERTIES,
  },
];

const COMPONENT_TYPES_FILE = "provider/plugin/componentTypes.ts";
/**
 * A component served through Construct: its args and outputs are the declarations COMPONENT_TYPES names in
 * provider/plugin/componentTypes.ts; its description is the TSDoc of the Node.js SDK's class of that name in `docFile`.
 */
export function component(token: ComponentType, docFile: string): ResourceSource {
  const name = token.slice(token.lastIndexOf(":") + 1);
  const { args, outputs } = COMPONENT_TYPES[token];
  return { name, doc: [docFile, name], inputs: [COMPONENT_TYPES_FILE, args], outputs: [COMPONENT_TYPES_FILE, outputs], isComponent: true };
}

/** Components: adding one is one line here (a test holds this list to COMPONENT_TYPES). */
export const COMPONENTS: ResourceSource[] = [
  component("networkflowmonitor:index:WorkloadMonitor", "sdk/workloadMonitor.ts"),
  component("networkflowmonitor:index:EksAgent", "sdk/workload/agents.ts"),
  component("networkflowmonitor:index:Ec2Agents", "sdk/workload/agents.ts"),
  component("networkflowmonitor:index:AgentPublishPolicy", "sdk/workload/agents.ts"),
  component("networkflowmonitor:index:MonitorAlarms", "sdk/workload/alarms.ts"),
  component("networkflowmonitor:index:MonitorDashboard", "sdk/workload/dashboard.ts"),
];

/** Functions (Invoke): token `networkflowmonitor:index:<name>`. */
export const FUNCTIONS: SchemaSources["functions"] = [
  { name: "getScope", doc: ["sdk/getScope.ts", "getScope"], inputs: ["sdk/getScope.ts", "GetScopeArgs"], outputs: ["sdk/getScope.ts", "GetScopeResult"] },
];

/** The `networkflowmonitor:*` config keys and the explicit Provider's inputs. */
export const PROVIDER_CONFIG: [file: string, declaration: string] = ["provider/plugin/schemaTypes.ts", "ProviderConfig"];

/** Enums no property refers to yet but users of every language need: the services an `AWS::AWSService` names. */
const EXTRA_ENUMS: [file: string, declaration: string][] = [["provider/monitor/types.ts", "AwsService"]];

/** Everything the schema is generated from; files are relative to the root the generator is given. */
export interface SchemaSources {
  customResources: ResourceSource[];
  components: ResourceSource[];
  functions: readonly { name: string; doc: [string, string]; inputs: [string, string]; outputs: [string, string] }[];
  providerConfig: [file: string, declaration: string];
  extraEnums: [file: string, declaration: string][];
}

export const SCHEMA_SOURCES: SchemaSources = {
  customResources: CUSTOM_RESOURCES,
  components: COMPONENTS,
  functions: FUNCTIONS,
  providerConfig: PROVIDER_CONFIG,
  extraEnums: EXTRA_ENUMS,
};

/** A program over every file the tables name, with the repository's compiler options. */
function createProgram(sources: SchemaSources, root: string): ts.Program {
  const files = new Set<string>([sources.providerConfig[0], ...sources.extraEnums.map(([file]) => file)]);
  for (const r of [...sources.customResources, ...sources.components, ...sources.functions]) for (const [file] of [r.doc, r.inputs, r.outputs]) files.add(file);
  const configFile = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  // No ambient @types (node, mocha): the declarations the schema reads do not need them, and parsing them is slow.
  return ts.createProgram([...files].map((f) => path.join(root, f)), { ...options, types: [], noEmit: true });
}

function packageJson(): { version: string; description: string; license: string; keywords?: string[] } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
}

/** Properties by name, in a stable order, each with its description checked. */
function propertyMap(properties: MappedProperty[], extra?: (p: MappedProperty) => Partial<PropertySpec>): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const p of [...properties].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!p.spec.description) throw missingDescription(p.source);
    out[p.name] = { ...p.spec, ...extra?.(p) };
  }
  return out;
}

function requiredNames(properties: MappedProperty[]): string[] | undefined {
  const names = properties.filter((p) => !p.optional).map((p) => p.name).sort();
  return names.length > 0 ? names : undefined;
}

function resourceSpec(mapper: SchemaTypeMapper, r: ResourceSource): Record<string, unknown> {
  const inputs = mapper.properties(...r.inputs);
  const replacing = new Set(r.replaceOnChanges ?? []);
  for (const name of replacing) {
    if (!inputs.some((p) => p.name === name)) {
      throw new SchemaSourceError(`${r.name}: the diff module replaces on "${name}", which ${r.inputs.join(": ")} does not declare`);
    }
  }
  // An output that is also an input has the input's type, and its description when it has no TSDoc of its own.
  const outputs = mapper.properties(...r.outputs, new Map(inputs.map((p) => [p.name, p])));
  const replace = (p: MappedProperty) => (replacing.has(p.name) ? { replaceOnChanges: true } : {});
  const description = mapper.docOfDeclared(...r.doc);
  return {
    ...(description ? { description } : {}),
    ...(r.isComponent ? { isComponent: true } : {}),
    properties: propertyMap(outputs, replace),
    ...(requiredNames(outputs) ? { required: requiredNames(outputs) } : {}),
    inputProperties: propertyMap(inputs, replace),
    ...(requiredNames(inputs) ? { requiredInputs: requiredNames(inputs) } : {}),
  };
}

/** The package schema, as a plain object (keys in a fixed order). */
export function generateSchema(sources: SchemaSources = SCHEMA_SOURCES, root: string = ROOT): Record<string, unknown> {
  const program = createProgram(sources, root);
  const mapper = new SchemaTypeMapper(program, PACKAGE_NAME, root);
  const pkg = packageJson();

  const resources: Record<string, unknown> = {};
  for (const r of [...sources.customResources, ...sources.components]) resources[mapper.tokenFor(r.name)] = resourceSpec(mapper, r);

  const functions: Record<string, unknown> = {};
  for (const f of sources.functions) {
    const inputs = mapper.properties(...f.inputs);
    const outputs = mapper.properties(...f.outputs);
    const description = mapper.docOfDeclared(...f.doc);
    functions[`${PACKAGE_NAME}:index:${f.name}`] = {
      ...(description ? { description } : {}),
      inputs: { properties: propertyMap(inputs), ...(requiredNames(inputs) ? { required: requiredNames(inputs) } : {}) },
      outputs: { properties: propertyMap(outputs), ...(requiredNames(outputs) ? { required: requiredNames(outputs) } : {}) },
    };
  }

  const config = mapper.properties(...sources.providerConfig);
  const configProperties = propertyMap(config);
  const providerDescription = mapper.docOfDeclared(...sources.providerConfig);
  // Pulumi's code generators keep only the provider's string-typed outputs (bindProvider, pkg/codegen/schema/bind.go).
  const providerOutputs = Object.fromEntries(Object.entries(configProperties).filter(([, spec]) => spec.type === "string"));

  for (const e of sources.extraEnums) mapper.enumTypeRef(...e);

  const types = Object.fromEntries([...mapper.types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const schema: Record<string, unknown> = {
    name: PACKAGE_NAME,
    displayName: "AWS Network Flow Monitor",
    version: pkg.version,
    description: "AWS Network Flow Monitor monitors and scopes, the components that turn it on for a workload, and the getScope lookup.",
    keywords: ["pulumi", "aws", "networkflowmonitor", "network-flow-monitor", "kind/native", "category/network"],
    homepage: REPOSITORY,
    license: pkg.license,
    repository: REPOSITORY,
    publisher: "pulumi-networkflowmonitor",
    config: { variables: configProperties },
    provider: {
      ...(providerDescription ? { description: `The provider type for the networkflowmonitor package. ${providerDescription}` } : {}),
      properties: providerOutputs,
      inputProperties: configProperties,
    },
    types,
    resources,
    functions,
    language: {
      csharp: { rootNamespace: "Pulumi", namespaces: { [PACKAGE_NAME]: "NetworkFlowMonitor" }, respectSchemaVersion: true },
      go: {
        importBasePath: "github.com/pulumi-networkflowmonitor/pulumi-networkflowmonitor/sdk/go/networkflowmonitor",
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      java: { basePackage: "com.pulumi" },
      // Not "pulumi-networkflowmonitor": that is this npm package, the dynamic provider and typed SDK. A generated
      // Node.js SDK of the plugin is a different package and must not shadow it.
      nodejs: { packageName: "@pulumi-networkflowmonitor/plugin-sdk", respectSchemaVersion: true },
      python: { packageName: "pulumi_networkflowmonitor", pyproject: { enabled: true }, respectSchemaVersion: true },
    },
  };
  const violations = [...metaschemaErrors(schema), ...pulumiRuleViolations(schema)];
  if (violations.length > 0) {
    throw new SchemaSourceError(`the generated schema breaks Pulumi's metaschema or binding rules:\n  ${violations.join("\n  ")}`);
  }
  return schema;
}

/** The text schema.json holds: two-space JSON and a final newline. */
export function schemaText(schema: Record<string, unknown> = generateSchema()): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Why the committed schema.json is not the generator's output (naming the command that fixes it), or undefined. */
export function staleReport(text: string, file: string = SCHEMA_FILE): string | undefined {
  const name = path.relative(ROOT, file);
  if (!fs.existsSync(file)) return `${name} is missing: run \`npm run schema\` and commit it.`;
  if (fs.readFileSync(file, "utf8") === text) return undefined;
  return `${name} is stale: it differs from what the TypeScript types and TSDoc produce. Run \`npm run schema\` and commit the result.`;
}

function main() {
  let text: string;
  try {
    text = schemaText();
  } catch (err) {
    if (!(err instanceof SchemaSourceError)) throw err;
    console.error(`npm run schema: ${err.message}`);
    process.exit(1);
  }
  if (process.argv.includes("--check")) {
    const report = staleReport(text);
    if (report) {
      console.error(report);
      process.exit(1);
    }
    console.log("schema.json is up to date");
    return;
  }
  if (staleReport(text) === undefined) {
    console.log("schema.json is up to date");
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, text);
  console.log("wrote schema.json");
}

if (require.main === module) main();
