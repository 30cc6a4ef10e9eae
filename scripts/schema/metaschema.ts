// Validation against Pulumi's package metaschema (schema/metaschema/pulumi.json, vendored from pulumi/pulumi; see
// schema/metaschema/NOTICE). It is JSON Schema draft 2020-12, hence Ajv's 2020 class.
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";

export const METASCHEMA_FILE = path.resolve(__dirname, "..", "..", "schema", "metaschema", "pulumi.json");

let validators: { pkg: ValidateFunction; language: ValidateFunction } | undefined;

function compile(): { pkg: ValidateFunction; language: ValidateFunction } {
  const metaschema = JSON.parse(fs.readFileSync(METASCHEMA_FILE, "utf8"));
  // The metaschema uses union types (`"type": ["boolean", "number", "string"]`), which strict mode wants allowed.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  // Two formats it names that Ajv leaves to plugins: Pulumi's Go validator checks them as Go regexps and URI references.
  ajv.addFormat("regex", (s: string) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat("uri-reference", (s: string) => !/\s/.test(s));
  // A misspelt "description" in its C# language definition (`rootNamespace`): a no-op annotation, not a rule.
  ajv.addKeyword("desciption");
  ajv.addSchema(metaschema);
  const pkg = ajv.getSchema(metaschema.$id);
  // The top-level `language` property is only `"type": "object"`; its per-language definitions sit unused in $defs.
  const language = ajv.getSchema(`${metaschema.$id}#/$defs/languageSpec`);
  if (!pkg || !language) throw new Error(`${METASCHEMA_FILE} lacks its $id or $defs/languageSpec: restore it from pulumi/pulumi (see NOTICE)`);
  return { pkg, language };
}

/** What Pulumi's metaschema rejects in a package schema (with its `language` sections held to their definitions), as `path: message` lines. */
export function metaschemaErrors(schema: unknown): string[] {
  validators ??= compile();
  const errors: string[] = [];
  if (!validators.pkg(schema)) {
    for (const e of validators.pkg.errors ?? []) errors.push(`#${e.instancePath}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  }
  const language = (schema as { language?: unknown } | null)?.language;
  if (language !== undefined && !validators.language(language)) {
    for (const e of validators.language.errors ?? []) errors.push(`#/language${e.instancePath}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
  }
  return errors;
}
