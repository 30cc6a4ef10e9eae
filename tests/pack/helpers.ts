// Installing the package as a user does: build, `npm pack`, and `npm install` of the tarball into a copy of a
// project. Shared by the packaging tests; each packs at most once.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../component/helpers";

export function run(cmd: string, args: string[], cwd: string): string {
  // npm must not inherit a NODE_OPTIONS meant for the engine's processes.
  const env = { ...process.env, NODE_OPTIONS: "" };
  return execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Builds and packs this checkout into `work`, copies the project at `source` to `project` (without its
 * node_modules, tarballs or state) and installs the tarball there, without dev dependencies.
 */
export function packAndInstall(work: string, source: string, project: string): void {
  run("npm", ["run", "build"], repoRoot);
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repoRoot)) as { filename: string }[];
  fs.cpSync(source, project, {
    recursive: true,
    filter: (src) => !/node_modules|\.tgz$|\.pulumi-state/.test(path.relative(source, src)),
  });
  fs.copyFileSync(path.join(work, packed.filename), path.join(project, packed.filename));
  // @pulumi/pulumi and @pulumi/aws come from the npm cache (or registry); dev dependencies are not needed.
  const started = Date.now();
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--omit=dev", `./${packed.filename}`], project);
  console.log(`      (npm install of the tarball took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
