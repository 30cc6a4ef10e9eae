// Provider-level settings read from the stack configuration in `configure`. Pure: the caller
// passes a lookup function, so this is tested without a Pulumi host.

export interface ProviderSettings {
  /** `aws:region`. */
  region?: string;
  /** `aws:profile`: the shared-config profile the credential chain and region lookup use. */
  profile?: string;
  /** `aws:defaultTags` → `tags`: merged under each resource's own tags into `tagsAll`. */
  defaultTags: Record<string, string>;
  /** `networkflowmonitor:endpoint`, else the `networkflowmonitor` entry of `aws:endpoints`. */
  endpoint?: string;
  /** `networkflowmonitor:maxAttempts`: SDK attempts per call (throttling and 5xx are retried). */
  maxAttempts: number;
  /**
   * Problems found in the configuration. `configure` must not throw (the host caches the provider
   * before configure runs, so only the first call would fail); `check` reports these instead.
   */
  problems: { property: string; reason: string }[];
}

/** The SDK default is 3; AWS providers retry far more because throttling is where they fall over. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export function readProviderSettings(get: (key: string) => string | undefined): ProviderSettings {
  const problems: ProviderSettings["problems"] = [];
  const settings: ProviderSettings = { defaultTags: {}, maxAttempts: DEFAULT_MAX_ATTEMPTS, problems };

  const region = nonEmpty(get("aws:region"));
  if (region !== undefined) settings.region = region;
  const profile = nonEmpty(get("aws:profile"));
  if (profile !== undefined) settings.profile = profile;

  const defaultTags = get("aws:defaultTags");
  if (defaultTags !== undefined) {
    const parsed = parseJson(defaultTags);
    const tags = isRecord(parsed) ? parsed.tags : undefined;
    if (!isRecord(parsed) || (tags !== undefined && !isStringRecord(tags))) {
      problems.push({
        property: "aws:defaultTags",
        reason: 'must be an object like {"tags": {"team": "net"}} whose tag values are strings',
      });
    } else if (tags) {
      settings.defaultTags = { ...tags };
    }
  }

  const endpoint = nonEmpty(get("networkflowmonitor:endpoint")) ?? endpointFromAwsEndpoints(get("aws:endpoints"), problems);
  if (endpoint !== undefined) {
    if (!/^https?:\/\/[^\s]+$/.test(endpoint)) {
      problems.push({ property: "networkflowmonitor:endpoint", reason: `must be an http(s) URL such as http://127.0.0.1:4566, got "${endpoint}"` });
    } else {
      settings.endpoint = endpoint;
    }
  }

  const maxAttempts = get("networkflowmonitor:maxAttempts");
  if (maxAttempts !== undefined) {
    const n = Number(maxAttempts);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      problems.push({ property: "networkflowmonitor:maxAttempts", reason: `must be a whole number from 1 to 50, got "${maxAttempts}"` });
    } else {
      settings.maxAttempts = n;
    }
  }
  return settings;
}

// `aws:endpoints` is @pulumi/aws's list of per-service overrides: [{"networkflowmonitor": "http://..."}].
function endpointFromAwsEndpoints(raw: string | undefined, problems: ProviderSettings["problems"]): string | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseJson(raw);
  if (!Array.isArray(parsed)) {
    problems.push({ property: "aws:endpoints", reason: 'must be a list like [{"networkflowmonitor": "http://127.0.0.1:4566"}]' });
    return undefined;
  }
  for (const entry of parsed) {
    if (isRecord(entry) && typeof entry.networkflowmonitor === "string") return nonEmpty(entry.networkflowmonitor);
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
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
