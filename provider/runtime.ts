// The provider process's edge: settings from `configure`, the default region, and clients.
// Lives in the host process only; nothing here is captured by the serialized provider.
import type { NetworkFlowMonitorClient } from "./client";
import { readProviderSettings, type ProviderSettings } from "./settings";

let settings: ProviderSettings = readProviderSettings(() => undefined);
const clients = new Map<string, NetworkFlowMonitorClient>();

/** Called from the provider's `configure` with the stack config lookup. */
export function configureProvider(get: (key: string) => string | undefined): void {
  settings = readProviderSettings(get);
  clients.clear();
}

export function providerSettings(): ProviderSettings {
  return settings;
}

/**
 * The region a resource without `region` uses: the stack's `aws:region`, then the process's
 * AWS settings (`AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`), as the AWS SDK does.
 */
export function defaultRegion(): Promise<string | undefined> {
  return resolveDefaultRegion(settings);
}

/** The same resolution for any settings: the provider's, or those `getScope()` reads in the program. */
export async function resolveDefaultRegion(from: ProviderSettings): Promise<string | undefined> {
  if (from.region) return from.region;
  const env = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  try {
    const { loadConfig, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS } =
      require("@smithy/core/config") as typeof import("@smithy/core/config");
    return await loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, profile: from.profile })();
  } catch {
    return undefined;
  }
}

/** One client per region and endpoint, loaded on first use so `check` and `diff` never pay for the SDK. */
export function clientFor(region: string): NetworkFlowMonitorClient {
  const key = `${region}|${settings.endpoint ?? ""}|${settings.profile ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient(settings, region);
    clients.set(key, client);
  }
  return client;
}

/** A client as the settings ask: endpoint override, profile for credentials, retry attempts. */
export function createClient(from: ProviderSettings, region: string): NetworkFlowMonitorClient {
  const { NetworkFlowMonitorClient: Client } = require("./client") as typeof import("./client");
  const { defaultProvider } = require("@aws-sdk/credential-provider-node") as typeof import("@aws-sdk/credential-provider-node");
  return new Client({
    region,
    maxAttempts: from.maxAttempts,
    credentials: defaultProvider(from.profile ? { profile: from.profile } : {}),
    ...(from.endpoint ? { endpoint: from.endpoint } : {}),
  });
}
