// Loading and saving the engine's JSON state file (format: StateFile in ./types).
import * as fs from "node:fs";
import * as path from "node:path";
import type { StateFile } from "./types";

export function emptyState(project: string, stack: string): StateFile {
  return { version: 1, project, stack, resources: [], outputs: {} };
}

export function loadState(file: string, project: string, stack: string): StateFile {
  if (!fs.existsSync(file)) return emptyState(project, stack);
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
  if (parsed.version !== 1 || !Array.isArray(parsed.resources)) {
    throw new Error(`state file ${file}: expected { "version": 1, "resources": [...] }`);
  }
  return migrateUrns({ ...parsed, outputs: parsed.outputs ?? {} });
}

/**
 * State files of engine versions before the rules catalogue named children of the stack `pulumi:pulumi:Stack$type`
 * (the mock monitor's URN); Pulumi gives them no stack prefix. Rewritten on load so their resources are found.
 */
function migrateUrns(state: StateFile): StateFile {
  const text = JSON.stringify(state);
  if (!text.includes("::pulumi:pulumi:Stack$")) return state;
  return JSON.parse(text.split("::pulumi:pulumi:Stack$").join("::")) as StateFile;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a state file. */
export function saveState(file: string, state: StateFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
  fs.renameSync(tmp, file);
}
