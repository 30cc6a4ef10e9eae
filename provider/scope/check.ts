// Validation of the Scope resource's inputs before any API call, and their normalisation into the checked
// inputs that diff, create and update work from. Pure: the caller supplies the default Region and tags and,
// when `targets` is absent, the caller's account (the default target is this account in this Region).
import { serviceModel } from "../client/generated/serviceModel";
import { absent, checkSetItems, checkTags, checkTimeouts, checkUnknownProperties, isPlainObject, mergeDefaultTags, resolveRegion, show, type Fail } from "../common/checkSupport";
import { isRegionName, REGION_EXAMPLES } from "../monitor/regions";
import { isNaming } from "../monitor/check";
import { CheckFailure, isUnknown, UNKNOWN } from "../monitor/types";
import { redactSecrets, refuseSecrets, secretInputs } from "../common/secrets";
import { declaresSecretTags, resolveSecretTags } from "../common/secretTags";
import { ScopeTarget, targetKey } from "./types";

export interface ScopeCheckContext {
  /** From `aws:region` in the stack config or AWS_REGION; used when the scope sets no `region`. */
  defaultRegion?: string;
  /** The provider's default tags; the scope's own `tags` win. */
  defaultTags?: Record<string, string>;
  /** The caller's account (STS GetCallerIdentity), for the default target; a string explains why it is missing. */
  callerAccount?: { accountId: string } | { problem: string };
}

export interface ScopeCheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

const shapes = serviceModel.shapes;
export const MIN_TARGETS = shapes.CreateScopeInputTargetsList.min ?? 1;
export const MAX_TARGETS = shapes.CreateScopeInputTargetsList.max ?? 100;
const ACCOUNT_PATTERN = /^\d{12}$/;

/** Properties a user sets; the message for an unknown property lists them. */
export const SCOPE_PROPERTIES = ["targets", "tags", "region", "timeouts"] as const;
// Not the user's, but accepted: tagsAll (check's own output, recomputed), the host's provider.
const INTERNAL_PROPERTIES = ["tagsAll", "__provider", "__secretInputs", "__naming", "__secretTags"];
const TARGET_LIKE = `{accountId: "123456789012", region: "us-east-1"}`;

function isKnownTarget(t: unknown): t is ScopeTarget {
  return isPlainObject(t) && typeof t.accountId === "string" && typeof t.region === "string" && !isUnknown(t.accountId) && !isUnknown(t.region);
}

export function checkScope(_olds: Record<string, unknown>, news: Record<string, unknown>, ctx: ScopeCheckContext): ScopeCheckResult {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const input: Record<string, unknown> = isPlainObject(news) ? news : {};

  checkUnknownProperties(input, "scope", SCOPE_PROPERTIES, INTERNAL_PROPERTIES, fail);

  const region = resolveRegion(input.region, ctx.defaultRegion, "scope", fail);

  const targets = checkTargets(input.targets, region, ctx, fail);

  const tags = checkTags(input.tags, fail);
  // Declared through the SDK (naming known), the scope also gets the ownership tag.
  const naming = input.__naming;
  if (!absent(naming) && !isUnknown(naming) && !isNaming(naming)) {
    fail("__naming", "must be {resourceName, project, stack}, all strings (the SDK sets it)");
  }
  const tagsAll = mergeDefaultTags(tags, ctx.defaultTags, "scope", fail, isNaming(naming), declaresSecretTags(input.__secretTags));

  checkTimeouts(input.timeouts, fail);

  const inputs: Record<string, unknown> = { targets, tags, tagsAll, region };
  if (!absent(input.timeouts)) inputs.timeouts = input.timeouts;
  if (!absent(naming)) inputs.__naming = naming;
  const secretTags = resolveSecretTags(input.__secretTags, tagsAll);
  if (secretTags) inputs.__secretTags = secretTags;
  if (input.__provider !== undefined) inputs.__provider = input.__provider;
  const secret = secretInputs(input);
  refuseSecrets(secret, { region: "it is part of the scope's ARN" }, fail);
  return { inputs, failures: redactSecrets(failures, input, secret) };
}

function checkTargets(value: unknown, region: unknown, ctx: ScopeCheckContext, fail: Fail): unknown {
  const size = `${MIN_TARGETS} to ${MAX_TARGETS}`;
  if (absent(value)) {
    // The default: this account in the scope's Region.
    if (isUnknown(region)) return [{ accountId: accountOrUnknown(ctx), region: UNKNOWN }];
    if (typeof region !== "string") return [];
    const caller = ctx.callerAccount;
    if (caller && "accountId" in caller) return [{ accountId: caller.accountId, region }];
    fail(
      "targets",
      `could not default to this account in ${region}: ${caller?.problem ?? "the caller's account is unknown"}. ` +
        `Set targets explicitly, a list of ${size} targets like ${TARGET_LIKE}`,
    );
    return [];
  }
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) {
    fail("targets", `must be a list of ${size} targets like ${TARGET_LIKE}; got ${show(value)}`);
    return value;
  }
  const kept = checkSetItems(
    value,
    "targets",
    {
      noun: "target",
      fields: ["accountId", "region"],
      like: TARGET_LIKE,
      checkItem: ({ accountId, region: targetRegion }, path) => {
        if (absent(accountId)) fail(`${path}.accountId`, "is required: a 12-digit AWS account id like 123456789012");
        else if (!isUnknown(accountId) && (typeof accountId !== "string" || !ACCOUNT_PATTERN.test(accountId))) {
          fail(`${path}.accountId`, `must be a 12-digit AWS account id like 123456789012; got ${show(accountId)}`);
        }
        if (absent(targetRegion)) fail(`${path}.region`, `is required: ${REGION_EXAMPLES}`);
        else if (!isUnknown(targetRegion) && !isRegionName(targetRegion)) fail(`${path}.region`, `must be ${REGION_EXAMPLES}; got ${show(targetRegion)}`);
      },
      isKnown: isKnownTarget,
      key: targetKey,
      keep: (t) => ({ accountId: t.accountId, region: t.region }),
    },
    fail,
  );
  if (kept.length < MIN_TARGETS) fail("targets", `must have ${size} targets like ${TARGET_LIKE}; got none`);
  const known = kept.filter(isKnownTarget).length;
  if (known > MAX_TARGETS) fail("targets", `must have ${size} targets (the service's limit per scope); got ${known} distinct ones`);
  return kept;
}

function accountOrUnknown(ctx: ScopeCheckContext): string {
  const caller = ctx.callerAccount;
  return caller && "accountId" in caller ? caller.accountId : UNKNOWN;
}
