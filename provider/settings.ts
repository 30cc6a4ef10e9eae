// AWS settings the way @pulumi/aws takes them, from the stack config (`aws:*` keys, read in `configure`) or from an
// explicit aws.Provider (its outputs, passed by the SDK as the `__awsProvider` input). Pure: the caller passes a
// lookup function or the provider's values, so this is tested without a Pulumi host or AWS.
import { parseDuration } from "./duration";
import { containsUnknown, UNKNOWN } from "./monitor/types";

/** One role to assume, as @pulumi/aws v7's `assumeRoles` entries (v6's `assumeRole` is one of these). */
export interface AssumeRoleSettings {
  roleArn: string;
  sessionName?: string;
  externalId?: string;
  /** Seconds, from a Go duration such as "1h" (15 minutes to 12 hours). */
  durationSeconds?: number;
  policy?: string;
  policyArns?: string[];
  sourceIdentity?: string;
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
}

export interface ProviderSettings {
  /** `aws:region` (or the provider's `region`). */
  region?: string;
  /** `aws:profile`: the shared-config profile the credential chain and region lookup use. */
  profile?: string;
  /** Static credentials (`aws:accessKey`, `aws:secretKey`, `aws:token`); secrets, never logged. */
  accessKey?: string;
  secretKey?: string;
  token?: string;
  /** `aws:assumeRoles` (v7) or `aws:assumeRole` (v6): assumed in order, each with the previous one's credentials. */
  assumeRoles: AssumeRoleSettings[];
  /** `aws:sharedCredentialsFiles` / `aws:sharedConfigFiles`: the files the profile is read from. */
  sharedCredentialsFile?: string;
  sharedConfigFile?: string;
  /** `aws:stsRegion`: the Region STS calls (AssumeRole, GetCallerIdentity) go to. */
  stsRegion?: string;
  /** `aws:defaultTags` → `tags`: merged under each resource's own tags into `tagsAll`. */
  defaultTags: Record<string, string>;
  /** `networkflowmonitor:endpoint`, else the `networkflowmonitor` entry of `aws:endpoints`. */
  endpoint?: string;
  /** The setting `endpoint` came from, for messages ("networkflowmonitor:endpoint", "aws:endpoints", ...). */
  endpointSource?: string;
  /** The `sts` entry of `aws:endpoints`. */
  stsEndpoint?: string;
  /** `networkflowmonitor:maxAttempts`, else `aws:maxRetries` + 1: SDK attempts per call (throttling and 5xx are retried). */
  maxAttempts: number;
  /** Where these settings come from, for messages: "the stack config" or `aws.Provider "west"`. */
  origin: string;
  /**
   * Problems found in the configuration. `configure` must not throw (the host caches the provider
   * before configure runs, so only the first call would fail); `check` reports these instead.
   */
  problems: { property: string; reason: string }[];
}

/** The SDK default is 3; AWS providers retry far more because throttling is where they fall over. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** The input name the SDK passes an explicit aws.Provider's settings under. */
export const AWS_PROVIDER_INPUT = "__awsProvider";

/**
 * The aws.Provider outputs the SDK passes on. The first group is applied; the second changes where calls go or
 * who makes them and this package cannot apply it, so a provider that sets one is refused, never half-used.
 */
export const AWS_PROVIDER_KEYS = [
  "region", "profile", "accessKey", "secretKey", "token", "assumeRoles", "assumeRole", "sharedCredentialsFiles",
  "sharedConfigFiles", "endpoints", "defaultTags", "stsRegion", "maxRetries",
] as const;
export const UNSUPPORTED_AWS_KEYS: Record<string, string> = {
  assumeRoleWithWebIdentity: "set AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE in the environment instead (the AWS SDK's web-identity credentials), or use assumeRoles",
  useFipsEndpoint: "set networkflowmonitor:endpoint (or the networkflowmonitor entry of endpoints) to the FIPS endpoint instead",
  useDualstackEndpoint: "set networkflowmonitor:endpoint (or the networkflowmonitor entry of endpoints) to the dual-stack endpoint instead",
  customCaBundle: "set NODE_EXTRA_CA_CERTS in the environment instead",
  httpProxy: "this package connects directly; remove it, or run where the endpoint is reachable without a proxy",
  httpsProxy: "this package connects directly; remove it, or run where the endpoint is reachable without a proxy",
  insecure: "this package always verifies TLS certificates; remove it",
  allowedAccountIds: "this package does not check the account; remove it, or use a profile or role that can only reach the allowed accounts",
  forbiddenAccountIds: "this package does not check the account; remove it, or use a profile or role that cannot reach the forbidden accounts",
};

