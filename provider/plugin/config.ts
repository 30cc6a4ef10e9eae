// The provider plugin's configuration: CheckConfig's rules and what Configure applies. Pure; the settings
// themselves are parsed once, by provider/settings.ts (`readPluginSettings`).
//
// Where the values come from (Pulumi v3.248.0): a default provider's inputs are the stack config of the plugin's
// own package only, each value a string (JSON text for lists and objects), secret config as a secret
// (pkg/resource/deploy/target.go `GetPackageConfig`, used by pkg/resource/deploy/providers/registry.go's default
// providers); an explicit `pulumi:providers:networkflowmonitor` resource sends its inputs as the program gave them.
// Either way the engine calls CheckConfig, stores the checked inputs as the provider's state, then Configure.
import { PLUGIN_CONFIG_KEYS, readPluginSettings, UNSUPPORTED_AWS_KEYS, type ProviderSettings } from "../settings";
import type { CheckFailure } from "../monitor/types";
import { redactSecrets } from "../common/secrets";
import { markSecrets, secretNames, unwrapSecrets } from "./wire";

type Props = Record<string, unknown>;

/** Inputs the engine itself adds to a provider resource (the plugin version it asked for, where to get it). */
const ENGINE_KEYS = ["version", "pluginDownloadURL"];

/** Settings that are credentials: always secret in the provider's stored inputs, whatever the program said. */
export const SECRET_SETTINGS = ["accessKey", "secretKey", "token"];

export interface CheckedConfig {
  inputs: Props;
  failures: CheckFailure[];
}

/** CheckConfig: refuses what the plugin cannot apply, naming it; keeps credentials secret. */
export function checkPluginConfig(news: Props): CheckedConfig {
  const { value, secrets } = unwrapSecrets(news ?? {});
  const failures: CheckFailure[] = [];
  const known = new Set([...PLUGIN_CONFIG_KEYS, ...ENGINE_KEYS, ...Object.keys(UNSUPPORTED_AWS_KEYS)]);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      failures.push({
        property: `networkflowmonitor:${key}`,
        reason: `is not a setting of the networkflowmonitor provider; its settings are ${PLUGIN_CONFIG_KEYS.join(", ")}`,
      });
    }
  }
  failures.push(...readPluginSettings(value).problems);
  const credentials = SECRET_SETTINGS.filter((k) => value[k] !== undefined && value[k] !== null).map((k) => [k]);
  const secret = [...secrets, ...credentials];
  // Messages are shown and logged as they are: no secret value in them.
  return { inputs: markSecrets(value, secret), failures: redactSecrets(failures, value, secretNames(secret)) };
}

/** DiffConfig: a changed setting is an update of the provider (its resources then use the new one); nothing replaces. */
export function pluginConfigChanged(olds: Props, news: Props): boolean {
  const plain = (p: Props) => {
    const { version: _v, pluginDownloadURL: _u, ...rest } = unwrapSecrets(p ?? {}).value;
    return JSON.stringify(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  return plain(olds) !== plain(news);
}

export interface ConfiguredPlugin {
  settings: ProviderSettings;
  /** Secret default tags make every resource's `tagsAll` secret. */
  defaultTagsSecret: boolean;
}

/**
 * Configure: the settings from the request's `args` (the checked inputs), else from its legacy `variables`
 * (`networkflowmonitor:config:<key>` or `networkflowmonitor:<key>`).
 */
export function configuredPlugin(args: Props | undefined, variables: Map<string, string> | Record<string, string>): ConfiguredPlugin {
  let values: Props;
  if (args && Object.keys(args).length > 0) {
    values = args;
  } else {
    const entries = variables instanceof Map ? [...variables.entries()] : Object.entries(variables);
    values = Object.fromEntries(entries.map(([k, v]) => [k.replace(/^networkflowmonitor:(config:)?/, ""), v]));
  }
  const { value, secrets } = unwrapSecrets(values);
  const settings = readPluginSettings(value);
  const secret = secretNames([...secrets, ...SECRET_SETTINGS.map((k) => [k])]);
  settings.problems = redactSecrets(settings.problems, value, secret);
  return { settings, defaultTagsSecret: secrets.some((p) => p[0] === "defaultTags") };
}
