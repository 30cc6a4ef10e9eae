// Helpers for the WorkloadMonitor and packaging tests: an emulator that already holds the account's scope, and
// throwaway project directories.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../testing/emulator";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const repoRoot = path.resolve(__dirname, "..", "..");

export interface WorkloadEmulator {
  emulator: RunningEmulator;
  /** Stack config pointing the provider and getScope() at the emulator. */
  config: Record<string, string>;
  /** Credentials the program and provider host sign with. */
  env: Record<string, string>;
  /** Creates the account's scope (as the stack owning it would have) and returns its ARN. */
  createScope(): Promise<string>;
}

/** Starts the emulator on 127.0.0.1:0, verifying SigV4 with the given secret. */
export async function startWorkloadEmulator(secretKey = "emulator-secret"): Promise<WorkloadEmulator> {
  const accessKey = "AKIDWORKLOADTEST";
  const emulator = await startEmulator({ region: REGION, account: ACCOUNT, accessKey, secretKey });
  const createScope = async () => {
    const api = new NetworkFlowMonitorClient({
      region: REGION,
      endpoint: emulator.endpoint,
      credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
    });
    try {
      const scope = await api.send(
        new CreateScopeCommand({
          targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
        }),
      );
      emulator.control.setScopeStatus(scope.scopeId, "SUCCEEDED");
      return scope.scopeArn;
    } finally {
      api.destroy();
    }
  };
  return {
    emulator,
    config: { "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint },
    env: { AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_REGION: REGION, AWS_PROFILE: "" },
    createScope,
  };
}

/**
 * Copies a fixture into a temp project whose node_modules links this checkout's @pulumi packages and the
 * package itself by name (as `npm run link-self` does for the repository), so the host's forwarders resolve it.
 */
export function makeLinkedProject(fixtureDir: string): { dir: string; stateFile: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-workload-"));
  fs.cpSync(fixtureDir, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.symlinkSync(repoRoot, path.join(dir, "node_modules", "pulumi-networkflowmonitor"), "dir");
  return {
    dir,
    stateFile: path.join(dir, ".pulumi-state", "dev.json"),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
