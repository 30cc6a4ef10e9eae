// Validation shared by the Monitor and Scope resources' check: unknown properties, the Region (with the
// provider's default), tags (the model's limits, then the provider's default tags merged under them) and
// timeouts. Pure: the caller passes the defaults and collects failures through `fail`. Message texts name
// the resource kind ("monitor", "scope") so each reads as written for that resource.
import { serviceModel } from "../client/generated/serviceModel";
import { parseDuration } from "../duration";
import { isRegionName, REGION_EXAMPLES } from "../monitor/regions";
import { isUnknown, UNKNOWN } from "../monitor/types";
import { absent } from "./equality";
import { OWNER_TAG } from "./ownership";
import { SECRET_TAGS_TAG } from "./secretTags";

export { absent };

/** Records one failure against a property path ("tags.Name", "targets[0].region"). */
export type Fail = (property: string, reason: string) => void;

const shapes = serviceModel.shapes;
export const MAX_TAGS = shapes.TagMap.max ?? 200;
const TAG_KEY = { min: shapes.TagKey.min ?? 1, max: shapes.TagKey.max ?? 128 };
const TAG_VALUE = { min: shapes.TagValue.min ?? 0, max: shapes.TagValue.max ?? 256 };
const RESERVED_TAG_PREFIX = "aws:";
const TIMEOUT_KEYS = ["create", "update", "delete"];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A value as a message shows it: JSON, cut to 80 characters. */
export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `tags.Name`, or `tags["aws:x"]` when the key is not an identifier. */
export function keyPath(parent: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Fails every key of `input` that is neither a user property nor an internal one; the message lists only
 * the user's properties, since the internal ones are set by check itself, the SDK or the host.
 */
export function checkUnknownProperties(
  input: Record<string, unknown>,
  kind: string,
  properties: readonly string[],
  internal: readonly string[],
  fail: Fail,
): void {
  for (const key of Object.keys(input)) {
    if (!properties.includes(key) && !internal.includes(key)) {
      fail(key, `is not a property of a ${kind}; the properties are ${properties.join(", ")}`);
    }
  }
}

/**
 * The resource's Region: its own `region`, else the provider's default (aws:region or AWS_REGION).
 * Undefined (with a failure) when there is neither; an unknown stays unknown; an invalid name is
 * returned as given, with a failure saying where it came from.
 */
export function resolveRegion(value: unknown, defaultRegion: string | undefined, kind: string, fail: Fail): unknown {
  let region: unknown = value;
  if (absent(region)) {
    region = defaultRegion;
    if (absent(region) || region === "") {
      region = undefined;
      fail("region", `is required: set \`region\` on the ${kind}, \`aws:region\` in the stack config, or the AWS_REGION environment variable`);
    } else if (!isRegionName(region)) {
      fail("region", `must be ${REGION_EXAMPLES}; the default Region (from aws:region or AWS_REGION) is ${show(region)}`);
    }
  } else if (!isUnknown(region) && !isRegionName(region)) {
    fail("region", `must be ${REGION_EXAMPLES}; got ${show(region)}`);
  }
  return region;
}

/** Checks `tags` against the model's limits; returns them ({} when absent, or when not a map). */
export function checkTags(value: unknown, fail: Fail): unknown {
  if (absent(value)) return {};
  if (isUnknown(value)) return value;
  if (!isPlainObject(value)) {
    fail("tags", `must be a map of tag keys to string values, like {team: "network"}; got ${show(value)}`);
    return {};
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_TAGS) fail("tags", `must have at most ${MAX_TAGS} tags; got ${keys.length}`);
  for (const key of keys) {
    const path = keyPath("tags", key);
    if (key.length < TAG_KEY.min || key.length > TAG_KEY.max) {
      fail(path, `tag keys must be ${TAG_KEY.min} to ${TAG_KEY.max} characters; this one has ${key.length}`);
    } else if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      fail(path, `tag keys must not start with "${RESERVED_TAG_PREFIX}" (reserved for AWS, in any letter case)`);
    } else if (key === OWNER_TAG) {
      fail(path, `is reserved: the provider tags each resource it creates with ${OWNER_TAG} to recognise it after an interrupted run`);
    } else if (key === SECRET_TAGS_TAG) {
      fail(path, `is reserved: the provider tags a resource with ${SECRET_TAGS_TAG} to say which of its tags are secret`);
    }
    const v = value[key];
    if (isUnknown(v)) continue;
    if (typeof v !== "string") fail(path, `must be a string of ${TAG_VALUE.min} to ${TAG_VALUE.max} characters; got ${show(v)}`);
    else if (v.length < TAG_VALUE.min || v.length > TAG_VALUE.max) {
      fail(path, `must be ${TAG_VALUE.min} to ${TAG_VALUE.max} characters; got ${v.length}`);
    }
  }
  return value;
}

