// The Scope resource's provider: the dynamic provider's methods and the waiters. The serialized provider in
// sdk/scope.ts forwards every call here with a one-line `require("pulumi-networkflowmonitor/dist/provider/scope/provider.js")`,
// so this module is loaded by Pulumi's host from the user's node_modules and nothing in it is serialized.
// All decisions (validation, diff, update plans, waiting) live in the pure modules beside it.
import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { GetScopeCommandOutput, NetworkFlowMonitorClient } from "../client";
import { definedOnly, hasState, lastStatus, log, partialFailure, STALE_READS_BELIEVED_AFTER, tagsWithoutDefaults, timeoutOf, Waiting } from "../common/providerSupport";
import { isOwnedBy, tagsWithOwner } from "../common/ownership";
import { markedSecretKeys, readTags, withoutProviderTags, withSecretTagsMarker } from "../common/secretTags";
import { keepOrder } from "../common/sets";
import { awsProviderChanged, keptAwsProvider, withoutAwsProvider } from "../common/awsProviderInput";
import { movedFromOtherFrontEnd, withoutOtherFrontEnd } from "../common/frontEndMove";
import { describeCredentials } from "../credentials";
import { isUnknown } from "../monitor/types";
import { clientFor, configureProvider, defaultRegion, providerSettings, regionSettingName, regionSettingWhere } from "../runtime";
import type { ProviderSettings } from "../settings";
import type { WaitClock } from "../wait";
import { getCallerIdentity } from "./callerAccount";
import { checkScope, type ScopeCheckContext } from "./check";
import { diffScope } from "./diff";
import { findScope, listScopes } from "./lookup";
import { planScopeUpdate } from "./plan";
import { fromTargetResource, targetKey, toTargetResource, type ScopeInputs, type ScopeOutputs, type ScopeTarget } from "./types";

const client = () => require("../client") as typeof import("../client");

/** Tests swap the clock (to make waiting instant) and the progress log; the host uses the real ones. */
const waiting = new Waiting();
export function setClockForTesting(c: WaitClock, logger: (message: string) => void = log): void {
  waiting.setForTesting(c, logger);
}

/** The caller's account per region, looked up once per process (the default target needs it). */
const callerAccounts = new Map<string, Promise<string>>();

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureProvider((key) => req.config.get(key));
  callerAccounts.clear();
}

