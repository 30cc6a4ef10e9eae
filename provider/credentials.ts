// Credentials as the settings ask (I/O edge, host process only; nothing here is serialized): static keys, or the
// AWS SDK's default chain with the profile and shared files, then each role of `assumeRoles` in turn (STS
// AssumeRole, signed with the previous credentials), refreshed before they expire. Also says, for messages, where
// the credentials come from.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { AssumeRoleSettings, ProviderSettings } from "./settings";

/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** The credentials a client for `region` signs with. */
export function credentialsFor(settings: ProviderSettings, region: string): AwsCredentialIdentityProvider {
  let provider = baseCredentials(settings);
  settings.assumeRoles.forEach((role, i) => {
    provider = assumedRole(role, provider, settings, settings.stsRegion ?? region, assumeRoleLabel(settings, i));
  });
  return provider;
}

/** Credentials before any role is assumed: the static keys, or the default chain with the profile and files. */
export function baseCredentials(settings: ProviderSettings): AwsCredentialIdentityProvider {
  if (settings.accessKey && settings.secretKey) {
    const identity: AwsCredentialIdentity = {
      accessKeyId: settings.accessKey,
      secretAccessKey: settings.secretKey,
      ...(settings.token ? { sessionToken: settings.token } : {}),
    };
    return async () => identity;
  }
  const { defaultProvider } = require("@aws-sdk/credential-provider-node") as typeof import("@aws-sdk/credential-provider-node");
  return defaultProvider({
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.sharedCredentialsFile ? { filepath: expandHome(settings.sharedCredentialsFile) } : {}),
    ...(settings.sharedConfigFile ? { configFilepath: expandHome(settings.sharedConfigFile) } : {}),
  });
}

/** The STS client options (region, endpoint) for calls made with these settings. */
export function stsClientConfig(settings: ProviderSettings, region: string, credentials: AwsCredentialIdentityProvider): Record<string, unknown> {
  return {
    region: settings.stsRegion ?? region,
    credentials,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}),
  };
}

function assumedRole(
  role: AssumeRoleSettings,
  source: AwsCredentialIdentityProvider,
  settings: ProviderSettings,
  region: string,
  label: string,
): AwsCredentialIdentityProvider {
  let cached: Promise<AwsCredentialIdentity> | undefined;
  let client: { send(command: unknown): Promise<{ Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } }> } | undefined;
  const fetch = async (): Promise<AwsCredentialIdentity> => {
    const sts = require("@aws-sdk/nested-clients/sts") as typeof import("@aws-sdk/nested-clients/sts");
    client ??= new sts.STSClient(stsClientConfig(settings, region, source));
    let out;
    try {
      out = await client.send(new sts.AssumeRoleCommand({
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? `pulumi-networkflowmonitor-${Date.now()}`,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
        ...(role.durationSeconds ? { DurationSeconds: role.durationSeconds } : {}),
        ...(role.policy ? { Policy: role.policy } : {}),
        ...(role.policyArns ? { PolicyArns: role.policyArns.map((arn) => ({ arn })) } : {}),
        ...(role.sourceIdentity ? { SourceIdentity: role.sourceIdentity } : {}),
        ...(role.tags ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
        ...(role.transitiveTagKeys ? { TransitiveTagKeys: role.transitiveTagKeys } : {}),
      }));
    } catch (err) {
      const e = err as Error;
      throw Object.assign(new Error(
        `STS AssumeRole of ${role.roleArn} (${label}) failed: ${e.name}: ${e.message}. ` +
        `Check the role's trust policy and the credentials that assume it (${describeBaseCredentials(settings)}).`,
      ), { name: e.name === "Error" ? "AssumeRoleError" : e.name, $credentialsFailure: true });
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole of ${role.roleArn} (${label}) answered without credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  };
  return async () => {
    const current = cached ? await cached.catch(() => undefined) : undefined;
    if (!current || (current.expiration && current.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS)) {
      cached = fetch();
      cached.catch(() => (cached = undefined));
    }
    return cached!;
  };
}

function assumeRoleLabel(settings: ProviderSettings, i: number): string {
  const stack = settings.origin === "the stack config";
  return stack ? `aws:assumeRoles[${i}]` : `assumeRoles[${i}] of ${settings.origin}`;
}

/** Where the credentials before any assumed role come from, for messages. Names settings, never values. */
export function describeBaseCredentials(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): string {
  const stack = settings.origin === "the stack config";
  const files = [settings.sharedCredentialsFile, settings.sharedConfigFile].filter(Boolean);
  const inFiles = files.length > 0 ? ` in ${files.join(" and ")}` : "";
  if (settings.accessKey) return stack ? "aws:accessKey and aws:secretKey in the stack config" : `the accessKey and secretKey of ${settings.origin}`;
  if (settings.profile) return `the AWS profile "${settings.profile}"${inFiles} (${stack ? "aws:profile" : `profile of ${settings.origin}`})`;
  if (env.AWS_PROFILE) return `the AWS profile "${env.AWS_PROFILE}"${inFiles} (AWS_PROFILE)`;
  if (env.AWS_ACCESS_KEY_ID) return "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the environment";
  return `the AWS SDK's default credential chain (environment, the default profile${inFiles}, SSO, web identity, instance role)`;
}

/** The whole story: base credentials, then each assumed role. */
export function describeCredentials(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): string {
  const roles = settings.assumeRoles.map((r, i) => `role ${r.roleArn} (${assumeRoleLabel(settings, i)})`);
  return [describeBaseCredentials(settings, env), ...roles].join(", then ");
}

function expandHome(file: string): string {
  const home = process.env.HOME ?? process.env.USERPROFILE;
  return home && (file === "~" || file.startsWith("~/")) ? home + file.slice(1) : file;
}
