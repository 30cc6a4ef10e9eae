// The repository's copy of the official model (models/), how it is refreshed from botocore, and the
// stale-client check that points a user at the command to run.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { generate, staleReport } from "../../scripts/generate-client";
import { MODEL_DIR, MODELS_ROOT, modelDir, REQUIRED_MODEL_FILES } from "../../scripts/model";
import { noticeText, updateModel } from "../../scripts/update-model";

const repoRoot = path.resolve(__dirname, "..", "..");

/** A botocore package as pip or Debian lay it out, holding the repository's model files. */
function fakeBotocore(tmp: string, opts: { version?: string; gzip?: string[]; edit?: (files: Map<string, Buffer>) => void } = {}): string {
  const pkg = path.join(tmp, "site-packages", "botocore");
  const data = path.join(pkg, "data");
  const dir = modelDir(data);
  fs.mkdirSync(dir, { recursive: true });
  if (opts.version) fs.writeFileSync(path.join(pkg, "__init__.py"), `import os\n\n__version__ = '${opts.version}'\n`);
  const files = new Map(fs.readdirSync(MODEL_DIR).map((f) => [f, fs.readFileSync(path.join(MODEL_DIR, f))]));
  opts.edit?.(files);
  for (const [name, bytes] of files) {
    if (opts.gzip?.includes(name)) fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(bytes));
    else fs.writeFileSync(path.join(dir, name), bytes);
  }
  return data;
}

describe("the model copy in models/", () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-model-"))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("is in botocore's data layout with the files the generator reads, and a NOTICE naming botocore and Apache-2.0", () => {
    assert.equal(MODELS_ROOT, path.join(repoRoot, "models"));
    for (const f of REQUIRED_MODEL_FILES) assert.ok(fs.existsSync(path.join(repoRoot, "models", "networkflowmonitor", "2023-04-19", f)), f);
    const notice = fs.readFileSync(path.join(MODELS_ROOT, "NOTICE"), "utf8");
    assert.equal(notice, noticeText("1.43.67"));
    assert.match(notice, /botocore 1\.43\.67/);
    assert.match(notice, /Apache License, Version 2\.0/);
  });

  it("refreshes from botocore's data folder: files unchanged, .json.gz unpacked, the version read from botocore", () => {
    const data = fakeBotocore(tmp, { version: "1.99.0", gzip: ["service-2.json", "endpoint-rule-set-1.json"] });
    const root = path.join(tmp, "models");
    const result = updateModel({ source: data, modelsRoot: root });
    assert.equal(result.botocoreVersion, "1.99.0");
    for (const f of fs.readdirSync(MODEL_DIR)) {
      assert.deepEqual(fs.readFileSync(path.join(modelDir(root), f)), fs.readFileSync(path.join(MODEL_DIR, f)), f);
    }
    assert.deepEqual(fs.readdirSync(modelDir(root)).sort(), fs.readdirSync(MODEL_DIR).sort());
    assert.deepEqual(result.changed.sort(), fs.readdirSync(MODEL_DIR).sort());
    assert.equal(fs.readFileSync(path.join(root, "NOTICE"), "utf8"), noticeText("1.99.0"));
  });

  it("takes the service folder or the version folder too, and reports only what changed", () => {
    const data = fakeBotocore(tmp, { version: "1.99.0" });
    const root = path.join(tmp, "models");
    updateModel({ source: path.join(data, "networkflowmonitor"), modelsRoot: root });
    fs.writeFileSync(path.join(modelDir(root), "examples-1.json"), "{}");
    const edited = JSON.parse(fs.readFileSync(path.join(modelDir(data), "paginators-1.json"), "utf8"));
    edited.pagination.ListScopes.limit_key = "pageSize";
    fs.writeFileSync(path.join(modelDir(data), "paginators-1.json"), JSON.stringify(edited));
    const again = updateModel({ source: modelDir(data), modelsRoot: root, botocoreVersion: "1.99.1" });
    assert.deepEqual(again.changed, ["paginators-1.json"]);
    assert.deepEqual(again.removed, ["examples-1.json"]);
    assert.match(fs.readFileSync(path.join(root, "NOTICE"), "utf8"), /botocore 1\.99\.1/);
  });

  it("refuses, writing nothing, a folder without the model, another service's model, or one missing a file the generator reads", () => {
    const root = path.join(tmp, "models");
    assert.throws(() => updateModel({ source: tmp, modelsRoot: root, botocoreVersion: "1" }), /no networkflowmonitor 2023-04-19 model in .*service-2\.json/);
    const other = fakeBotocore(path.join(tmp, "a"), {
      version: "1.99.0",
      edit: (files) => {
        const model = JSON.parse(files.get("service-2.json")!.toString());
        model.metadata.endpointPrefix = "networkmonitor";
        files.set("service-2.json", Buffer.from(JSON.stringify(model)));
      },
    });
    assert.throws(() => updateModel({ source: other, modelsRoot: root }), /model of networkmonitor 2023-04-19, not networkflowmonitor 2023-04-19/);
    const partial = fakeBotocore(path.join(tmp, "b"), { version: "1.99.0", edit: (files) => files.delete("paginators-1.json") });
    assert.throws(() => updateModel({ source: partial, modelsRoot: root }), /lacks paginators-1\.json, which the client generator reads/);
    assert.equal(fs.existsSync(root), false);
  });

  it("asks for --botocore-version when the folder is not inside a botocore package", () => {
    const data = fakeBotocore(tmp);
    assert.throws(() => updateModel({ source: data, modelsRoot: path.join(tmp, "models") }), /pass --botocore-version X\.Y\.Z/);
  });

  it("npm run update-model explains its usage and its failures", function () {
    this.timeout(30_000);
    const run = (...args: string[]) => spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/update-model.ts", ...args], { cwd: repoRoot, encoding: "utf8" });
    const usage = run();
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run update-model -- <botocore data folder>/);
    const missing = run(path.join(tmp, "nowhere"), "--botocore-version", "1.0.0");
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /update-model: no networkflowmonitor 2023-04-19 model in/);
  });

  it("the stale-client check names the stale file and the command to run", () => {
    const files = generate();
    const dir = path.join(tmp, "generated");
    fs.mkdirSync(dir);
    for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
    assert.equal(staleReport(files, dir), undefined);
    fs.appendFileSync(path.join(dir, "models.ts"), "// edited by hand\n");
    fs.writeFileSync(path.join(dir, "old.ts"), "");
    const report = staleReport(files, dir) ?? "";
    assert.match(report, /models\.ts, old\.ts \(not generated\)/);
    assert.match(report, /Run `npm run generate`/);
  });
});