async function callerAccount(region: string, settings: ProviderSettings): Promise<ScopeCheckContext["callerAccount"]> {
  const { problems: _p, ...identity } = settings;
  const key = `${region}|${JSON.stringify(identity)}`;
  let pending = callerAccounts.get(key);
  if (!pending) {
    pending = getCallerIdentity(region, settings).then((id) => id.account);
    callerAccounts.set(key, pending);
    pending.catch(() => callerAccounts.delete(key));
  }
  try {
    return { accountId: await pending };
  } catch (err) {
    return { problem: `STS GetCallerIdentity failed (${(err as Error).message}); check the AWS credentials (${describeCredentials(settings)}), or the sts entry of aws:endpoints / AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL when using an emulator` };
  }
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  // An explicit aws.Provider's settings ride along as `__awsProvider`: they give the defaults and are kept.
  const { rest, awsProvider, settings, defaultRegion: region } = await withoutAwsProvider(news);
  const ctx: ScopeCheckContext = { defaultRegion: region, defaultTags: settings.defaultTags };
  const targetRegion = typeof rest.region === "string" && !isUnknown(rest.region) ? rest.region : region;
  // The default target is this account: only then is STS asked.
  if ((rest.targets === undefined || rest.targets === null) && targetRegion) ctx.callerAccount = await callerAccount(targetRegion, settings);
  const { inputs, failures } = checkScope(olds ?? {}, rest, ctx);
  return { inputs: definedOnly({ ...inputs, ...awsProvider }), failures: [...settings.problems, ...failures] };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
  const d = diffScope(olds, news);
  // A Region change creates the new scope first (it is in another Region); a status replacement deletes first.
  return { changes: d.changes || awsProviderChanged(olds, news) || movedFromOtherFrontEnd(olds, news), replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

export async function create(inputs: ScopeInputs & { __provider?: string }): Promise<pulumi.dynamic.CreateResult> {
  const nfm = client();
  const api = clientFor(inputs.region, inputs);
  let created;
  try {
    created = await api.send(new nfm.CreateScopeCommand({
      targets: inputs.targets.map(toTargetResource),
      // The ownership tag lets a create retried after an interrupted run recognise this scope; the marker says
      // which tags are secret (see secretTags.ts).
      tags: withSecretTagsMarker(tagsWithOwner(inputs.tagsAll, inputs.__naming), inputs.__secretTags),
      clientToken: randomUUID(),
    }));
  } catch (err) {
    if (!(err instanceof nfm.ServiceQuotaExceededException)) throw err;
    // One scope per account and Region: the one there may be this resource's own, from an interrupted run.
    const own = await ownScope(api, inputs);
    if (own) {
      log(`scope ${own.scopeId}: finishing the scope an interrupted run of this resource created`);
      return finishOwnScope(own, inputs);
    }
    throw new Error(await quotaMessage(api, inputs.region, err.message));
  }

  // From here on the scope exists: every failure must carry its id so Pulumi records it.
  let outs = toOutputs(inputs, created);
  try {
    if (created.status !== "SUCCEEDED") {
      const got = await waitForScope(api, created.scopeId, "SUCCEEDED", timeoutOf(inputs.timeouts, "create"), true);
      if (got) outs = toOutputs(inputs, got);
    }
  } catch (err) {
    throw partialFailure(created.scopeId, { ...outs, status: lastStatus(err) ?? outs.status, __provider: inputs.__provider }, err);
  }
  return { id: created.scopeId, outs: definedOnly(outs) };
}

/** The account's scope in the Region that carries this resource's ownership tag, if any. */
async function ownScope(api: NetworkFlowMonitorClient, inputs: ScopeInputs): Promise<GetScopeCommandOutput | undefined> {
  if (!inputs.__naming) return undefined;
  for (const summary of await listScopes(api)) {
    const scope = await findScope(api, summary.scopeId);
    if (scope && isOwnedBy(scope.tags, inputs.__naming)) return scope;
  }
  return undefined;
}

/** Brings this resource's own scope, found after an interrupted run, to the inputs; it stays in state whatever happens. */
async function finishOwnScope(scope: GetScopeCommandOutput, inputs: ScopeInputs & { __provider?: string }): Promise<pulumi.dynamic.CreateResult> {
  const current = toOutputs({
    ...inputs,
    targets: (scope.targets ?? []).map(fromTargetResource),
    tagsAll: withoutProviderTags(scope.tags),
    __secretTags: markedSecretKeys(scope.tags),
  }, scope);
  try {
    const updated = await update(scope.scopeId, current, inputs);
    return { id: scope.scopeId, outs: updated.outs };
  } catch (err) {
    if ((err as { id?: string }).id) throw err;
    throw partialFailure(scope.scopeId, { ...current, __provider: inputs.__provider }, err);
  }
}

/** Reads the scope; `marksSecrets` as for Monitor's read (the plugin marks secret tags itself). */
export async function read(id: string, props: Record<string, unknown>, opts: { marksSecrets?: boolean } = {}): Promise<pulumi.dynamic.ReadResult> {
  const region = (props?.region as string | undefined) ?? (await defaultRegion(props));
  if (!region) throw new Error(`cannot read scope "${id}": no region in state, ${regionSettingName()} config or AWS_REGION`);
  const got = await findScope(clientFor(region, props), id);
  if (!got) {
    // Gone from under a scope in state: Pulumi drops it. Without state (a get): fail, as Monitor's read does.
    if (!hasState(props, "scopeArn")) {
      throw new Error(`scope "${id}" does not exist in ${region}: check its id and the Region (${regionSettingWhere()}, or AWS_REGION)`);
    }
    return { id: "" };
  }
  const old = (props ?? {}) as Partial<ScopeOutputs>;
  const tags = readTags(got.tags, old, opts.marksSecrets === true);
  const outs = toOutputs({
    targets: keepOrder(old.targets, (got.targets ?? []).map(fromTargetResource), targetKey).map(plainTarget),
    tags: tagsWithoutDefaults(tags.tagsAll, providerSettings(props).defaultTags),
    tagsAll: tags.tagsAll,
    ...(tags.secretTags ? { __secretTags: tags.secretTags } : {}),
    region,
    ...(old.timeouts ? { timeouts: old.timeouts } : {}),
    ...(old.__naming ? { __naming: old.__naming } : {}),
    ...keptAwsProvider(props),
  }, got);
  const { scopeArn: _a, scopeId: _i, status: _s, tagsAll: _t, ...inputs } = outs;
  return { id, props: definedOnly(outs), inputs: definedOnly(inputs) };
}

export async function update(id: string, stored: ScopeOutputs, news: ScopeInputs & { __provider?: string }): Promise<pulumi.dynamic.UpdateResult> {
  const olds = withoutOtherFrontEnd(stored, news);
  const nfm = client();
  const api = clientFor(news.region, news);
  const plan = planScopeUpdate(olds, news);
  // The new inputs and what AWS computed: an input the program dropped (timeouts, secret tags) leaves the state too.
  let outs: ScopeOutputs = { ...news, scopeArn: olds.scopeArn, scopeId: olds.scopeId, status: olds.status };
  // A scope not SUCCEEDED in state (diff planned this update for it) is waited for even with nothing to change.
  const waits = plan.updateScope !== undefined || olds.status !== "SUCCEEDED";
  if (plan.updateScope) {
    await api.send(new nfm.UpdateScopeCommand({
      scopeId: id,
      ...(plan.updateScope.resourcesToAdd.length ? { resourcesToAdd: plan.updateScope.resourcesToAdd.map(toTargetResource) } : {}),
      ...(plan.updateScope.resourcesToDelete.length ? { resourcesToDelete: plan.updateScope.resourcesToDelete.map(toTargetResource) } : {}),
    }));
  }
  try {
    if (Object.keys(plan.tagsToSet).length > 0) {
      await api.send(new nfm.TagResourceCommand({ resourceArn: olds.scopeArn, tags: plan.tagsToSet }));
    }
    if (plan.tagKeysToRemove.length > 0) {
      await api.send(new nfm.UntagResourceCommand({ resourceArn: olds.scopeArn, tagKeys: plan.tagKeysToRemove }));
    }
    if (waits) {
      const got = await waitForScope(api, id, "SUCCEEDED", timeoutOf(news.timeouts, "update"));
      if (got) outs = toOutputs(news, got);
    }
  } catch (err) {
    // UpdateScope took effect, or the wait saw a status: record what the scope now is, not what it was.
    if (waits) throw partialFailure(id, { ...outs, status: lastStatus(err) ?? "IN_PROGRESS", __provider: news.__provider }, err);
    throw err;
  }
  return { outs: definedOnly(outs) };
}

export async function deleteScope(id: string, props: ScopeOutputs): Promise<void> {
  const nfm = client();
  let vanished = 0;
  const api = clientFor(props.region, props);
  await waiting.deleteThenWait({
    remove: () => api.send(new nfm.DeleteScopeCommand({ scopeId: id })),
    onConflict: async (err, left) => {
      const now = await findScope(api, id);
      // Not found right after a conflict is a stale read (eventual consistency): ask DeleteScope again, which says
      // ResourceNotFound once it is really gone; after a few such answers, believe the reads.
      if (!now) return ++vanished > STALE_READS_BELIEVED_AFTER ? "gone" : "retry";
      if (now.status === "DEACTIVATING") return "deleting";
      if (now.status !== "IN_PROGRESS") throw new Error(await inUseMessage(api, id, props.region, err.message));
      // A change is in progress: wait it out, then try again.
      await waitForScope(api, id, "settled", left);
      return "retry";
    },
    waitDeleted: (left) => waitForScope(api, id, "deleted", left),
    timeoutMs: timeoutOf(props.timeouts, "delete"),
  });
}

/**
 * A scope that monitors use cannot be deleted. GetMonitor does not say which scope a monitor uses, but an
 * account has one scope per Region, so every monitor in the Region uses this one: those are the ones to delete.
 */
async function inUseMessage(api: NetworkFlowMonitorClient, scopeId: string, region: string, serviceMessage: string): Promise<string> {
  const nfm = client();
  const names: string[] = [];
  try {
    for await (const page of nfm.paginateListMonitors({ client: api }, {})) names.push(...(page.monitors ?? []).map((m) => m.monitorName));
  } catch {
    // The listing is a hint only; the service's own message still says why.
  }
  const which = names.length > 0 ? `monitor(s) ${names.join(", ")}` : "its monitors";
  return (
    `scope ${scopeId} in ${region} is still used by ${which} (${serviceMessage}). ` +
    `Delete ${which} first (remove them from the program, or \`pulumi destroy\` the stacks that own them), then delete the scope.`
  );
}

async function quotaMessage(api: NetworkFlowMonitorClient, region: string, serviceMessage: string): Promise<string> {
  let existing: string | undefined;
  try {
    existing = (await listScopes(api))[0]?.scopeId;
  } catch {
    // Only a hint.
  }
  const id = existing ?? "<scope id>";
  return (
    `the account already has a Network Flow Monitor scope in ${region} (an account can have one scope per Region; ${serviceMessage}). ` +
    `Use that scope (${id}) instead of creating another: look it up with \`getScope({ region: "${region}" })\` (or \`getScopeOutput\`) ` +
    `and pass its scopeArn to your monitors; the stack or person that created it keeps managing it.`
  );
}

/** Waits for the scope to reach a goal: SUCCEEDED (FAILED fails at once), "settled" (not IN_PROGRESS, or gone), or "deleted". */
async function waitForScope(
  api: NetworkFlowMonitorClient,
  scopeId: string,
  goal: "SUCCEEDED" | "settled" | "deleted",
  timeoutMs: number,
  justCreated = false,
): Promise<GetScopeCommandOutput | undefined> {
  let unseen = 0;
  return waiting.forStatus({
    what: `scope ${scopeId}`,
    goal: goal === "SUCCEEDED" ? "reach SUCCEEDED" : goal === "deleted" ? "finish deleting" : "finish its change in progress",
    find: () => findScope(api, scopeId),
    statusOf: (got) => got.status as string,
    until: (status) => (goal === "SUCCEEDED" ? status === "SUCCEEDED" : goal === "deleted" ? status === undefined || status === "DEACTIVATED" : status !== "IN_PROGRESS"),
    failWhen: (status) => {
      if (goal !== "SUCCEEDED") return undefined;
      if (status === "FAILED") {
        return "it is in status FAILED: check that its targets are accounts the caller may monitor, then run `pulumi up` again, or `pulumi destroy` to remove it";
      }
      if (status !== undefined) return undefined;
      // Just created: reads may not see it yet (eventual consistency); only a scope that stays unseen is gone.
      if (justCreated && ++unseen <= STALE_READS_BELIEVED_AFTER) return undefined;
      return "it was deleted while waiting for it to reach SUCCEEDED";
    },
    timeoutMs,
  });
}

function toOutputs(inputs: ScopeInputs, api: { scopeArn?: string; scopeId?: string; status?: string }): ScopeOutputs {
  return { ...inputs, scopeArn: api.scopeArn ?? "", scopeId: api.scopeId ?? "", status: api.status ?? "" };
}

function plainTarget(t: ScopeTarget): ScopeTarget {
  return { accountId: t.accountId, region: t.region };
}

export { deleteScope as delete };
