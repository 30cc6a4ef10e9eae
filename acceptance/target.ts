// Where the acceptance scenarios run: a real AWS account through the `pulumi` CLI (Automation API), or the
// local emulator through the engine in a box. The scenarios see only this interface, so the same code runs
// in `make acceptance` and in `make test`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient } from "../provider/runtime";
import { readProviderSettings } from "../provider/settings";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../provider/client";
import { createStackDriver, type StackDriver } from "../scripts/stackDriver";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../testing/emulator";

export const PROGRAMS_DIR = path.join(__dirname, "programs");
export type ProgramName = "monitor" | "scope" | "workload";

/** The Pulumi project name of each scenario program (config keys are namespaced by it). */
export const PROJECT: Record<ProgramName, string> = {
  monitor: "nfm-acceptance-monitor",
  scope: "nfm-acceptance-scope",
  workload: "nfm-acceptance-workload",
};

export interface AcceptanceTarget {
  kind: "aws" | "emulator";
  driverKind: StackDriver["kind"];
  region: string;
  account: string;
  /** Short id of this run: the value of every object's `acceptance` tag, and part of every name. */
  runId: string;
  /** The package's own client, to observe and change the service from outside Pulumi. */
  client: NetworkFlowMonitorClient;
  /** Environment of the Pulumi programs and the provider. */
  env: Record<string, string>;
  /** How often the scenarios poll the service. */
  pollMs: number;
  /** Run the agent scenarios (EKS add-on, Systems Manager): NFM_ACCEPTANCE_AGENTS=1 on AWS; always on the emulator. */
  agents: boolean;
  /** An existing EKS cluster for the EKS add-on scenario (NFM_ACCEPTANCE_EKS_CLUSTER_ARN). */
  eksClusterArn?: string;
  /** Keep the state of a stack whose scenario failed, to destroy by hand. */
  keepStateOnFailure: boolean;
  /** The emulator, when the target is one (tests look into it). */
  emulator?: RunningEmulator;
  dispose(): Promise<void>;
}

/** A stack of one of the scenario programs on the target, its config keys given without the project prefix. */
export async function openStack(target: AcceptanceTarget, program: ProgramName, stack: string, config: Record<string, unknown>): Promise<StackDriver> {
  const driver = createStackDriver({
    programDir: path.join(PROGRAMS_DIR, program),
    stack,
    config: { "aws:region": target.region },
    env: target.env,
    kind: target.driverKind,
  });
  for (const [k, v] of Object.entries(config)) await driver.setConfig(`${PROJECT[program]}:${k}`, typeof v === "string" ? v : JSON.stringify(v));
  return driver;
}

/** A run id: base-36 time, short enough for names, unique enough across runs. */
export function newRunId(now = Date.now()): string {
  return `acc${now.toString(36)}`;
}

/** The real account: credentials and Region from the environment, the `pulumi` CLI through the Automation API. */
export function awsTarget(opts: { region: string; account: string; env?: NodeJS.ProcessEnv }): AcceptanceTarget {
  const env = opts.env ?? process.env;
  const binDir = pluginPathDir() ?? path.resolve(__dirname, "..", "node_modules", ".bin");
  return {
    kind: "aws",
    driverKind: "pulumi-cli",
    region: opts.region,
    account: opts.account,
    runId: newRunId(),
    client: createClient(readProviderSettings(() => undefined), opts.region),
    // The plugin's folder first, so the CLI finds the plugin front end (pulumi-resource-networkflowmonitor) as an ambient plugin.
    env: { AWS_REGION: opts.region, PATH: `${binDir}${path.delimiter}${env.PATH ?? ""}` },
    pollMs: 5000,
    agents: env.NFM_ACCEPTANCE_AGENTS === "1",
    eksClusterArn: env.NFM_ACCEPTANCE_EKS_CLUSTER_ARN || undefined,
    keepStateOnFailure: true,
    dispose: async () => undefined,
  };
}

/** The local emulator with the engine in a box: what `make test` runs. Starts with no scope unless `withScope`. */
export async function emulatorTarget(opts: { emulator?: EmulatorOptions; withScope?: boolean } = {}): Promise<AcceptanceTarget> {
  const region = "us-east-1";
  const account = "123456789012";
  const emulator = await startEmulator({ region, account, activeAfterMs: 500, deleteAfterMs: 200, ...opts.emulator });
  const credentials = { accessKeyId: "acceptance", secretAccessKey: "acceptance-secret" };
  const pluginDir = pluginPathDir();
  const client = new NetworkFlowMonitorClient({ region, endpoint: emulator.endpoint, credentials });
  if (opts.withScope) {
    await client.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: account }, targetType: "ACCOUNT" }, region }] }));
  }
  return {
    kind: "emulator",
    driverKind: "engine-in-a-box",
    region,
    account,
    runId: newRunId(),
    client,
    // AWS_ENDPOINT_URL sends Network Flow Monitor and STS (a scope's default target) to the emulator.
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
      AWS_ENDPOINT_URL: emulator.endpoint,
      // The engine in a box finds the plugin front end on PATH, as Pulumi does.
      ...(pluginDir ? { PATH: `${pluginDir}${path.delimiter}${process.env.PATH ?? ""}` } : {}),
    },
    pollMs: 50,
    agents: true,
    eksClusterArn: `arn:aws:eks:${region}:${account}:cluster/acceptance`,
    keepStateOnFailure: false,
    emulator,
    dispose: async () => {
      await emulator.stop();
      if (pluginDir) fs.rmSync(pluginDir, { recursive: true, force: true });
    },
  };
}

/** The plugin front end's executable, when this package ships one (package.json `bin`), else undefined. */
/**
 * A new folder holding only `pulumi-resource-networkflowmonitor`, a link to the built plugin, to put first on PATH so
 * the CLI or the engine in a box finds it as an ambient plugin (a package's own bins are not linked into its own
 * node_modules/.bin). Undefined while the package has no built plugin.
 */
export function pluginPathDir(): string | undefined {
  const bin = pluginBin();
  if (!bin) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-plugin-bin-"));
  fs.symlinkSync(bin, path.join(dir, "pulumi-resource-networkflowmonitor"));
  return dir;
}

export function pluginBin(packageDir = path.resolve(__dirname, "..")): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { bin?: Record<string, string> };
  const rel = pkg.bin?.["pulumi-resource-networkflowmonitor"];
  if (!rel) return undefined;
  const file = path.join(packageDir, rel);
  return fs.existsSync(file) ? file : undefined;
}
