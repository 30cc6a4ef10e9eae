// Refreshes the repository's copy of the official model (models/) from a botocore data folder.
//   npm run update-model -- <folder> [--botocore-version X.Y.Z]
//   make update-model MODEL_DIR=<folder>      (also regenerates the client)
// <folder> is botocore's `data` folder, its `networkflowmonitor` folder, or the `2023-04-19` folder itself.
// The files are copied unchanged (`*.json.gz`, as newer botocore wheels ship them, is unpacked to `*.json`),
// and models/NOTICE is rewritten with the botocore version they came from.
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { API_VERSION, MODELS_ROOT, modelDir, REQUIRED_MODEL_FILES, SERVICE } from "./model";

export interface UpdateOptions {
  /** The botocore folder given by the user. */
  source: string;
  /** Where to write; the repository's models/ by default. */
  modelsRoot?: string;
  /** botocore's version; read from the botocore package around `source` when not given. */
  botocoreVersion?: string;
}

export interface UpdateResult {
  sourceDir: string;
  botocoreVersion: string;
  /** Files written because they are new or differ from the copy. */
  changed: string[];
  /** Files of the old copy the source no longer has. */
  removed: string[];
}

const MODEL_FILE = /^[a-z0-9-]+\.json(\.gz)?$/;

/** The folder holding service-2.json, given botocore's data folder or any folder below it. */
export function findModelFolder(given: string): string {
  const candidates = [given, path.join(given, API_VERSION), path.join(given, SERVICE, API_VERSION)];
  const found = candidates.find((dir) => ["service-2.json", "service-2.json.gz"].some((f) => fs.existsSync(path.join(dir, f))));
  if (!found) {
    throw new Error(
      `no ${SERVICE} ${API_VERSION} model in ${given}: looked for service-2.json in ${candidates.join(", ")}. ` +
        `Pass botocore's data folder (for example .../site-packages/botocore/data).`,
    );
  }
  return found;
}

/** The `__version__` of the botocore package that contains `folder`, if it is inside one. */
export function botocoreVersionOf(folder: string): string | undefined {
  for (let dir = path.resolve(folder); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const init = path.join(dir, "__init__.py");
    if (path.basename(dir) !== "botocore" || !fs.existsSync(init)) continue;
    return /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(fs.readFileSync(init, "utf8"))?.[1];
  }
  return undefined;
}

export function noticeText(botocoreVersion: string): string {
  return `The files under ${SERVICE}/${API_VERSION}/ are the official AWS Network Flow Monitor service model
(API version ${API_VERSION}) in botocore's format, copied unchanged from botocore ${botocoreVersion}
(https://github.com/boto/botocore, botocore/data/${SERVICE}/${API_VERSION}/).

botocore
Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.
Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files except in
compliance with the License. You may obtain a copy of the License at
http://www.apache.org/licenses/LICENSE-2.0 (also in this repository's LICENSE file). Distributed on an
"AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.

Refresh this copy with: npm run update-model -- <botocore data folder>   (or make update-model MODEL_DIR=...)
`;
}

/** Reads every model file of the source folder, unpacking `.json.gz`; a plain `.json` wins over its `.gz`. */
function readSource(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter((f) => MODEL_FILE.test(f)).sort()) {
    const target = name.replace(/\.gz$/, "");
    if (name.endsWith(".gz") && fs.existsSync(path.join(dir, target))) continue;
    const raw = fs.readFileSync(path.join(dir, name));
    files.set(target, (name.endsWith(".gz") ? zlib.gunzipSync(raw) : raw).toString("utf8"));
  }
  return files;
}

function validate(files: Map<string, string>, dir: string): void {
  const missing = REQUIRED_MODEL_FILES.filter((f) => !files.has(f));
  if (missing.length > 0) throw new Error(`${dir} lacks ${missing.join(", ")}, which the client generator reads`);
  for (const [name, text] of files) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Error(`${path.join(dir, name)} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const { metadata } = JSON.parse(files.get("service-2.json")!);
  if (metadata?.endpointPrefix !== SERVICE || metadata?.apiVersion !== API_VERSION) {
    throw new Error(
      `${path.join(dir, "service-2.json")} is the model of ${metadata?.endpointPrefix} ${metadata?.apiVersion}, not ${SERVICE} ${API_VERSION}`,
    );
  }
}

/** Replaces the copy under `modelsRoot` with the source's files; validates everything before writing. */
export function updateModel(options: UpdateOptions): UpdateResult {
  const sourceDir = findModelFolder(options.source);
  const botocoreVersion = options.botocoreVersion ?? botocoreVersionOf(sourceDir);
  if (!botocoreVersion) {
    throw new Error(`${sourceDir} is not inside a botocore package, so its version is unknown: pass --botocore-version X.Y.Z`);
  }
  const files = readSource(sourceDir);
  validate(files, sourceDir);

  const root = options.modelsRoot ?? MODELS_ROOT;
  const dest = modelDir(root);
  fs.mkdirSync(dest, { recursive: true });
  const removed = fs.readdirSync(dest).filter((f) => !files.has(f));
  for (const f of removed) fs.rmSync(path.join(dest, f));
  const changed: string[] = [];
  for (const [name, text] of files) {
    const file = path.join(dest, name);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
    fs.writeFileSync(file, text);
    changed.push(name);
  }
  fs.writeFileSync(path.join(root, "NOTICE"), noticeText(botocoreVersion));
  return { sourceDir, botocoreVersion, changed, removed };
}

function main(argv: string[]): void {
  const at = argv.indexOf("--botocore-version");
  const botocoreVersion = at >= 0 ? argv[at + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith("--") && (at < 0 || i !== at + 1));
  if (positional.length !== 1 || (at >= 0 && !botocoreVersion)) {
    console.error("usage: npm run update-model -- <botocore data folder> [--botocore-version X.Y.Z]");
    process.exit(2);
  }
  try {
    const r = updateModel({ source: positional[0], botocoreVersion });
    const what = [...r.changed.map((f) => `updated ${f}`), ...r.removed.map((f) => `removed ${f}`)];
    console.log(`models/${SERVICE}/${API_VERSION} from botocore ${r.botocoreVersion} (${r.sourceDir}): ${what.length ? what.join(", ") : "already up to date"}`);
    if (what.length) console.log("next: npm run generate (regenerates provider/client/generated), then npm test");
  } catch (e) {
    console.error(`update-model: ${(e as Error).message}`);
    process.exit(1);
  }
}

if (require.main === module) main(process.argv.slice(2));
