// The provider process's edge: settings from `configure` (the stack config) or from a resource's explicit
// aws.Provider (its `__awsProvider` input), the default region, and clients. Lives in the host process only;
// nothing here is captured by the serialized provider.
import type { NetworkFlowMonitorClient } from "./client";
import { describeCredentials } from "./credentials";
import { AWS_PROVIDER_INPUT, PLUGIN_SETTINGS_ORIGIN, readAwsProviderSettings, readProviderSettings, type ProviderSettings } from "./settings";

let stackConfig: (key: string) => string | undefined = () => undefined;
let settings: ProviderSettings = readProviderSettings(stackConfig);
const clients = new Map<string, NetworkFlowMonitorClient>();

/** Called from the dynamic provider's `configure` with the stack config lookup. */
export function configureProvider(get: (key: string) => string | undefined): void {
  configureSettings(readProviderSettings(get), get);
}

/**
 * The process's settings, as a front end read them: the dynamic provider's from the `aws:*` stack config, the
 * provider plugin's from its own configuration (one plugin process serves one provider instance).
 */
export function configureSettings(configured: ProviderSettings, get: (key: string) => string | undefined = () => undefined): void {
  stackConfig = get;
  settings = configured;
  clients.clear();
}

/** The setting that names the default Region, for messages: `aws:region`, or the plugin's `networkflowmonitor:region`. */
export function regionSettingName(): string {
  return settings.origin === PLUGIN_SETTINGS_ORIGIN ? "networkflowmonitor:region" : "aws:region";
}

/** The same, with where it is set: "aws:region in the stack config". */
export function regionSettingWhere(): string {
  return `${regionSettingName()} in the ${settings.origin === PLUGIN_SETTINGS_ORIGIN ? "provider configuration" : "stack config"}`;
}

/**
 * The settings a resource's calls use: those of its explicit aws.Provider when it has one (the `__awsProvider`
 * input or output), else the stack config's. Without an argument: the stack config's.
 */
export function providerSettings(resource?: object | null): ProviderSettings {
  const fromProvider = (resource as Record<string, unknown> | null | undefined)?.[AWS_PROVIDER_INPUT];
  if (fromProvider === undefined || fromProvider === null) return settings;
  return readAwsProviderSettings(fromProvider, stackConfig);
}

/**
 * The region a resource without `region` uses: its aws.Provider's region or the stack's `aws:region`, then the
 * process's AWS settings (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`), as the AWS SDK does.
 */
export function defaultRegion(resource?: object | null): Promise<string | undefined> {
  return resolveDefaultRegion(providerSettings(resource));
}

/** The same resolution for any settings: the provider's, or those `getScope()` reads in the program. */
export async function resolveDefaultRegion(from: ProviderSettings): Promise<string | undefined> {
  if (from.region) return from.region;
  const env = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  try {
    const { loadConfig, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS } =
      require("@smithy/core/config") as typeof import("@smithy/core/config");
    return await loadConfig(NODE_REGION_CONFIG_OPTIONS, {
      ...NODE_REGION_CONFIG_FILE_OPTIONS,
      profile: from.profile,
      ...(from.sharedConfigFile ? { configFilepath: from.sharedConfigFile } : {}),
      ...(from.sharedCredentialsFile ? { filepath: from.sharedCredentialsFile } : {}),
    })();
  } catch {
    return undefined;
  }
}

/**
 * One client per region and settings, loaded on first use so `check` and `diff` never pay for the SDK. `resource`
 * is the resource's inputs or outputs: its explicit aws.Provider's settings, if any, travel there.
 */
export function clientFor(region: string, resource?: object | null): NetworkFlowMonitorClient {
  const from = providerSettings(resource);
  // In-memory only: the key holds credentials when the settings do, and is never logged or stored.
  const { problems: _p, ...identity } = from;
  const key = `${region}|${JSON.stringify(identity)}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient(from, region);
    clients.set(key, client);
  }
  return client;
}

/**
 * A client as the settings ask: endpoint override, credentials (profile, static keys, assumed roles), retry
 * attempts (failing fast when the endpoint refuses connections), and failures that name the operation, the
 * resource, the endpoint's origin and the credentials' origin.
 */
export function createClient(from: ProviderSettings, region: string): NetworkFlowMonitorClient {
  const { NetworkFlowMonitorClient: Client } = require("./client") as typeof import("./client");
  const { credentialsFor } = require("./credentials") as typeof import("./credentials");
  const { addFailureContext, fastFailRetryStrategy } = require("./failures") as typeof import("./failures");
  const client = new Client({
    region,
    maxAttempts: from.maxAttempts,
    retryStrategy: fastFailRetryStrategy(from.maxAttempts) as never,
    credentials: credentialsFor(from, region),
    ...(from.profile ? { profile: from.profile } : {}),
    ...(from.endpoint ? { endpoint: from.endpoint } : {}),
  });
  addFailureContext(client, { region, endpoint: from.endpoint, endpointSource: from.endpointSource, credentials: describeCredentials(from) });
  return client;
}
