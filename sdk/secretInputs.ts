// How secrets survive Pulumi's dynamic-provider host, which takes no secrets: the engine strips them on the way
// in and re-marks a returned value secret only where the same path was secret in what it sent (annotateSecrets,
// sdk/go/common/resource/plugin/provider_plugin.go, after Check, Create, Update and Read). So:
// - an output computed from an input under another name needs an input at its own path that carries the
//   secrets: `tagsAll` gets the user's `tags` (key by key), wholly secret when `aws:defaultTags` is secret config;
// - check cannot see which inputs are secret, so the SDK tells it (`__secretInputs`, names only): check then
//   refuses a secret in a property that becomes part of an id or ARN, which Pulumi never encrypts, and keeps
//   secret values out of its messages.
import * as pulumi from "@pulumi/pulumi";

/** The `tagsAll` input: the user's tags, whose secrets Pulumi then re-marks in the computed `tagsAll`. */
export function tagsAllCarrier(tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined): pulumi.Input<Record<string, pulumi.Input<string>>> | undefined {
  return isSecretConfig("aws:defaultTags") ? pulumi.secret(pulumi.output(tags ?? {})) : tags;
}

/** The runtime knows which stack config keys are secret (isConfigSecret is exported, but not in its typings). */
function isSecretConfig(key: string): boolean {
  const isConfigSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  return typeof isConfigSecret === "function" && isConfigSecret(key);
}

/** Names of the args that hold a secret anywhere; undefined (no input) when none does. */
export async function secretInputNames(args: object | undefined): Promise<string[] | undefined> {
  const entries = Object.entries(args ?? {}).filter(([, v]) => v !== undefined);
  const secret = await Promise.all(entries.map(async ([k, v]) => ((await pulumi.isSecret(pulumi.output(v))) ? k : undefined)));
  const names = secret.filter((k): k is string => k !== undefined);
  return names.length > 0 ? names : undefined;
}

/**
 * Keys of the tags that hold a secret, for the marker tag that keeps them secret through a refresh
 * (provider/common/secretTags.ts): "*" for every tag when `tags` is wholly secret or `aws:defaultTags` is secret
 * config; undefined (no input) when none is.
 */
export async function secretTagKeys(tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined): Promise<string[] | undefined> {
  if (isSecretConfig("aws:defaultTags")) return ["*"];
  if (tags === undefined) return undefined;
  if (pulumi.Output.isInstance(tags)) return (await pulumi.isSecret(tags as pulumi.Output<unknown>)) ? ["*"] : undefined;
  const record = await tags;
  if (record === null || typeof record !== "object") return undefined;
  const secret = await Promise.all(Object.entries(record).map(async ([k, v]) => ((await pulumi.isSecret(pulumi.output(v))) ? k : undefined)));
  const keys = secret.filter((k): k is string => k !== undefined).sort();
  return keys.length > 0 ? keys : undefined;
}
