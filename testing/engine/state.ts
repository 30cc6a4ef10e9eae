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
  return { ...parsed, outputs: parsed.outputs ?? {} };
}

/** Writes atomically (temp file + rename) so a crash never leaves half a state file. */
export function saveState(file: string, state: StateFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
  fs.renameSync(tmp, file);
}