/**
 * `tagsAll`: the provider's default tags with the resource's own (checked) tags over them, or unknown while
 * the tags are. Fails only when the merge, not the resource's own tags, goes over the limit (checkTags
 * already reports the latter).
 */
export function mergeDefaultTags(tags: unknown, defaultTags: Record<string, string> | undefined, kind: string, fail: Fail, ownerTag = false, secretTagsMarker = false): unknown {
  if (isUnknown(tags)) return UNKNOWN;
  const merged = { ...(defaultTags ?? {}), ...(tags as Record<string, unknown>) };
  const ownCount = Object.keys(tags as object).length;
  // The ownership tag (see ownership.ts) and the secret tags' marker (secretTags.ts) count against the service's limit like any other.
  const count = Object.keys(merged).length + (ownerTag ? 1 : 0) + (secretTagsMarker ? 1 : 0);
  if (ownCount <= MAX_TAGS && count > MAX_TAGS) {
    const extra = [
      Object.keys(defaultTags ?? {}).length > 0 ? "the provider's default tags" : "",
      ownerTag ? `its ownership tag (${OWNER_TAG})` : "",
      secretTagsMarker ? `the marker of its secret tags (${SECRET_TAGS_TAG})` : "",
    ]
      .filter((x) => x !== "")
      .join(" and ");
    fail("tags", `with ${extra} the ${kind} would have ${count} tags; a ${kind} can have at most ${MAX_TAGS}`);
  }
  return merged;
}

/**
 * Checks a list that stands for a set (a monitor's resources, a scope's targets) item by item and drops
 * exact repeats of known items: they mean nothing to the service, and dropping them keeps diffs and
 * updates clean. Unknown items, and items that are not objects (reported), are kept as they are. Each
 * object may have only `fields`; `checkItem` checks their values. Known items are kept as `keep` makes them.
 */
export function checkSetItems<T>(
  list: unknown[],
  name: string,
  item: {
    noun: string;
    fields: readonly string[];
    like: string;
    checkItem: (item: Record<string, unknown>, path: string) => void;
    isKnown: (item: unknown) => item is T;
    key: (item: T) => string;
    keep: (item: T) => unknown;
  },
  fail: Fail,
): unknown[] {
  const fields = item.fields.join(" and ");
  const seen = new Set<string>();
  const kept: unknown[] = [];
  list.forEach((value, i) => {
    const path = `${name}[${i}]`;
    if (isUnknown(value)) {
      kept.push(value);
      return;
    }
    if (!isPlainObject(value)) {
      fail(path, `must be an object with ${fields}, like ${item.like}; got ${show(value)}`);
      kept.push(value);
      return;
    }
    for (const k of Object.keys(value)) {
      if (!item.fields.includes(k)) fail(`${path}.${k}`, `is not allowed: a ${item.noun} has only ${fields}`);
    }
    item.checkItem(value, path);
    if (item.isKnown(value)) {
      const key = item.key(value);
      if (seen.has(key)) return;
      seen.add(key);
      kept.push(item.keep(value));
      return;
    }
    kept.push(value);
  });
  return kept;
}

/** `timeouts`: an object with any of create, update, delete, each a duration parseDuration accepts. */
export function checkTimeouts(value: unknown, fail: Fail): void {
  if (absent(value) || isUnknown(value)) return;
  if (!isPlainObject(value)) {
    fail("timeouts", `must be an object with any of ${TIMEOUT_KEYS.join(", ")}, like {create: "30m"}; got ${show(value)}`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    const path = `timeouts.${k}`;
    if (!TIMEOUT_KEYS.includes(k)) {
      fail(keyPath("timeouts", k), `is not allowed: timeouts has only ${TIMEOUT_KEYS.join(", ")}`);
      continue;
    }
    if (absent(v) || isUnknown(v)) continue;
    if (typeof v !== "string") {
      fail(path, `must be a duration string like "30m" or "1h30m"; got ${show(v)}`);
      continue;
    }
    try {
      parseDuration(v);
    } catch (e) {
      fail(path, (e as Error).message);
    }
  }
}
