// Reading a Pulumi project directory: Pulumi.yaml's name and main, and the program's entry file.
import * as fs from "node:fs";
import * as path from "node:path";
import { projectPluginsFrom, type ProjectPlugin } from "./pluginLookup";

export interface ProjectInfo {
  name: string;
  /** Absolute path of the entry module. */
  entry: string;
}

/** Reads a top-level scalar (`key: value`) from Pulumi.yaml; enough for `name` and `main`. */
export function readTopLevelScalar(yaml: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*$`, "m").exec(yaml);
  if (!match) return undefined;
  const raw = match[1].replace(/\s+#.*$/, "");
  const unquoted = /^(['"])(.*)\1$/.exec(raw);
  const value = unquoted ? unquoted[2] : raw;
  return value === "" ? undefined : value;
}

export function readProject(programDir: string): ProjectInfo {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`programDir ${programDir} has no Pulumi.yaml`);
  const yaml = fs.readFileSync(file, "utf8");
  const name = readTopLevelScalar(yaml, "name");
  if (!name) throw new Error(`${file}: "name" is required`);
  const main = readTopLevelScalar(yaml, "main");
  const candidates = main
    ? [path.resolve(programDir, main), path.resolve(programDir, main, "index.ts"), path.resolve(programDir, main, "index.js")]
    : [path.join(programDir, "index.ts"), path.join(programDir, "index.js")];
  const entry = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!entry) throw new Error(`${file}: no program entry found (tried ${candidates.join(", ")})`);
  return { name, entry };
}

/**
 * Pulumi.yaml's `plugins.providers` (workspace.Plugins: name, path, version), paths resolved from the project
 * directory; parsed with the YAML parser @pulumi/pulumi uses.
 */
export function readProjectPlugins(programDir: string, pulumiDir: string): ProjectPlugin[] {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(programDir, f)).find((f) => fs.existsSync(f));
  if (!file) return [];
  const text = fs.readFileSync(file, "utf8");
  if (!/^plugins:/m.test(text)) return [];
  const yaml = require(require.resolve("js-yaml", { paths: [pulumiDir, __dirname] }));
  return projectPluginsFrom(yaml.load(text), programDir);
}
