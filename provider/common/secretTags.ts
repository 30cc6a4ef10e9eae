// Which tags are secret, written on the resource itself, so that a refresh can keep them secret. Pure.
//
// Pulumi re-marks a refreshed value secret only where the state it refreshes had a secret at that path
// (`annotateSecrets`, sdk/go/common/resource/plugin/provider_plugin.go, for the dynamic host; the plugin marks its
// own results). So a secret tag that reached AWS without reaching the state (an `up` cut after TagResource, found
// by the fuzzer as seed 4885) came back in plain text. The provider therefore writes, with the tags, a marker tag
// listing which keys hold a secret: short hashes of the keys (a key may be 128 characters of anything; a value only
// 256), or "*" (every tag) when they do not fit. On read:
// - the plugin marks those tags secret itself;
// - the dynamic front end cannot mark anything, so a marked tag the old state did not already hold as a secret is
//   stored as NOT_READ instead of its value; the next `up` writes the program's value (a secret again).
import { createHash } from "node:crypto";
import { OWNER_TAG } from "./ownership";
import { planTags } from "./sets";

export const SECRET_TAGS_TAG = "pulumi-networkflowmonitor:secret-tags";
/** What a refresh by the dynamic front end stores for a secret tag it could not keep secret. */
export const NOT_READ = "(secret: not read back; the next up writes it)";
const EVERY_TAG = "*";
const MAX_VALUE = 256;

/** The reserved tags the provider writes; never the user's, never in `tags` or `tagsAll`. */
export const PROVIDER_TAGS: readonly string[] = [OWNER_TAG, SECRET_TAGS_TAG];

function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** The marker's value for these secret keys (order and repeats do not matter); undefined for none. */
export function secretTagsMarker(keys: readonly string[] | undefined): string | undefined {
  if (!keys || keys.length === 0) return undefined;
  if (keys.includes(EVERY_TAG)) return EVERY_TAG;
  const value = [...new Set(keys.map(keyHash))].sort().join(" ");
  return value.length <= MAX_VALUE ? value : EVERY_TAG;
}

/** The user's keys among `tags` (as AWS returns them, marker included) that the marker says are secret, sorted. */
export function markedSecretKeys(tags: Record<string, string> | undefined): string[] {
  const marker = tags?.[SECRET_TAGS_TAG];
  if (marker === undefined) return [];
  const hashes = new Set(marker.split(" "));
  return Object.keys(tags ?? {})
    .filter((k) => !PROVIDER_TAGS.includes(k) && (marker === EVERY_TAG || hashes.has(keyHash(k))))
    .sort();
}

/** The tags as the user sees them: without the provider's own. */
export function withoutProviderTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => !PROVIDER_TAGS.includes(k)));
}

/** `tags` plus the marker, when any key is secret. */
export function withSecretTagsMarker(tags: Record<string, string>, secretKeys: readonly string[] | undefined): Record<string, string> {
  const marker = secretTagsMarker(secretKeys);
  return marker === undefined ? tags : { ...tags, [SECRET_TAGS_TAG]: marker };
}

/**
 * The secret keys check stores (`__secretTags`): the front end's list ("*" for every tag) resolved against the
 * tags the resource will carry, sorted; undefined when none, or when the list is not a list of strings.
 */
export function resolveSecretTags(declared: unknown, tagsAll: unknown): string[] | undefined {
  if (!Array.isArray(declared) || !declared.every((k) => typeof k === "string")) return undefined;
  if (tagsAll === null || typeof tagsAll !== "object" || Array.isArray(tagsAll)) return declared.length > 0 ? [...declared].sort() : undefined;
  const keys = Object.keys(tagsAll);
  const secret = declared.includes(EVERY_TAG) ? keys : keys.filter((k) => declared.includes(k));
  return secret.length > 0 ? secret.sort() : undefined;
}

/** Whether the front end says any tag is secret: then the resource carries the marker too. */
export function declaresSecretTags(declared: unknown): boolean {
  return Array.isArray(declared) && declared.length > 0;
}

/** Whether an update must rewrite the marker: compared as the marker AWS holds, so "*" equals every key. */
export function secretTagsChanged(oldKeys: unknown, newKeys: unknown): boolean {
  const keys = (v: unknown) => (Array.isArray(v) ? v.filter((k): k is string => typeof k === "string") : undefined);
  return secretTagsMarker(keys(oldKeys)) !== secretTagsMarker(keys(newKeys));
}

/** The marker's part of an update: set it when the secret keys changed, remove it when none are left. */
export function planSecretTagsMarker(
  oldKeys: readonly string[] | undefined,
  newKeys: readonly string[] | undefined,
): { tagsToSet: Record<string, string>; tagKeysToRemove: string[] } {
  if (!secretTagsChanged(oldKeys, newKeys)) return { tagsToSet: {}, tagKeysToRemove: [] };
  const after = secretTagsMarker(newKeys);
  return after === undefined ? { tagsToSet: {}, tagKeysToRemove: [SECRET_TAGS_TAG] } : { tagsToSet: { [SECRET_TAGS_TAG]: after }, tagKeysToRemove: [] };
}

/** An update's tag calls: the user's tag changes (tagsAll), and the marker's when the secret keys changed. */
export function planTagUpdates(
  olds: { tagsAll: Record<string, string>; __secretTags?: string[] },
  news: { tagsAll: Record<string, string>; __secretTags?: string[] },
): { tagsToSet: Record<string, string>; tagKeysToRemove: string[] } {
  const tags = planTags(olds.tagsAll, news.tagsAll);
  const marker = planSecretTagsMarker(olds.__secretTags, news.__secretTags);
  return { tagsToSet: { ...tags.tagsToSet, ...marker.tagsToSet }, tagKeysToRemove: [...tags.tagKeysToRemove, ...marker.tagKeysToRemove] };
}

/** What a read makes of the tags AWS returned. */
export interface ReadTags {
  /** The user's tags (tagsAll), a secret one replaced by NOT_READ where the front end could not keep it secret. */
  tagsAll: Record<string, string>;
  /** The keys the marker lists (`__secretTags`): what the next update compares the program's secret keys with. */
  secretTags: string[] | undefined;
}

/**
 * `marksSecrets`: the plugin, which returns these keys as secrets. Otherwise (the dynamic host) a marked tag keeps
 * its value only where the old state held it as a secret (Pulumi re-marks it there): it is in the old
 * `__secretTags` and its old value was read (not NOT_READ).
 */
export function readTags(awsTags: Record<string, string> | undefined, old: { tagsAll?: unknown; __secretTags?: unknown }, marksSecrets: boolean): ReadTags {
  const tagsAll = withoutProviderTags(awsTags);
  const marked = markedSecretKeys(awsTags);
  if (!marksSecrets) {
    const oldSecret = Array.isArray(old.__secretTags) ? (old.__secretTags as unknown[]) : [];
    const oldTags = (old.tagsAll ?? {}) as Record<string, unknown>;
    for (const k of marked) {
      if (!oldSecret.includes(k) || oldTags[k] === NOT_READ || oldTags[k] === undefined) tagsAll[k] = NOT_READ;
    }
  }
  return { tagsAll, secretTags: marked.length > 0 ? marked : undefined };
}
