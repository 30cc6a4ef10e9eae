// schema.json, the package schema Pulumi's code generators make every language's SDK from: fresh, valid against
// Pulumi's metaschema and binding rules, documented, and in step with the model and the provider's own rules.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateSchema, SCHEMA_FILE, schemaText, staleReport, type SchemaSources } from "../../scripts/generate-schema";
import { metaschemaErrors } from "../../scripts/schema/metaschema";
import { pulumiRuleViolations } from "../../scripts/schema/pulumiRules";
import { enumMemberName, tsdocToMarkdown } from "../../scripts/schema/typeMapper";
import { MODEL_DIR } from "../../scripts/model";
import { diffMonitor } from "../../provider/monitor/diff";
import { diffScope } from "../../provider/scope/diff";
import { MONITOR_STATUS, SCOPE_STATUS } from "../../provider/common/statusRecovery";
import { AwsService } from "../../provider/monitor/types";
import { PLUGIN_CONFIG_KEYS } from "../../provider/settings";
import { SECRET_SETTINGS } from "../../provider/plugin/config";
import { COMPONENT_TYPES } from "../../provider/plugin/componentTypes";

type Json = Record<string, any>;
const MONITOR = "networkflowmonitor:index:Monitor";
const SCOPE = "networkflowmonitor:index:Scope";

/** Every property map in a schema, with its JSON path. */
function propertyMaps(schema: Json): [string, Json][] {
  const maps: [string, Json][] = [["#/config/variables", schema.config?.variables ?? {}]];
  const resource = (p: string, r: Json) => maps.push([`${p}/properties`, r.properties ?? {}], [`${p}/inputProperties`, r.inputProperties ?? {}]);
  resource("#/provider", schema.provider ?? {});
  for (const [t, r] of Object.entries<Json>(schema.resources ?? {})) resource(`#/resources/${t}`, r);
  for (const [t, f] of Object.entries<Json>(schema.functions ?? {})) {
    maps.push([`#/functions/${t}/inputs/properties`, f.inputs?.properties ?? {}], [`#/functions/${t}/outputs/properties`, f.outputs?.properties ?? {}]);
  }
  for (const [t, ty] of Object.entries<Json>(schema.types ?? {})) if (ty.properties) maps.push([`#/types/${t}/properties`, ty.properties]);
  return maps;
}

function copy(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema));
}

