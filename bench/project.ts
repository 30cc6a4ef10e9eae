// Throwaway Pulumi projects for the benchmarks, laid out like a user's: the fixture program, and node_modules
// linking this repository's @pulumi and the package itself by name (so the host loads dist/ as users' hosts do).
// The "plugin" fixture also gets bin/pulumi-resource-networkflowmonitor, a link to the built plugin, which its
// Pulumi.yaml declares as a project plugin (`plugins.providers`), so the engine finds it whatever is on PATH.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..");

export interface BenchProject {
  dir: string;
  /** A fresh state file path in the project (not created). */
  stateFile(label: string): string;
  cleanup(): void;
}

export type BenchFixture = "monitors" | "trivial" | "plugin";

/** The built provider plugin's executable (`pulumi-resource-networkflowmonitor` in package.json's bin). */
export const PLUGIN_MAIN = path.join(repoRoot, "dist", "provider", "plugin", "main.js");

export function makeBenchProject(fixture: BenchFixture): BenchProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nfm-bench-${fixture}-`));
  fs.cpSync(path.join(__dirname, "fixtures", fixture), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "pulumi-networkflowmonitor"), "dir");
  if (fixture === "plugin") {
    fs.mkdirSync(path.join(dir, "bin"));
    fs.symlinkSync(PLUGIN_MAIN, path.join(dir, "bin", "pulumi-resource-networkflowmonitor"));
  }
  let counter = 0;
  return {
    dir,
    stateFile: (label) => path.join(dir, ".pulumi-state", `${label}-${++counter}.json`),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Fails early, naming the fix, when dist/ is missing or older than the sources the host would load. */
export function assertBuilt(): void {
  const built = path.join(repoRoot, "dist", "provider", "monitor", "provider.js");
  for (const file of [built, PLUGIN_MAIN]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (or \`make bench\`) first`);
  }
  const source = path.join(repoRoot, "provider", "monitor", "provider.ts");
  if (fs.statSync(source).mtimeMs > fs.statSync(built).mtimeMs) {
    console.warn(`warning: ${source} is newer than dist/: the figures are for the last build`);
  }
}
