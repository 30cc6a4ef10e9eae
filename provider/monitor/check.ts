// Validation of the Monitor resource's inputs before any API call, and their normalisation into the
// checked inputs that diff, create and update work from. Pure: the caller supplies the provider's
// default Region and tags.
import { serviceModel } from "../client/generated/serviceModel";
import {
  absent,
  checkSetItems,
  checkTags,
  checkTimeouts,
  checkUnknownProperties,
  isPlainObject,
  keyPath,
  MAX_TAGS,
  mergeDefaultTags,
  resolveRegion,
  show,
  type Fail,
} from "../common/checkSupport";
import { redactSecrets, refuseSecrets, secretInputs } from "../common/secrets";
import { declaresSecretTags, resolveSecretTags } from "../common/secretTags";
import { autoMonitorName } from "./naming";
import { isRegionName, partitionForRegion } from "./regions";
import { checkMonitorResources } from "./resourceRules";
import { CheckFailure, isUnknown, LocalResourceType, MonitorNaming, MonitorResource, RemoteResourceType, UNKNOWN } from "./types";

// Shared with the Scope resource; still exported from here for the modules and tests that import them here.
export { checkTags, checkTimeouts, keyPath, MAX_TAGS };

export interface CheckContext {
  /** From `aws:region` in the stack config or AWS_REGION; used when the monitor sets no `region`. */
  defaultRegion?: string;
  /** The provider's default tags; the monitor's own `tags` win. */
  defaultTags?: Record<string, string>;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

const shapes = serviceModel.shapes;
// The model leaves the upper bounds of the resource lists open; 25 each is the service quota.
export const MAX_LOCAL_RESOURCES = 25;
export const MAX_REMOTE_RESOURCES = 25;
const MIN_LOCAL_RESOURCES = shapes.CreateMonitorInputLocalResourcesList.min ?? 1;
const NAME = { min: shapes.ResourceName.min ?? 1, max: shapes.ResourceName.max ?? 255 };
// The model's patterns are unanchored; the service matches the whole value.
const NAME_PATTERN = new RegExp(`^(?:${shapes.ResourceName.pattern ?? "[a-zA-Z0-9_.-]+"})$`);
const ARN = { min: shapes.Arn.min ?? 20, max: shapes.Arn.max ?? 2048 };
const SCOPE_ARN = /^arn:(aws[a-z-]*):networkflowmonitor:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}):(\d{12}):scope\/([A-Za-z0-9_.-]+)$/;

/** Properties a user sets; the message for an unknown property lists them. */
export const MONITOR_PROPERTIES = ["monitorName", "localResources", "remoteResources", "scopeArn", "tags", "region", "timeouts", "adoptExisting"] as const;
// Not the user's, but accepted: tagsAll (check's own output, recomputed), the SDK's naming input, the host's provider.
const INTERNAL_PROPERTIES = ["tagsAll", "__naming", "__provider", "__secretInputs", "__secretTags"];

const NAME_RULE = `${NAME.min} to ${NAME.max} characters, each a letter, digit, "_", "." or "-"`;

export function isNaming(v: unknown): v is MonitorNaming {
  return (
    isPlainObject(v) &&
    typeof v.resourceName === "string" &&
    typeof v.project === "string" &&
    typeof v.stack === "string"
  );
}

export function resourceKey(r: MonitorResource): string {
  return `${r.type}\u0000${r.identifier}`;
}

function isKnownResource(r: unknown): r is MonitorResource {
  return (
    isPlainObject(r) &&
    typeof r.type === "string" &&
    typeof r.identifier === "string" &&
    !isUnknown(r.type) &&
    !isUnknown(r.identifier)
  );
}

