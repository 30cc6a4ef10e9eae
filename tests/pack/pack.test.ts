// What `npm pack` puts in the tarball users install: the built package and nothing else.
// Lists the files of the current dist/ (`make test` builds first; tests/pack/consumer.test.ts also builds).
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");

interface PackInfo {
  size: number;
  files: { path: string }[];
}

function packInfo(): PackInfo {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(out) as PackInfo[])[0];
}

describe("npm pack: the published file list", function () {
  this.timeout(60_000);
  let files: string[];
  let info: PackInfo;
  before(function () {
    if (!fs.existsSync(path.join(root, "dist", "sdk", "index.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (make test does)");
    }
    info = packInfo();
    files = info.files.map((f) => f.path).sort();
  });

  it("holds the SDK, the provider the serialized forwarders require, the testing entry, the CLIs, declarations and the package schema", () => {
    for (const f of [
      "package.json",
      "README.md",
      "dist/sdk/index.js",
      "dist/sdk/index.d.ts",
      "dist/sdk/workloadMonitor.js",
      "dist/sdk/workloadMonitor.d.ts",
      "dist/provider/monitor/provider.js",
      "dist/testing/index.js",
      "dist/testing/index.d.ts",
      "dist/testing/emulator/cli.js",
      "dist/testing/engine/cli.js",
      "schema.json",
    ]) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`);
    }
  });

  it("holds every module a serialized provider requires by package path", () => {
    // The forwarders in the SDK load "pulumi-networkflowmonitor/dist/..." in the user's project: each must ship.
    const sdkDir = path.join(root, "dist", "sdk");
    const required = new Set<string>();
    for (const f of fs.readdirSync(sdkDir).filter((n) => n.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(sdkDir, f), "utf8");
      for (const m of text.matchAll(/require\("pulumi-networkflowmonitor\/(dist\/[^"]+)"\)/g)) required.add(m[1]);
    }
    assert.ok(required.has("dist/provider/monitor/provider.js"), [...required].join(", "));
    for (const r of required) assert.ok(files.includes(r), `${r} is required by a serialized provider but not packed`);
  });

  it("ships the provider plugin: its bin starts with a node shebang, and its PulumiPlugin.yaml folder", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const bin = pkg.bin["pulumi-resource-networkflowmonitor"];
    assert.equal(bin, "dist/provider/plugin/main.js");
    assert.equal(fs.readFileSync(path.join(root, bin), "utf8").split("\n")[0], "#!/usr/bin/env node");
    for (const f of ["plugin/PulumiPlugin.yaml", "plugin/package.json", "plugin/index.js", "dist/provider/plugin/server.js"]) assert.ok(files.includes(f), `${f} is not packed`);
  });

  it("holds every target of package.json's exports, main, types and bin", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const targets: string[] = [pkg.main, pkg.types, ...Object.values<string>(pkg.bin ?? {})];
    for (const [key, value] of Object.entries<unknown>(pkg.exports ?? {})) {
      if (key.includes("*")) continue;
      if (typeof value === "string") targets.push(value);
      else targets.push(...Object.values(value as Record<string, string>));
    }
    for (const t of targets) assert.ok(files.includes(t.replace(/^\.\//, "")), `${t} (from package.json) is not packed`);
  });

  it("holds no tests, examples, benchmarks, scripts or TypeScript sources", () => {
    const unwanted = files.filter(
      (f) =>
        /^(dist\/)?(tests|examples|bench|scripts)\//.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        f.endsWith(".tsbuildinfo") ||
        /(^|\/)(Makefile|tsconfig[^/]*\.json|\.mocharc\.json|eslint\.config\.mjs|Pulumi\.yaml)$/.test(f),
    );
    assert.deepEqual(unwanted, []);
    // Besides dist/: the provider plugin's schema and its PulumiPlugin.yaml folder (docs/plugin.md).
    const besidesDist = /^(package\.json|schema\.json|plugin\/(PulumiPlugin\.yaml|package\.json|index\.js)|(README|LICENSE|CHANGELOG).*|docs\/[^/]+\.md)$/;
    assert.ok(files.every((f) => besidesDist.test(f) || f.startsWith("dist/")), files.join("\n"));
  });

  it("ships the docs in the Pulumi Registry's layout, and not the generated API reference", () => {
    for (const f of ["docs/_index.md", "docs/installation-configuration.md"]) assert.ok(files.includes(f), `${f} is missing from the tarball`);
    assert.deepEqual(files.filter((f) => f.startsWith("docs/api/")), []);
  });

  it("records its size in README, within 10 %", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const m = /about ([\d.]+) kB packed/.exec(readme);
    assert.ok(m, "README's Install section says `about N kB packed`");
    const recorded = Number(m[1]) * 1000;
    assert.ok(Math.abs(info.size - recorded) <= recorded * 0.1, `the tarball is ${(info.size / 1000).toFixed(1)} kB; README says ${m[1]} kB`);
  });

  it("has the metadata npm and the Pulumi Registry show, all pointing at one repository", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const repo = "https://github.com/pulumi-networkflowmonitor/pulumi-networkflowmonitor";
    assert.deepEqual(pkg.repository, { type: "git", url: `git+${repo}.git` });
    assert.ok(pkg.homepage.startsWith(repo), pkg.homepage);
    assert.equal(pkg.bugs.url, `${repo}/issues`);
    assert.ok(pkg.keywords.includes("pulumi") && pkg.keywords.includes("aws"), String(pkg.keywords));
    assert.match(pkg.license, /^Apache-2\.0$/);
  });

  it("publishes clean: `npm publish --dry-run` warns about nothing in the package (offline)", function () {
    this.timeout(180_000);
    const r = spawnSync("npm", ["publish", "--dry-run", "--offline", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    // The one warning left is about npm login, which a dry run without credentials always prints.
    const warnings = r.stderr.split("\n").filter((l) => /npm (warn|WARN|ERR)/.test(l) && !/requires you to be logged in/.test(l));
    assert.deepEqual(warnings, []);
  });
});