/** Settings from the stack config: `aws:*` keys as @pulumi/aws reads them, plus this package's `networkflowmonitor:*`. */
export function readProviderSettings(get: (key: string) => string | undefined): ProviderSettings {
  return parseSettings((key) => get(`aws:${key}`), (key) => `aws:${key}`, "the stack config", get);
}

/** Where the provider plugin's settings come from, for messages. */
export const PLUGIN_SETTINGS_ORIGIN = "the networkflowmonitor provider";

/**
 * The provider plugin's settings (`networkflowmonitor:*` stack config, or an explicit `networkflowmonitor` provider's
 * inputs): the same names as an aws.Provider's, plus this package's own `endpoint` and `maxAttempts`, all under the
 * plugin's package. A default provider gets only its own package's keys, so `aws:*` does not apply here.
 */
export const PLUGIN_CONFIG_KEYS: readonly string[] = [...AWS_PROVIDER_KEYS, "endpoint", "maxAttempts"];

export function readPluginSettings(values: Record<string, unknown>): ProviderSettings {
  const own = (key: string): string | undefined => {
    const v = values[key.slice("networkflowmonitor:".length)];
    return v === undefined || v === null || containsUnknown(v) ? undefined : String(v);
  };
  return parseSettings((key) => values[key], (key) => `networkflowmonitor:${key}`, PLUGIN_SETTINGS_ORIGIN, (key) => (key.startsWith("networkflowmonitor:") ? own(key) : undefined));
}

/**
 * Settings of an explicit aws.Provider (the `__awsProvider` input: the provider's outputs, JSON-encoded where
 * @pulumi/aws encodes them). As with @pulumi/aws, such a provider does not read the `aws:*` stack config; this
 * package's own `networkflowmonitor:endpoint` and `networkflowmonitor:maxAttempts` still apply.
 */
export function readAwsProviderSettings(input: unknown, stackConfig: (key: string) => string | undefined): ProviderSettings {
  // Not known yet (preview, the provider's outputs depend on other resources): so is the Region; nothing to check.
  if (containsUnknown(input) && !isRecord(input)) {
    return { defaultTags: {}, assumeRoles: [], maxAttempts: DEFAULT_MAX_ATTEMPTS, origin: "the explicit aws.Provider", problems: [], region: UNKNOWN };
  }
  const values = isRecord(input) ? input : {};
  const name = typeof values.name === "string" ? values.name : "";
  const origin = name ? `aws.Provider "${name}"` : "the explicit aws.Provider";
  const settings = parseSettings(
    (key) => values[key],
    (key) => `${AWS_PROVIDER_INPUT}.${key}`,
    origin,
    (key) => (key.startsWith("aws:") ? undefined : stackConfig(key)),
  );
  if (!isRecord(input)) settings.problems.push({ property: AWS_PROVIDER_INPUT, reason: "must be the settings of an aws.Provider (the SDK sets it)" });
  // In preview the SDK cannot tell an unset setting from one not computed yet; a Region not known yet stays unknown.
  if (settings.region === undefined && Array.isArray(values.notKnownYet) && values.notKnownYet.includes("region")) settings.region = UNKNOWN;
  return settings;
}

