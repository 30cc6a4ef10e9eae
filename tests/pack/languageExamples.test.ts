// The examples for other languages in README and docs/_index.md: no generated SDK can be built here (Pulumi's code
// generator needs its CLI), so hold them to what can be checked: both pages show the same programs, and every
// token, property and enum member they use is one schema.json declares.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

const root = path.resolve(__dirname, "..", "..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const LANGUAGES = ["python", "go", "csharp", "yaml"] as const;

/** The fenced code blocks of one language in a Markdown page. */
function codeBlocks(file: string, lang: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const lowerFirst = (pascal: string) => pascal[0].toLowerCase() + pascal.slice(1);
const resource = (name: string) => schema.resources[`networkflowmonitor:index:${name}`];

describe("examples in other languages (README, docs/_index.md)", () => {
  for (const lang of LANGUAGES) {
    it(`README and docs/_index.md show the same ${lang} program`, () => {
      const readme = codeBlocks("README.md", lang);
      assert.ok(readme.length >= 1, `README has no ${lang} example`);
      assert.deepEqual(codeBlocks("docs/_index.md", lang), readme);
    });
  }

  it("YAML: every type, function, property and output is in schema.json, with the required inputs given", () => {
    const program = parseYaml(codeBlocks("README.md", "yaml")[0]);
    for (const [name, r] of Object.entries<{ type: string; properties: Record<string, unknown> }>(program.resources)) {
      const declared = schema.resources[r.type];
      assert.ok(declared, `${name}: ${r.type} is not a resource of the schema`);
      for (const key of Object.keys(r.properties)) assert.ok(key in declared.inputProperties, `${name}.${key} is not an input of ${r.type}`);
      for (const key of declared.requiredInputs ?? []) assert.ok(key in r.properties, `${name} lacks the required ${key}`);
    }
    for (const v of Object.values<{ "fn::invoke"?: { function: string } }>(program.variables ?? {})) {
      if (v["fn::invoke"]) assert.ok(schema.functions[v["fn::invoke"].function], v["fn::invoke"].function);
    }
    for (const ref of Object.values<string>(program.outputs)) {
      const [, res, prop] = /^\$\{(\w+)\.(\w+)\}$/.exec(ref)!;
      assert.ok(prop in schema.resources[program.resources[res].type].properties, `${res}.${prop} is not an output`);
    }
  });

  it("Python: the keyword arguments and attributes are the schema's properties in snake case", () => {
    const code = codeBlocks("README.md", "python")[0];
    for (const [, kind, args] of code.matchAll(/nfm\.(\w+)\("\w+",([\s\S]*?)\)\n/g)) {
      const declared = resource(kind);
      assert.ok(declared, `nfm.${kind} is not a resource of the schema`);
      for (const [, kw] of args.matchAll(/^\s*(\w+)=/gm)) assert.ok(camel(kw) in declared.inputProperties, `${kind}(${kw}=…)`);
    }
    for (const [, attr] of code.matchAll(/\b(?:monitor|shop|scope)\.(\w+)/g)) {
      const known = [resource("Monitor").properties, resource("WorkloadMonitor").properties, schema.functions["networkflowmonitor:index:getScope"].outputs.properties];
      assert.ok(known.some((props) => camel(attr) in props), `.${attr} is no output`);
    }
  });

  it("Go and C#: the enum members are the schema's enum names", () => {
    const enumMembers = new Set<string>();
    for (const [token, t] of Object.entries<{ enum?: { name: string }[] }>(schema.types)) {
      const typeName = token.split(":")[2];
      for (const e of t.enum ?? []) enumMembers.add(`${typeName}${e.name}`).add(`${typeName}.${e.name}`);
    }
    const used = [
      ...codeBlocks("README.md", "go")[0].matchAll(/nfm\.((?:LocalResourceType|RemoteResourceType)\w+)/g),
      ...codeBlocks("README.md", "csharp")[0].matchAll(/\b((?:LocalResourceType|RemoteResourceType)\.\w+)/g),
    ].map((m) => m[1]);
    assert.ok(used.length >= 4, used.join(", "));
    for (const u of used) assert.ok(enumMembers.has(u), `${u} is not an enum member of the schema`);
    // Struct fields in Go and object initialisers in C# are the schema's properties in Pascal case.
    for (const [, field] of codeBlocks("README.md", "go")[0].matchAll(/^\s*(\w+):\s/gm)) {
      const props = [resource("Monitor").inputProperties, resource("WorkloadMonitor").inputProperties, schema.types["networkflowmonitor:index:MonitorLocalResource"].properties];
      assert.ok(props.some((p) => lowerFirst(field) in p), `Go field ${field}`);
    }
  });
});
