// Helpers for the WorkloadMonitor and packaging tests: an emulator that already holds the account's scope, and
// throwaway project directories.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../testing/emulator";
import { LocalEngine } from "../../testing/engine";

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

export type LinkedProject = ReturnType<typeof makeLinkedProject>;

/**
 * Mocha hooks for engine tests of WorkloadMonitor programs: one emulator for the suite, reset before each test
 * with the account's scope created (and the request log cleared), and the engines and projects a test opens
 * disposed after it.
 */
export function useWorkloadEngines() {
  let env: WorkloadEmulator;
  let scopeArn = "";
  const engines: LocalEngine[] = [];
  const projects: LinkedProject[] = [];
  before(async () => {
    env = await startWorkloadEmulator();
  });
  beforeEach(async () => {
    env.emulator.control.reset();
    scopeArn = await env.createScope();
    env.emulator.clearRequests();
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.dispose();
    for (const p of projects.splice(0)) p.cleanup();
  });
  after(async () => {
    await env.emulator.stop();
  });
  return {
    get env() {
      return env;
    },
    get scopeArn() {
      return scopeArn;
    },
    /** A linked copy of a program directory, removed after the test. */
    open(dir: string): LinkedProject {
      const p = makeLinkedProject(dir);
      projects.push(p);
      return p;
    },
    /** An engine over the project with the emulator's config plus `config`, disposed after the test. */
    engine(project: LinkedProject, config: Record<string, string> = {}): LocalEngine {
      const e = new LocalEngine({ programDir: project.dir, stateFile: project.stateFile, config: { ...env.config, ...config }, env: env.env });
      engines.push(e);
      return e;
    },
  };
}
