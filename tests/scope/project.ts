// A throwaway copy of a fixture program laid out like a user's project: node_modules holds @pulumi and this
// package (a symlink to the repository, resolved by name by the program and by Pulumi's provider host).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repo = path.resolve(__dirname, "..", "..");

export function makeUserProject(fixtureDir: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nfm-${path.basename(fixtureDir)}-`));
  fs.cpSync(fixtureDir, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.join(repo, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.symlinkSync(repo, path.join(dir, "node_modules", "pulumi-networkflowmonitor"), "dir");
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