describe("schema.json", function () {
  // One generation (a TypeScript program over the SDK and provider types) serves every test.
  this.timeout(120_000);
  let schema: Json;
  before(() => {
    schema = generateSchema();
  });

  describe("freshness", () => {
    it("the committed schema.json equals the generator's output (run npm run schema)", () => {
      assert.equal(staleReport(schemaText(schema)), undefined);
      assert.deepEqual(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")), schema);
    });

    it("a stale or missing copy is reported, naming the file and the command that fixes it", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-schema-"));
      try {
        const file = path.join(dir, "schema.json");
        assert.match(staleReport(schemaText(schema), file) ?? "", /schema\.json is missing: run `npm run schema`/);
        fs.writeFileSync(file, schemaText({ ...schema, version: "9.9.9" }));
        assert.match(staleReport(schemaText(schema), file) ?? "", /schema\.json is stale.*Run `npm run schema`/);
        fs.writeFileSync(file, schemaText(schema));
        assert.equal(staleReport(schemaText(schema), file), undefined);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it("names the package, its version from package.json, its license and repository", () => {
      const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "package.json"), "utf8"));
      assert.equal(schema.name, "networkflowmonitor");
      assert.equal(schema.version, pkg.version);
      assert.equal(schema.license, pkg.license);
      assert.equal(schema.repository, "https://github.com/pulumi-networkflowmonitor/pulumi-networkflowmonitor");
      assert.ok(schema.description && schema.keywords.length > 0);
    });
  });

  describe("Pulumi's metaschema (schema/metaschema/pulumi.json, draft 2020-12)", () => {
    it("accepts the schema", () => {
      assert.deepEqual(metaschemaErrors(schema), []);
    });

    it("rejects broken copies, so this check can fail", () => {
      const badName = { ...copy(schema), name: "1networkflowmonitor" };
      assert.ok(metaschemaErrors(badName).some((e) => e.startsWith("#/name")), metaschemaErrors(badName).join("\n"));

      const badType = copy(schema);
      badType.resources[MONITOR].properties.region.type = "text";
      assert.ok(metaschemaErrors(badType).some((e) => e.includes("/properties/region")));

      const badToken = copy(schema);
      badToken.resources["networkflowmonitor:index:9Monitor"] = badToken.resources[MONITOR];
      assert.ok(metaschemaErrors(badToken).length > 0);

      const badLanguage = copy(schema);
      badLanguage.language.python.packageName = 42;
      assert.ok(metaschemaErrors(badLanguage).some((e) => e.startsWith("#/language/python/packageName")));
    });
  });

  describe("Pulumi's binding rules beyond the metaschema (bind.go)", () => {
    it("holds: tokens, $ref targets, required names, reserved names, enum values", () => {
      assert.deepEqual(pulumiRuleViolations(schema), []);
    });

    it("rejects a token of another package or with two parts", () => {
      const s = copy(schema);
      s.resources["aws:index:Monitor"] = s.resources[MONITOR];
      s.types["networkflowmonitor:Thing"] = { type: "object", properties: {} };
      const problems = pulumiRuleViolations(s).join("\n");
      assert.match(problems, /aws:index:Monitor: the token must start with the package name "networkflowmonitor"/);
      assert.match(problems, /networkflowmonitor:Thing: a token has three parts/);
    });

    it("rejects a $ref to a type that does not exist", () => {
      const s = copy(schema);
      s.resources[MONITOR].inputProperties.timeouts.$ref = "#/types/networkflowmonitor:index:Missing";
      assert.match(pulumiRuleViolations(s).join("\n"), /inputProperties\/timeouts\/\$ref: types has no networkflowmonitor:index:Missing/);
    });

    it("rejects a required name that is not a property", () => {
      const s = copy(schema);
      s.resources[SCOPE].requiredInputs = ["regoin"];
      s.types["networkflowmonitor:index:ScopeTarget"].required.push("account");
      const problems = pulumiRuleViolations(s).join("\n");
      assert.match(problems, /Scope\/requiredInputs\/0: unknown required property "regoin"/);
      assert.match(problems, /ScopeTarget\/required\/2: unknown required property "account"/);
    });

    it("rejects reserved names, enum values of the wrong type, a one-type oneOf, and case-insensitive token clashes", () => {
      const s = copy(schema);
      s.resources[MONITOR].inputProperties.region = { description: "x", oneOf: [{ type: "string" }] };
      s.resources[MONITOR].properties.id = { type: "string", description: "x" };
      s.provider.inputProperties.version = { type: "string", description: "x" };
      s.types["networkflowmonitor:index:MonitorStatus"].enum.push({ name: "One", value: 1 });
      s.functions["networkflowmonitor:index:monitor"] = { inputs: { properties: {} } };
      const problems = pulumiRuleViolations(s).join("\n");
      assert.match(problems, /Monitor\/properties\/id: "id" is a reserved property name/);
      assert.match(problems, /#\/provider\/inputProperties\/version: "version" is a reserved/);
      assert.match(problems, /MonitorStatus\/enum\/5\/value: 1 is not a string/);
      assert.match(problems, /networkflowmonitor:index:monitor: collides with #\/resources\/networkflowmonitor:index:Monitor/);
      assert.match(problems, /Monitor\/inputProperties\/region\/oneOf: oneOf should list at least two types/);
    });
  });

  describe("contents", () => {
    it("every property has a description", () => {
      const missing = propertyMaps(schema).flatMap(([p, props]) =>
        Object.entries<Json>(props).filter(([, spec]) => typeof spec.description !== "string" || spec.description.trim() === "").map(([name]) => `${p}/${name}`),
      );
      assert.deepEqual(missing, []);
    });

    it("no dynamic-provider plumbing (__provider, __awsProvider, __naming, __secretInputs) leaks into any property", () => {
      const leaked = propertyMaps(schema).flatMap(([p, props]) => Object.keys(props).filter((n) => n.startsWith("__")).map((n) => `${p}/${n}`));
      assert.deepEqual(leaked, []);
    });

    it("has the plugin's custom resources, getScope, and the provider configuration as config and as Provider inputs", () => {
      assert.ok(schema.resources[MONITOR] && !schema.resources[MONITOR].isComponent);
      assert.ok(schema.resources[SCOPE] && !schema.resources[SCOPE].isComponent);
      assert.deepEqual(schema.resources[MONITOR].requiredInputs, ["localResources", "scopeArn"]);
      assert.deepEqual(schema.functions["networkflowmonitor:index:getScope"].outputs.required, ["region", "scopeArn", "scopeId", "status"]);
      assert.deepEqual(schema.provider.inputProperties, schema.config.variables);
    });

    it("the configuration keys are the settings the plugin reads (PLUGIN_CONFIG_KEYS in provider/settings.ts)", () => {
      assert.deepEqual(Object.keys(schema.config.variables).sort(), [...PLUGIN_CONFIG_KEYS].sort());
    });

    it("exactly the settings the plugin keeps secret are secret, and nothing that is an id or a Region is", () => {
      const secret = Object.keys(schema.config.variables).filter((k) => schema.config.variables[k].secret === true);
      assert.deepEqual(secret.sort(), [...SECRET_SETTINGS].sort());
      for (const key of ["region", "profile", "endpoint"]) assert.equal(schema.config.variables[key].secret, undefined, key);
      assert.equal(schema.resources[MONITOR].inputProperties.monitorName.secret, undefined);
      assert.equal(schema.provider.properties.secretKey.secret, true);
    });

    it("Monitor and Scope outputs use the same types as their inputs", () => {
      for (const token of [MONITOR, SCOPE]) {
        const r = schema.resources[token];
        for (const [name, input] of Object.entries<Json>(r.inputProperties)) {
          if (!r.properties[name]) continue;
          const { description: _a, ...inType } = input;
          const { description: _b, ...outType } = r.properties[name];
          assert.deepEqual(outType, inType, `${token}.${name}`);
        }
      }
    });

    it("has every component the plugin constructs (COMPONENT_TYPES), as a component with its args and outputs", () => {
      const components = Object.keys(schema.resources).filter((t) => schema.resources[t].isComponent).sort();
      assert.deepEqual(components, Object.keys(COMPONENT_TYPES).sort());
      const workload = schema.resources["networkflowmonitor:index:WorkloadMonitor"];
      assert.deepEqual(workload.requiredInputs, ["local"]);
      assert.deepEqual(workload.inputProperties.local, { description: workload.inputProperties.local.description, type: "array", items: { type: "string" } });
      assert.ok(workload.properties.monitorArns && workload.required.includes("monitorArns"));
      // The component's timeouts and the Monitor's are one type.
      assert.equal(workload.inputProperties.timeouts.$ref, schema.resources[MONITOR].inputProperties.timeouts.$ref);
    });

    it("names the Python, Go, .NET, Java and Node.js packages", () => {
      assert.equal(schema.language.python.packageName, "pulumi_networkflowmonitor");
      assert.match(schema.language.go.importBasePath, /^github\.com\/pulumi-networkflowmonitor\/pulumi-networkflowmonitor\/sdk\/go\/networkflowmonitor$/);
      assert.equal(`${schema.language.csharp.rootNamespace}.${schema.language.csharp.namespaces.networkflowmonitor}`, "Pulumi.NetworkFlowMonitor");
      assert.equal(`${schema.language.java.basePackage}.${schema.name}`, "com.pulumi.networkflowmonitor");
      // Not this npm package's own name: a generated Node.js SDK must not shadow the hand-written one.
      assert.ok(schema.language.nodejs.packageName && schema.language.nodejs.packageName !== "pulumi-networkflowmonitor");
    });
  });

  describe("enums match the model (models/.../service-2.json)", () => {
    const model = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, "service-2.json"), "utf8"));
    const values = (token: string) => (schema.types[`networkflowmonitor:index:${token}`]?.enum ?? []).map((e: Json) => e.value).sort();

    for (const [ours, theirs] of [["LocalResourceType", "MonitorLocalResourceType"], ["RemoteResourceType", "MonitorRemoteResourceType"], ["MonitorStatus", "MonitorStatus"], ["ScopeStatus", "ScopeStatus"]]) {
      it(`${ours} has exactly the values of the model's ${theirs}`, () => {
        assert.deepEqual(values(ours), [...model.shapes[theirs].enum].sort());
      });
    }

    it("AwsService has exactly the services the model's MonitorRemoteResource documents for AWS::AWSService", () => {
      const doc: string = model.shapes.MonitorRemoteResource.documentation;
      const sentence = /For a service, this identifier is one of the following strings:(.*?)<\/p>/.exec(doc)?.[1] ?? "";
      const documented = [...sentence.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]).sort();
      assert.ok(documented.length > 0, "the model no longer documents the services: update this test");
      assert.deepEqual(values("AwsService"), documented);
      assert.deepEqual(values("AwsService"), Object.values(AwsService).sort());
    });

    it("the resources' enum-typed properties refer to these enums", () => {
      assert.equal(schema.types["networkflowmonitor:index:MonitorLocalResource"].properties.type.$ref, "#/types/networkflowmonitor:index:LocalResourceType");
      assert.equal(schema.types["networkflowmonitor:index:MonitorRemoteResource"].properties.type.$ref, "#/types/networkflowmonitor:index:RemoteResourceType");
      assert.equal(schema.resources[MONITOR].properties.monitorStatus.$ref, "#/types/networkflowmonitor:index:MonitorStatus");
      assert.equal(schema.resources[SCOPE].properties.status.$ref, "#/types/networkflowmonitor:index:ScopeStatus");
    });
  });

  describe("replaceOnChanges matches what the diff modules replace on", () => {
    /** Two different values of a schema type: variant 0 and variant 1. */
    function sample(spec: Json, variant: 0 | 1): unknown {
      if (spec.$ref) {
        const type = schema.types[spec.$ref.replace("#/types/", "")];
        if (type.enum) return type.enum[variant].value;
        return Object.fromEntries(Object.entries<Json>(type.properties).map(([k, s]) => [k, sample(s, variant)]));
      }
      switch (spec.type) {
        case "string":
          return `value-${variant}`;
        case "boolean":
          return variant === 1;
        case "integer":
        case "number":
          return variant + 1;
        case "array":
          return [sample(spec.items, variant)];
        case "object":
          return { key: sample(spec.additionalProperties, variant) };
      }
      throw new Error(`no sample for ${JSON.stringify(spec)}`);
    }

    for (const [token, diff, statusProperty, working] of [
      [MONITOR, diffMonitor, "monitorStatus", MONITOR_STATUS.working],
      [SCOPE, diffScope, "status", SCOPE_STATUS.working],
    ] as const) {
      it(`${token}: changing one input alone replaces exactly when the schema says replaceOnChanges`, () => {
        const inputs: Record<string, Json> = schema.resources[token].inputProperties;
        const olds: Record<string, unknown> = { [statusProperty]: working };
        for (const [name, spec] of Object.entries(inputs)) olds[name] = sample(spec, 0);
        for (const [name, spec] of Object.entries(inputs)) {
          const result = diff(olds, { ...olds, [name]: sample(spec, 1) });
          assert.ok(result.diffs.includes(name), `${token}.${name}: the diff did not notice the change at all`);
          assert.equal(result.replaces.includes(name), spec.replaceOnChanges === true, `${token}.${name}`);
          assert.equal(schema.resources[token].properties[name]?.replaceOnChanges, spec.replaceOnChanges, `${token}.${name} output`);
        }
      });
    }
  });
});