export function checkMonitor(olds: Record<string, unknown>, news: Record<string, unknown>, ctx: CheckContext): CheckResult {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const input: Record<string, unknown> = isPlainObject(news) ? news : {};
  const old: Record<string, unknown> = isPlainObject(olds) ? olds : {};

  checkUnknownProperties(input, "monitor", MONITOR_PROPERTIES, INTERNAL_PROPERTIES, fail);

  // Region first: other rules are relative to it.
  const region = resolveRegion(input.region, ctx.defaultRegion, "monitor", fail);
  const knownRegion = isRegionName(region) ? region : undefined;

  const localResources = checkResourceList("localResources", input.localResources, MIN_LOCAL_RESOURCES, MAX_LOCAL_RESOURCES, Object.values(LocalResourceType), fail);
  const remoteResources = checkResourceList("remoteResources", input.remoteResources, 0, MAX_REMOTE_RESOURCES, Object.values(RemoteResourceType), fail);
  for (const v of checkMonitorResources({
    localResources: Array.isArray(input.localResources) ? input.localResources : [],
    remoteResources: Array.isArray(input.remoteResources) ? input.remoteResources : [],
    region: knownRegion ?? "",
  })) {
    fail(v.path, v.message);
  }

  const scopeArn = input.scopeArn;
  checkScopeArn(scopeArn, knownRegion, fail);

  const tags = checkTags(input.tags, fail);
  // Declared through the SDK (naming known), the monitor also gets the ownership tag.
  const tagsAll = mergeDefaultTags(tags, ctx.defaultTags, "monitor", fail, isNaming(input.__naming), declaresSecretTags(input.__secretTags));

  const timeouts = input.timeouts;
  checkTimeouts(timeouts, fail);

  const adoptExisting = input.adoptExisting;
  if (!absent(adoptExisting) && !isUnknown(adoptExisting) && typeof adoptExisting !== "boolean") {
    fail("adoptExisting", `must be true or false; got ${show(adoptExisting)}`);
  }

  const naming = input.__naming;
  if (!absent(naming) && !isUnknown(naming) && !isNaming(naming)) {
    fail("__naming", "must be {resourceName, project, stack}, all strings (the SDK sets it)");
  }

  let monitorName: unknown = input.monitorName;
  let namingOut: unknown = naming;
  if (absent(monitorName)) {
    const kept = isUnknown(scopeArn) || isUnknown(region) ? undefined : keptAutoName(old, { scopeArn, region });
    if (!isUnknown(naming) && !isNaming(naming)) {
      fail("monitorName", `is required unless the monitor is declared through the SDK's Monitor resource, which names it: ${NAME_RULE}`);
      monitorName = undefined;
    } else if (kept) {
      // Pulumi's same step stores the new checked inputs, so after a stack, project or aliased rename the
      // stored naming is the new one; keeping the naming the name came from keeps the name on every later up.
      monitorName = kept.name;
      namingOut = kept.naming;
    } else if (isUnknown(naming) || isUnknown(scopeArn) || isUnknown(region) || Object.values(naming as object).some(isUnknown)) {
      // The name hashes them; Pulumi will know it in the update pass.
      monitorName = UNKNOWN;
    } else {
      monitorName = autoMonitorName(naming as MonitorNaming, { scopeArn: String(scopeArn ?? ""), region: String(region ?? "") });
    }
  } else if (!isUnknown(monitorName)) {
    if (typeof monitorName !== "string") {
      fail("monitorName", `must be a string of ${NAME_RULE}; got ${show(monitorName)}`);
    } else if (monitorName.length < NAME.min || monitorName.length > NAME.max || !NAME_PATTERN.test(monitorName)) {
      fail("monitorName", `must be ${NAME_RULE}; got ${show(monitorName)}`);
    }
  }

  const inputs: Record<string, unknown> = {
    monitorName,
    localResources,
    remoteResources,
    scopeArn,
    tags,
    tagsAll,
    region,
  };
  if (!absent(timeouts)) inputs.timeouts = timeouts;
  if (!absent(adoptExisting)) inputs.adoptExisting = adoptExisting;
  if (!absent(namingOut)) inputs.__naming = namingOut;
  const secretTags = resolveSecretTags(input.__secretTags, tagsAll);
  if (secretTags) inputs.__secretTags = secretTags;
  if (input.__provider !== undefined) inputs.__provider = input.__provider;
  const secret = secretInputs(input);
  refuseSecrets(secret, {
    monitorName: "it is the monitor's id and part of its ARN",
    region: "it is part of the monitor's ARN",
  }, fail);
  return { inputs, failures: redactSecrets(failures, input, secret) };
}