function parseSettings(
  value: (key: string) => unknown,
  label: (key: string) => string,
  origin: string,
  config: (key: string) => string | undefined,
): ProviderSettings {
  const problems: ProviderSettings["problems"] = [];
  const settings: ProviderSettings = { defaultTags: {}, assumeRoles: [], maxAttempts: DEFAULT_MAX_ATTEMPTS, origin, problems };
  const problem = (key: string, reason: string) => problems.push({ property: label(key), reason });

  for (const key of ["region", "profile", "accessKey", "secretKey", "token", "stsRegion"] as const) {
    const raw = value(key);
    if (raw === undefined || raw === null) continue;
    if (containsUnknown(raw)) {
      if (key === "region") settings.region = UNKNOWN;
      continue;
    }
    if (typeof raw !== "string") problem(key, `must be a string, got ${JSON.stringify(raw)}`);
    else if (nonEmpty(raw) !== undefined) settings[key] = nonEmpty(raw);
  }
  if ((settings.accessKey === undefined) !== (settings.secretKey === undefined)) {
    problem(settings.accessKey === undefined ? "accessKey" : "secretKey", "must be set together with " +
      label(settings.accessKey === undefined ? "secretKey" : "accessKey") + " (static credentials need both)");
  }

  const defaultTags = structured(value("defaultTags"));
  if (defaultTags !== undefined) {
    const tags = isRecord(defaultTags) ? defaultTags.tags : undefined;
    if (!isRecord(defaultTags) || (tags !== undefined && tags !== null && !isStringRecord(tags))) {
      problem("defaultTags", 'must be an object like {"tags": {"team": "net"}} whose tag values are strings');
    } else if (isStringRecord(tags)) {
      settings.defaultTags = { ...tags };
    }
  }

  readAssumeRoles(value, label, settings);

  for (const [key, field] of [["sharedCredentialsFiles", "sharedCredentialsFile"], ["sharedConfigFiles", "sharedConfigFile"]] as const) {
    const files = structured(value(key));
    if (files === undefined) continue;
    if (!Array.isArray(files) || !files.every((f) => typeof f === "string" && f.trim() !== "")) {
      problem(key, 'must be a list of file paths like ["~/.aws/credentials"]');
    } else if (files.length > 1) {
      // The AWS SDK for JavaScript reads one file of each kind; merging several silently would be a guess.
      problem(key, `lists ${files.length} files; this package reads one: merge them into one file, or list only the file that holds the profile`);
    } else if (files.length === 1) {
      settings[field] = files[0];
    }
  }

  const endpoints = readEndpoints(value("endpoints"), () => problem("endpoints", 'must be a list like [{"networkflowmonitor": "http://127.0.0.1:4566"}]'));
  const ownEndpoint = nonEmpty(config("networkflowmonitor:endpoint"));
  // The provider's own entry is the more specific setting; for the stack config, this package's key wins.
  const fromProvider = origin !== "the stack config" && origin !== PLUGIN_SETTINGS_ORIGIN;
  const chosen: [string | undefined, string, string][] = fromProvider
    ? [[endpoints.networkflowmonitor, `the networkflowmonitor entry of ${origin}'s endpoints`, label("endpoints")], [ownEndpoint, "networkflowmonitor:endpoint", "networkflowmonitor:endpoint"]]
    : [[ownEndpoint, "networkflowmonitor:endpoint", "networkflowmonitor:endpoint"], [endpoints.networkflowmonitor, `the networkflowmonitor entry of ${label("endpoints")}`, label("endpoints")]];
  const [endpoint, source, property] = chosen.find(([e]) => e !== undefined) ?? [undefined, "", ""];
  if (endpoint !== undefined) {
    if (!isUrl(endpoint)) problems.push({ property, reason: `must be an http(s) URL such as http://127.0.0.1:4566, got "${endpoint}"` });
    else Object.assign(settings, { endpoint, endpointSource: source });
  }
  if (endpoints.sts !== undefined) {
    if (!isUrl(endpoints.sts)) problem("endpoints", `the sts entry must be an http(s) URL, got "${endpoints.sts}"`);
    else settings.stsEndpoint = endpoints.sts;
  }

  // `maxRetries` as @pulumi/aws takes it (retries after the first attempt); this package's own key wins.
  const maxRetries = structured(value("maxRetries"));
  if (maxRetries !== undefined && maxRetries !== null) {
    const n = Number(maxRetries);
    if (!Number.isInteger(n) || n < 0 || n > 49) problem("maxRetries", `must be a whole number from 0 to 49, got ${JSON.stringify(maxRetries)}`);
    else settings.maxAttempts = n + 1;
  }
  const maxAttempts = config("networkflowmonitor:maxAttempts");
  if (maxAttempts !== undefined) {
    const n = Number(maxAttempts);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      problems.push({ property: "networkflowmonitor:maxAttempts", reason: `must be a whole number from 1 to 50, got "${maxAttempts}"` });
    } else {
      settings.maxAttempts = n;
    }
  }

  for (const [key, instead] of Object.entries(UNSUPPORTED_AWS_KEYS)) {
    if (isSet(structured(value(key)))) problem(key, `is not supported by pulumi-networkflowmonitor, whose calls would ignore it: ${instead}`);
  }
  return settings;
}