describe("schema generator", function () {
  this.timeout(60_000);

  /** Generates from a throwaway folder of TypeScript, with one resource whose args are `argsSource`. */
  function generateFrom(argsSource: string): Json {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-schema-src-"));
    try {
      fs.writeFileSync(path.join(dir, "thing.ts"), argsSource);
      fs.writeFileSync(path.join(dir, "config.ts"), "export interface Config {\n  /** The Region. */\n  region?: string;\n}\n");
      fs.writeFileSync(path.join(dir, "enums.ts"), 'export type Color = "red" | "blue";\n');
      const sources: SchemaSources = {
        customResources: [{ name: "Thing", doc: ["thing.ts", "ThingArgs"], inputs: ["thing.ts", "ThingArgs"], outputs: ["thing.ts", "ThingArgs"] }],
        components: [],
        functions: [],
        providerConfig: ["config.ts", "Config"],
        extraEnums: [["enums.ts", "Color"]],
      };
      return generateSchema(sources, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("fails naming the property that has no description", () => {
    assert.throws(
      () => generateFrom("/** A thing. */\nexport interface ThingArgs {\n  /** Its size. */\n  size: number;\n  colour?: string;\n}\n"),
      /thing\.ts: ThingArgs\.colour has no description: add a TSDoc comment/,
    );
    assert.throws(
      () => generateFrom("export interface PartArgs {\n  label: string;\n}\n/** A thing. */\nexport interface ThingArgs {\n  /** Its part. */\n  part: PartArgs;\n}\n"),
      /thing\.ts: PartArgs\.label has no description/,
    );
  });

  it("maps Input/Output wrappers, optional members, maps, arrays, unions of string literals, @secret, @integer and @deprecated", () => {
    const s = generateFrom(
      [
        "type Input<T> = T | Promise<T>;",
        'export const Size = { Small: "small", Large: "large" } as const;',
        "/** How big. */",
        "export type Size = (typeof Size)[keyof typeof Size];",
        "/** A thing. */",
        "export interface ThingArgs {",
        "  /** Its labels. */ labels?: Input<Record<string, Input<string>>>;",
        "  /** Its sizes. */ sizes: Input<Input<Size>[]>;",
        "  /**\n   * Its password.\n   * @secret\n   */ password?: string;",
        "  /**\n   * How many; see {@link ThingArgs}.\n   * @integer\n   */ count: number | undefined;",
        "  /**\n   * Old.\n   * @deprecated Use sizes.\n   */ size?: Size;",
        "  /** Internal. */ __internal?: string;",
        "}",
      ].join("\n"),
    );
    const inputs = s.resources["networkflowmonitor:index:Thing"].inputProperties;
    assert.deepEqual(inputs.labels, { description: "Its labels.", type: "object", additionalProperties: { type: "string" } });
    assert.deepEqual(inputs.sizes, { description: "Its sizes.", type: "array", items: { $ref: "#/types/networkflowmonitor:index:Size" } });
    assert.deepEqual(inputs.password, { description: "Its password.", type: "string", secret: true });
    assert.deepEqual(inputs.count, { description: "How many; see `ThingArgs`.", type: "integer" });
    assert.equal(inputs.size.deprecationMessage, "Use sizes.");
    assert.equal(inputs.__internal, undefined);
    assert.deepEqual(s.resources["networkflowmonitor:index:Thing"].requiredInputs, ["sizes"]);
    assert.deepEqual(s.types["networkflowmonitor:index:Size"], {
      type: "string",
      description: "How big.",
      enum: [{ name: "Small", value: "small" }, { name: "Large", value: "large" }],
    });
    assert.deepEqual(s.types["networkflowmonitor:index:Color"].enum, [{ name: "red", value: "red" }, { name: "blue", value: "blue" }]);
  });

  it("takes the properties of an alias of an interface (type Result = import(...).Found) from that interface", () => {
    const s = generateFrom(
      "/** A thing. */\nexport interface Found {\n  /** Its id. */\n  id2: string;\n}\n/** A thing. */\nexport type ThingArgs = import(\"./thing\").Found;\n",
    );
    assert.deepEqual(s.resources["networkflowmonitor:index:Thing"].inputProperties, { id2: { description: "Its id.", type: "string" } });
  });

  it("makes an inline union of strings an enum named after its owner and property, and other unions a oneOf", () => {
    const thing = (member: string) => `/** A thing. */\nexport interface ThingArgs {\n  /** A member. */\n  ${member};\n}\n`;
    const kinds = generateFrom(thing('kind?: "a" | "b-c"'));
    assert.deepEqual(kinds.resources["networkflowmonitor:index:Thing"].inputProperties.kind, { description: "A member.", $ref: "#/types/networkflowmonitor:index:ThingKind" });
    assert.deepEqual(kinds.types["networkflowmonitor:index:ThingKind"].enum, [{ name: "a", value: "a" }, { name: "BC", value: "b-c" }]);
    const either = generateFrom(thing("either: boolean | string[]"));
    assert.deepEqual(either.resources["networkflowmonitor:index:Thing"].inputProperties.either.oneOf, [{ type: "boolean" }, { type: "array", items: { type: "string" } }]);
  });

  it("refuses an inline object type, saying what to write instead", () => {
    const thing = (member: string) => `/** A thing. */\nexport interface ThingArgs {\n  /** A member. */\n  ${member};\n}\n`;
    assert.throws(() => generateFrom(thing("shape: { width: number }")), /ThingArgs\.shape is an inline object type: declare it as an exported interface/);
  });

  it("makes two declarations of one name and shape one type, and refuses two of different shapes", () => {
    const twoParts = (secondType: string) =>
      "/** A part. */\nexport interface Part {\n  /** Its size. */\n  size?: string;\n}\n" +
      `/** A part too. */\nexport interface PartArgs {\n  /** Its size, again. */\n  size?: ${secondType};\n}\n` +
      "/** A thing. */\nexport interface ThingArgs {\n  /** One. */\n  a: Part;\n  /** Two. */\n  b: PartArgs;\n}\n";
    const same = generateFrom(twoParts("string"));
    assert.equal(same.resources["networkflowmonitor:index:Thing"].inputProperties.b.$ref, "#/types/networkflowmonitor:index:Part");
    assert.throws(() => generateFrom(twoParts("number")), /networkflowmonitor:index:Part would come from two declarations of different shapes \(thing\.ts: Part and thing\.ts: PartArgs\)/);
  });

  it("turns TSDoc links into code spans, drops TypeScript examples, and makes enum member names from values", () => {
    assert.equal(tsdocToMarkdown("Uses {@link getScope} or {@link Scope | a scope}."), "Uses `getScope` or a scope.");
    assert.equal(tsdocToMarkdown("Monitors a workload.\n\n```ts\nnew WorkloadMonitor(\"w\", {});\n```\n\nChecks it."), "Monitors a workload.\n\nChecks it.");
    assert.equal(tsdocToMarkdown("Run:\n\n```sh\npulumi up\n```"), "Run:\n\n```sh\npulumi up\n```");
    assert.equal(enumMemberName("AWS::EC2::VPC"), "AwsEc2Vpc");
    assert.equal(enumMemberName("IN_PROGRESS"), "IN_PROGRESS");
  });
});
