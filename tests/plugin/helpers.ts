// The built provider plugin started as Pulumi starts a resource plugin (node <bin>, the engine's address last, the
// port read from stdout's first line), against an emulator, through the same gRPC client the engine in a box uses.
import * as fs from "node:fs";
import * as path from "node:path";
import { ProviderHost, resolvePulumiDir } from "../../testing/engine/host";
import { startEmulator, type RunningEmulator } from "../../testing";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const PLUGIN_BIN = path.join(repoRoot, "dist", "provider", "plugin", "main.js");
export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const MONITOR = "networkflowmonitor:index:Monitor";
export const SCOPE = "networkflowmonitor:index:Scope";

export const urnOf = (type: string, name: string) => `urn:pulumi:dev::proj::${type}::${name}`;
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
export const vpc = (id = "0123456789abcdef0", region = REGION) => `arn:aws:ec2:${region}:${ACCOUNT}:vpc/vpc-${id}`;

export function assertBuilt(): void {
  if (!fs.existsSync(PLUGIN_BIN)) throw new Error(`${PLUGIN_BIN} is missing: run \`npm run build\` first (make test does)`);
}

/** The process environment a plugin gets: credentials for the emulator, no AWS profile, and `extra`. */
export function pluginEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test-secret", ...extra };
  for (const k of ["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_NETWORKFLOWMONITOR"]) {
    if (!(k in extra)) delete env[k];
  }
  return env;
}

/** Spawns the plugin (not configured yet). */
export function startPlugin(env: NodeJS.ProcessEnv, log: (line: string) => void = () => undefined): ProviderHost {
  assertBuilt();
  return ProviderHost.start({ pulumiDir: resolvePulumiDir(repoRoot), script: PLUGIN_BIN, cwd: repoRoot, env, log });
}

/** An emulator whose monitors and scopes take `settleMs` of real time to settle, as the plugin's waiters see it. */
export function startPluginEmulator(region = REGION, settleMs = 300): Promise<RunningEmulator> {
  return startEmulator({ region, account: ACCOUNT, activeAfterMs: settleMs, deleteAfterMs: settleMs });
}

/** The plugin configured as a default provider is: CheckConfig on the stack's `networkflowmonitor:*` values, then Configure. */
export async function configuredPlugin(config: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<ProviderHost> {
  const plugin = startPlugin(env);
  const checked = await plugin.checkConfig("urn:pulumi:dev::proj::pulumi:providers:networkflowmonitor::default", {}, config);
  if (checked.failures.length > 0) throw new Error(`CheckConfig failed: ${JSON.stringify(checked.failures)}`);
  await plugin.configureArgs(checked.inputs);
  return plugin;
}
