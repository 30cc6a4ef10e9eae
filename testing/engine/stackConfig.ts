// Stack config from `Pulumi.<stack>.yaml`, as the Pulumi CLI reads it: keys under `config:`, a key without a
// namespace belongs to the project (`region` -> `<project>:region`), objects and lists are passed as JSON, and
// `secure:` values are ciphertext this engine cannot decrypt (they need the stack's secrets provider).
import * as fs from "node:fs";
import * as path from "node:path";

export interface StackConfig {
  /** Namespaced keys with their plain values. */
  config: Record<string, string>;
  /** Keys whose value is `secure:` ciphertext (not in `config`). */
  secure: string[];
  /** The file read, or undefined when there is none. */
  file?: string;
}

/** Parses the `config:` map of a stack settings document (already parsed from YAML). Pure. */
export function stackConfigFrom(doc: unknown, project: string): Omit<StackConfig, "file"> {
  const config: Record<string, string> = {};
  const secure: string[] = [];
  const map = (doc as { config?: Record<string, unknown> } | null)?.config ?? {};
  for (const [rawKey, value] of Object.entries(map)) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) {
      secure.push(key);
    } else if (typeof value === "string") {
      config[key] = value;
    } else if (value !== null && value !== undefined) {
      config[key] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
  }
  return { config, secure };
}

/** Reads `Pulumi.<stack>.yaml` (or `.yml`) from the project directory, with the YAML parser @pulumi/pulumi uses. */
export function readStackConfig(programDir: string, project: string, stack: string, pulumiDir: string): StackConfig {
  const file = [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
  if (!file) return { config: {}, secure: [] };
  const yaml = require(require.resolve("js-yaml", { paths: [pulumiDir, __dirname] }));
  let doc: unknown;
  try {
    doc = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${(err as Error).message}`);
  }
  return { ...stackConfigFrom(doc, project), file };
}