function readAssumeRoles(value: (key: string) => unknown, label: (key: string) => string, settings: ProviderSettings): void {
  const many = structured(value("assumeRoles"));
  const one = structured(value("assumeRole"));
  const problem = (property: string, reason: string) => settings.problems.push({ property, reason });
  let entries: { raw: unknown; path: string }[] = [];
  if (many !== undefined && many !== null) {
    if (!Array.isArray(many)) {
      problem(label("assumeRoles"), 'must be a list like [{"roleArn": "arn:aws:iam::123456789012:role/deploy"}]');
      return;
    }
    entries = many.map((raw, i) => ({ raw, path: `${label("assumeRoles")}[${i}]` }));
  }
  if (one !== undefined && one !== null) {
    if (entries.length > 0) {
      problem(label("assumeRole"), `set either ${label("assumeRoles")} or ${label("assumeRole")}, not both`);
      return;
    }
    entries = [{ raw: one, path: label("assumeRole") }];
  }
  for (const { raw, path } of entries) {
    if (!isRecord(raw)) {
      problem(path, 'must be an object like {"roleArn": "arn:aws:iam::123456789012:role/deploy"}');
      continue;
    }
    // @pulumi/aws lets an entry without roleArn stand for "no role" (an empty block).
    if (raw.roleArn === undefined || raw.roleArn === null || raw.roleArn === "") continue;
    if (typeof raw.roleArn !== "string" || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(raw.roleArn)) {
      problem(`${path}.roleArn`, `must be an IAM role ARN like arn:aws:iam::123456789012:role/deploy, got ${JSON.stringify(raw.roleArn)}`);
      continue;
    }
    const role: AssumeRoleSettings = { roleArn: raw.roleArn };
    for (const k of ["sessionName", "externalId", "policy", "sourceIdentity"] as const) {
      if (raw[k] === undefined || raw[k] === null || raw[k] === "") continue;
      if (typeof raw[k] !== "string") problem(`${path}.${k}`, "must be a string");
      else role[k] = raw[k] as string;
    }
    if (raw.duration !== undefined && raw.duration !== null && raw.duration !== "") {
      let seconds = NaN;
      try {
        seconds = Math.round(parseDuration(String(raw.duration)) / 1000);
      } catch {
        // reported below
      }
      if (!(seconds >= 900 && seconds <= 43_200)) problem(`${path}.duration`, `must be a duration from 15m to 12h such as "1h", got ${JSON.stringify(raw.duration)}`);
      else role.durationSeconds = seconds;
    }
    for (const k of ["policyArns", "transitiveTagKeys"] as const) {
      if (raw[k] === undefined || raw[k] === null) continue;
      if (!Array.isArray(raw[k]) || !(raw[k] as unknown[]).every((x) => typeof x === "string")) problem(`${path}.${k}`, "must be a list of strings");
      else if ((raw[k] as string[]).length > 0) role[k] = [...(raw[k] as string[])];
    }
    if (raw.tags !== undefined && raw.tags !== null) {
      if (!isStringRecord(raw.tags)) problem(`${path}.tags`, "must be an object of string values");
      else if (Object.keys(raw.tags).length > 0) role.tags = { ...raw.tags };
    }
    settings.assumeRoles.push(role);
  }
}

// `endpoints` is @pulumi/aws's list of per-service overrides: [{"networkflowmonitor": "http://..."}, {"sts": "..."}].
function readEndpoints(raw: unknown, bad: () => void): { networkflowmonitor?: string; sts?: string } {
  const parsed = structured(raw);
  if (parsed === undefined || parsed === null) return {};
  if (!Array.isArray(parsed)) {
    bad();
    return {};
  }
  const out: { networkflowmonitor?: string; sts?: string } = {};
  for (const entry of parsed) {
    if (!isRecord(entry)) continue;
    for (const service of ["networkflowmonitor", "sts"] as const) {
      const url = typeof entry[service] === "string" ? nonEmpty(entry[service] as string) : undefined;
      if (url !== undefined && out[service] === undefined) out[service] = url;
    }
  }
  return out;
}

/** Structured values arrive JSON-encoded (stack config, and @pulumi/aws's provider inputs) or already parsed. */
function structured(v: unknown): unknown {
  // A value not known yet is checked once it is (the next preview or the update).
  if (containsUnknown(v)) return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Whether an unsupported setting is in effect: @pulumi/aws sends unset ones as null, false or empty lists. */
function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === "false") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.values(v).some((x) => x !== undefined && x !== null && x !== "");
  return true;
}

function isUrl(v: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(v);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === "string");
}
