// Root hooks for the whole suite. Programs run through Pulumi's host load the provider by package
// name (`pulumi-networkflowmonitor/dist/...`) from the host's working directory, as they do in a
// user's project; inside this checkout that name resolves through a self-link in node_modules,
// which `npm install` prunes. Restore it before any test runs.
import * as fs from "node:fs";
import * as path from "node:path";

export const mochaHooks = {
  beforeAll(): void {
    const link = path.join(__dirname, "..", "node_modules", "pulumi-networkflowmonitor");
    try {
      if (fs.realpathSync(link) === fs.realpathSync(path.join(__dirname, ".."))) return;
    } catch {
      // missing: make it below
    }
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync("..", link);
  },
};