/**
 * The old auto name, and the naming it was derived from, while the fields that replace the monitor stay the
 * same: an auto-named monitor keeps its name whatever the resource, project or stack are now called.
 * Undefined when the old monitor had an explicit name (or none): then the name is derived afresh.
 */
function keptAutoName(old: Record<string, unknown>, key: { scopeArn: unknown; region: unknown }): { name: string; naming: MonitorNaming } | undefined {
  const oldName = old.monitorName;
  if (
    typeof oldName === "string" &&
    isNaming(old.__naming) &&
    typeof key.scopeArn === "string" &&
    typeof key.region === "string" &&
    old.scopeArn === key.scopeArn &&
    old.region === key.region &&
    oldName === autoMonitorName(old.__naming, { scopeArn: key.scopeArn, region: key.region })
  ) {
    return { name: oldName, naming: old.__naming };
  }
  return undefined;
}

function checkResourceList(
  name: string,
  value: unknown,
  min: number,
  max: number,
  types: string[],
  fail: Fail,
): unknown {
  const like = `{type: "${types[0]}", identifier: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0"}`;
  const size = min > 0 ? `${min} to ${max}` : `up to ${max}`;
  if (absent(value)) {
    if (min > 0) fail(name, `is required: a list of ${size} resources like ${like}, usually your VPCs' or subnets' ARNs (vpc.arn, subnet.arn)`);
    return [];
  }
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    fail(name, `must be a list of ${size} resources like ${like}; got ${show(value)}`);
    return value;
  }
  const kept = checkSetItems(
    value,
    name,
    {
      noun: "resource",
      fields: ["type", "identifier"],
      like,
      checkItem: (item, path) => {
        if (absent(item.type)) fail(`${path}.type`, `is required: one of ${types.join(", ")}`);
        else if (typeof item.type !== "string") fail(`${path}.type`, `must be a string, one of ${types.join(", ")}; got ${show(item.type)}`);
        if (absent(item.identifier)) fail(`${path}.identifier`, "is required: the resource's ARN or name, by its type");
        else if (typeof item.identifier !== "string") fail(`${path}.identifier`, `must be a string (the resource's ARN or name); got ${show(item.identifier)}`);
      },
      isKnown: isKnownResource,
      key: resourceKey,
      keep: (item) => item,
    },
    fail,
  );
  if (kept.length < min) fail(name, `must have ${size} resources; got none`);
  // Unknown items might turn out to duplicate others, so only known, distinct items count against the quota.
  const known = kept.filter(isKnownResource).length;
  if (known > max) fail(name, `must have ${size} resources (the service's quota per monitor); got ${known} distinct ones`);
  return kept;
}

function checkScopeArn(value: unknown, region: string | undefined, fail: Fail): void {
  if (isUnknown(value)) return;
  const r = region ?? "us-east-1";
  const like = `like arn:${partitionForRegion(r)}:networkflowmonitor:${r}:123456789012:scope/3e2a5b8c-1d4f-4a6b-9c7d-0e1f2a3b4c5d`;
  const where = region ? ` in the monitor's Region (${region})` : "";
  if (absent(value)) {
    fail(
      "scopeArn",
      `is required: the ARN of a Network Flow Monitor scope${where}, ${like}. It usually comes from getScope() ` +
        `(the account's scope in the Region), a Scope resource's scopeArn, or the stack config with ` +
        `config.require("scopeArn") (config.get(...)! lets an unset value through as undefined)`,
    );
    return;
  }
  if (typeof value !== "string") {
    fail("scopeArn", `must be a string, the ARN of a Network Flow Monitor scope${where}, ${like}; got ${show(value)}`);
    return;
  }
  const m = SCOPE_ARN.exec(value);
  if (value.length < ARN.min || value.length > ARN.max || !m || m[1] !== partitionForRegion(m[2])) {
    fail("scopeArn", `must be the ARN of a Network Flow Monitor scope${where} (${ARN.min} to ${ARN.max} characters), ${like}; got ${show(value)}`);
  } else if (region !== undefined && m[2] !== region) {
    fail("scopeArn", `must be a scope in the monitor's Region (${region}), ${like}; got one in ${m[2]}`);
  }
}
