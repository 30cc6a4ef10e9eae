// Locating a real `pulumi` CLI, which callers prefer over the local engine whenever one is installed.
import * as fs from "node:fs";
import * as path from "node:path";

/** Absolute path of the `pulumi` executable on PATH, or undefined when there is none. */
export function findPulumiCli(envPath: string | undefined = process.env.PATH, platform = process.platform): string | undefined {
  if (!envPath) return undefined;
  const names = platform === "win32" ? ["pulumi.exe", "pulumi.cmd", "pulumi"] : ["pulumi"];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        const stat = fs.statSync(candidate);
        if (!stat.isFile()) continue;
        if (platform !== "win32") fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // Not here or not executable; keep looking.
      }
    }
  }
  return undefined;
}
