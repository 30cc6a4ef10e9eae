// The Monitor resource's provider: the dynamic provider's methods, the finder and the waiters.
// The serialized provider in sdk/monitor.ts forwards every call here with a one-line
// `require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js")`, so this module is
// loaded by Pulumi's host from the user's node_modules and nothing in it is ever serialized.
// All decisions (validation, diff, update plans, waiting) live in the pure modules beside it.
import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { GetMonitorCommandOutput, MonitorLocalResource, MonitorRemoteResource, NetworkFlowMonitorClient, UpdateMonitorInput } from "../client";
import { definedOnly, hasState, lastStatus, log, partialFailure, STALE_READS_BELIEVED_AFTER, tagsWithoutDefaults, timeoutOf, unlessNotFound, Waiting } from "../common/providerSupport";
import { isOwnedBy, tagsWithOwner } from "../common/ownership";
import { markedSecretKeys, readTags, withoutProviderTags, withSecretTagsMarker } from "../common/secretTags";
import { keepOrder } from "../common/sets";
import { awsProviderChanged, keptAwsProvider, withoutAwsProvider } from "../common/awsProviderInput";
import { movedFromOtherFrontEnd, withoutOtherFrontEnd } from "../common/frontEndMove";
import { clientFor, configureProvider, defaultRegion, providerSettings, regionSettingName, regionSettingWhere } from "../runtime";
import type { WaitClock } from "../wait";
import { checkMonitor, resourceKey } from "./check";
import { diffMonitor } from "./diff";
import { planMonitorUpdate, refreshedInputs, type MonitorUpdatePlan } from "./plan";
import type { MonitorInputs, MonitorOutputs, MonitorResource } from "./types";

const client = () => require("../client") as typeof import("../client");

/** Tests swap the clock (to make waiting instant) and the progress log; the host uses the real ones. */
const waiting = new Waiting();
export function setClockForTesting(c: WaitClock, logger: (message: string) => void = log): void {
  waiting.setForTesting(c, logger);
}

export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  configureProvider((key) => req.config.get(key));
}

export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  // An explicit aws.Provider's settings ride along as `__awsProvider`: they give the defaults and are kept.
  const { rest, awsProvider, settings, defaultRegion } = await withoutAwsProvider(news);
  const { inputs, failures } = checkMonitor(olds ?? {}, rest, {
    defaultRegion,
    defaultTags: settings.defaultTags,
  });
  return { inputs: definedOnly({ ...inputs, ...awsProvider }), failures: [...settings.problems, ...failures] };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult> {
  const d = diffMonitor(olds, news);
  return { changes: d.changes || awsProviderChanged(olds, news) || movedFromOtherFrontEnd(olds, news), replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

export async function create(inputs: MonitorInputs & { __provider?: string }): Promise<pulumi.dynamic.CreateResult> {
  return createMonitor(inputs, false);
}

/** `replacedBroken`: an owned monitor in ERROR was already deleted once; take over whatever is there now. */
async function createMonitor(inputs: MonitorInputs & { __provider?: string }, replacedBroken: boolean): Promise<pulumi.dynamic.CreateResult> {
  const nfm = client();
  const api = clientFor(inputs.region, inputs);
  let created;
  try {
    // One token for this call: the SDK's retries resend it, so a retried create never makes a second monitor.
    created = await api.send(new nfm.CreateMonitorCommand({
      monitorName: inputs.monitorName,
      // check() has validated every type against the model's enums.
      localResources: inputs.localResources as MonitorLocalResource[],
      remoteResources: inputs.remoteResources as MonitorRemoteResource[],
      scopeArn: inputs.scopeArn,
      // The ownership tag lets a create retried after an interrupted run recognise this monitor; the marker
      // says which tags are secret, for a refresh that finds them before the state does.
      tags: withSecretTagsMarker(tagsWithOwner(inputs.tagsAll, inputs.__naming), inputs.__secretTags),
      clientToken: randomUUID(),
    }));
  } catch (err) {
    if (!(err instanceof nfm.ConflictException)) throw err;
    const existing = await findMonitor(api, inputs.monitorName);
    if (existing && isOwnedBy(existing.tags, inputs.__naming)) {
      if (existing.monitorStatus === "ERROR" && !replacedBroken) {
        // ERROR never becomes ACTIVE: as the diff of a monitor in state replaces it, replace this one too.
        log(`monitor ${inputs.monitorName}: the monitor an interrupted run of this resource created is in status ERROR: replacing it`);
        await deleteMonitor(inputs.monitorName, inputs as unknown as MonitorOutputs);
        return createMonitor(inputs, true);
      }
      log(`monitor ${inputs.monitorName}: finishing the monitor an interrupted run of this resource created`);
      return takeOver(api, inputs, existing);
    }
    if (existing && inputs.adoptExisting) {
      log(`monitor ${inputs.monitorName}: adopting the existing monitor (adoptExisting)`);
      return takeOver(api, inputs, existing);
    }
    throw new Error(
      `a monitor named "${inputs.monitorName}" already exists in ${inputs.region} (${err.message}). ` +
      `To manage it with this stack, set adoptExisting: true on the Monitor (it takes the monitor over and ` +
      `brings it to your inputs); otherwise choose another monitorName.`);
  }

  // From here on the monitor exists: every failure must carry its id so Pulumi records it.
  let outs: MonitorOutputs = toOutputs(inputs, created);
  try {
    if (created.monitorStatus !== "ACTIVE") {
      outs = toOutputs(inputs, await waitForMonitor(api, inputs.monitorName, "ACTIVE", timeoutOf(inputs.timeouts, "create"), true) ?? {});
    }
  } catch (err) {
    throw monitorPartialFailure(inputs.monitorName, { ...outs, monitorStatus: lastStatus(err) ?? outs.monitorStatus }, inputs.__provider, err);
  }
  return { id: inputs.monitorName, outs: definedOnly(outs) };
}

/**
 * Reads the monitor. `marksSecrets`: the caller (the plugin) marks the tags `__secretTags` names secret itself;
 * the dynamic host cannot, so without it a secret tag the old state did not hold as one is not read back.
 */
export async function read(id: string, props: Record<string, unknown>, opts: { marksSecrets?: boolean } = {}): Promise<pulumi.dynamic.ReadResult> {
  const region = (props.region as string | undefined) ?? (await defaultRegion(props));
  if (!region) throw new Error(`cannot read monitor "${id}": no region in state, ${regionSettingName()} config or AWS_REGION`);
  const api = clientFor(region, props);
  const got = await findMonitor(api, id);
  if (!got) {
    // A refresh of a monitor in state: it is gone, and Pulumi drops it. A read without state (Monitor.get):
    // the host would answer id "" with outputs, which Pulumi's ReadStep accepts, and the run would succeed
    // with every output undefined; so say what is missing and where it was looked for.
    if (!hasState(props, "monitorArn")) {
      throw new Error(`monitor "${id}" does not exist in ${region}: Monitor.get reads an existing monitor; check its name and the Region (${regionSettingWhere()}, or AWS_REGION)`);
    }
    return { id: "" };
  }
  const old = props as Partial<MonitorOutputs>;
  const tags = readTags(got.tags, old, opts.marksSecrets === true);
  const outs = toOutputs({
    monitorName: got.monitorName,
    // GetMonitor does not return scopeArn: keep the one in state; on import or get (no state) it is the
    // account's one scope in the Region.
    scopeArn: typeof old.scopeArn === "string" && old.scopeArn !== "" ? old.scopeArn : await accountScopeArn(api, region, id),
    region,
    tags: tagsWithoutDefaults(tags.tagsAll, providerSettings(props).defaultTags),
    timeouts: old.timeouts,
    __naming: old.__naming,
    __secretTags: tags.secretTags,
    localResources: keepOrder(old.localResources, got.localResources ?? [], resourceKey).map(plainResource),
    remoteResources: keepOrder(old.remoteResources, got.remoteResources ?? [], resourceKey).map(plainResource),
    tagsAll: tags.tagsAll,
    ...keptAwsProvider(props),
  } as MonitorInputs, got);
  return { id, props: definedOnly(outs), inputs: definedOnly(refreshedInputs(outs)) };
}

export async function update(id: string, stored: MonitorOutputs, news: MonitorInputs & { __provider?: string }): Promise<pulumi.dynamic.UpdateResult> {
  const olds = withoutOtherFrontEnd(stored, news);
  const api = clientFor(news.region, news);
  // The new inputs and what AWS computed: an input the program dropped (timeouts, secret tags) leaves the state too.
  const current: MonitorOutputs = { ...news, monitorArn: olds.monitorArn, monitorStatus: olds.monitorStatus, createdAt: olds.createdAt, modifiedAt: olds.modifiedAt };
  const outs = await applyUpdatePlan(api, id, olds.monitorArn, planMonitorUpdate(olds, news), current, news, "update");
  return { outs: definedOnly(outs) };
}

/**
 * Carries out an update plan: one UpdateMonitor with only the resources to add and remove (none for
 * tags alone), Tag/UntagResource for tags, then waits for ACTIVE when the resources changed.
 * Once UpdateMonitor has taken effect, a failure records what the monitor now is.
 */
async function applyUpdatePlan(
  api: NetworkFlowMonitorClient,
  monitorName: string,
  monitorArn: string,
  plan: MonitorUpdatePlan,
  current: MonitorOutputs,
  news: MonitorInputs & { __provider?: string },
  step: "create" | "update",
): Promise<MonitorOutputs> {
  const nfm = client();
  let outs = current;
  if (plan.updateMonitor) {
    await api.send(new nfm.UpdateMonitorCommand({ monitorName, ...(plan.updateMonitor as Partial<UpdateMonitorInput>), clientToken: randomUUID() }));
  }
  // A monitor not ACTIVE in state (diff planned this update for it) is waited for even with nothing to change.
  const waits = plan.updateMonitor !== undefined || current.monitorStatus !== "ACTIVE";
  try {
    if (Object.keys(plan.tagsToSet).length > 0) {
      await api.send(new nfm.TagResourceCommand({ resourceArn: monitorArn, tags: plan.tagsToSet }));
    }
    if (plan.tagKeysToRemove.length > 0) {
      await api.send(new nfm.UntagResourceCommand({ resourceArn: monitorArn, tagKeys: plan.tagKeysToRemove }));
    }
    if (waits) {
      const got = await waitForMonitor(api, monitorName, "ACTIVE", timeoutOf(news.timeouts, step));
      outs = toOutputs(news, { ...current, ...got } as MonitorDescription);
    }
  } catch (err) {
    // What the wait saw goes to state (an ERROR seen here makes the next diff replace the monitor).
    if (waits || step === "create") {
      throw monitorPartialFailure(monitorName, { ...outs, monitorStatus: lastStatus(err) ?? "PENDING" }, news.__provider, err);
    }
    throw err;
  }
  return outs;
}

/**
 * Takes over an existing monitor and brings it to the inputs: one this resource created in an interrupted run
 * (it carries this resource's ownership tag), or any one with `adoptExisting` (the adoption path that works
 * with Pulumi's dynamic-provider host, whose `import` cannot work: its import Read carries no provider).
 * An adopted monitor gets the ownership tag too: from now on it is this resource's own.
 */
async function takeOver(api: NetworkFlowMonitorClient, inputs: MonitorInputs & { __provider?: string }, existing: GetMonitorCommandOutput): Promise<pulumi.dynamic.CreateResult> {
  const current = toOutputs({
    ...inputs,
    localResources: existing.localResources ?? [],
    remoteResources: existing.remoteResources ?? [],
    tagsAll: withoutProviderTags(existing.tags),
    __secretTags: markedSecretKeys(existing.tags),
  }, existing);
  const plan = planMonitorUpdate(current, inputs);
  if (inputs.__naming && !isOwnedBy(existing.tags, inputs.__naming)) plan.tagsToSet = tagsWithOwner(plan.tagsToSet, inputs.__naming);
  try {
    const outs = await applyUpdatePlan(api, inputs.monitorName, existing.monitorArn, plan, { ...current, ...inputs } as MonitorOutputs, inputs, "create");
    return { id: inputs.monitorName, outs: definedOnly(outs) };
  } catch (err) {
    // Taken over: from here on the monitor is ours and must stay in state.
    if ((err as { id?: string }).id) throw err;
    throw monitorPartialFailure(inputs.monitorName, current, inputs.__provider, err);
  }
}

export async function deleteMonitor(id: string, props: MonitorOutputs): Promise<void> {
  const nfm = client();
  let vanished = 0;
  const api = clientFor(props.region, props);
  await waiting.deleteThenWait({
    remove: () => api.send(new nfm.DeleteMonitorCommand({ monitorName: id })),
    onConflict: async (_err, left) => {
      // PENDING (still being created or updated) or already DELETING: wait that out, then try again.
      const settled = await waitForMonitor(api, id, "settled", left);
      if (settled?.monitorStatus === "DELETING") return "deleting";
      // Not found right after a conflict is a stale read (eventual consistency): ask DeleteMonitor again, which
      // says ResourceNotFound once it is really gone; after a few such answers, believe the reads.
      if (settled === undefined) return ++vanished > STALE_READS_BELIEVED_AFTER ? "deleting" : "retry";
      return "retry";
    },
    waitDeleted: (left) => waitForMonitor(api, id, "deleted", left),
    timeoutMs: timeoutOf(props.timeouts, "delete"),
  });
}

/** The account's scope in the Region: every monitor there uses it, since an account has one scope per Region. */
async function accountScopeArn(api: NetworkFlowMonitorClient, region: string, monitorName: string): Promise<string> {
  const { listScopes, pickAccountScope } = require("../scope/lookup") as typeof import("../scope/lookup");
  const scope = pickAccountScope(await listScopes(api));
  if (!scope) throw new Error(`monitor "${monitorName}" exists in ${region} but the account has no scope there to report as its scopeArn`);
  return scope.scopeArn;
}

/** The finder: the monitor, or undefined when there is none of that name. */
export async function findMonitor(api: NetworkFlowMonitorClient, monitorName: string): Promise<GetMonitorCommandOutput | undefined> {
  return unlessNotFound(() => api.send(new (client().GetMonitorCommand)({ monitorName })));
}

/**
 * Waits for the monitor to reach a goal: ACTIVE (ERROR fails at once), "settled" (no longer
 * PENDING, or gone), or "deleted". Logs progress the way users expect from `pulumi up`.
 */
async function waitForMonitor(
  api: NetworkFlowMonitorClient,
  monitorName: string,
  goal: "ACTIVE" | "settled" | "deleted",
  timeoutMs: number,
  justCreated = false,
): Promise<GetMonitorCommandOutput | undefined> {
  let unseen = 0;
  return waiting.forStatus({
    what: `monitor ${monitorName}`,
    goal: goal === "ACTIVE" ? "reach ACTIVE" : goal === "deleted" ? "finish deleting" : "finish its pending change",
    find: () => findMonitor(api, monitorName),
    statusOf: (got) => got.monitorStatus as string,
    until: (status) =>
      goal === "ACTIVE" ? status === "ACTIVE" : goal === "deleted" ? status === undefined : status !== "PENDING",
    failWhen: (status) => {
      if (goal !== "ACTIVE") return undefined;
      if (status === "ERROR") {
        return `it is in status ERROR: check that its local and remote resources exist and that the scope covers them, then run \`pulumi up\` again, or \`pulumi destroy\` to remove it`;
      }
      if (status !== undefined) return undefined;
      // Just created: reads may not see it yet (eventual consistency); only a monitor that stays unseen is gone.
      if (justCreated && ++unseen <= STALE_READS_BELIEVED_AFTER) return undefined;
      return "it was deleted while waiting for it to become ACTIVE";
    },
    timeoutMs,
  });
}

interface MonitorDescription {
  monitorArn?: string;
  monitorStatus?: string;
  createdAt?: Date;
  modifiedAt?: Date;
}

function toOutputs(inputs: MonitorInputs, api: MonitorDescription): MonitorOutputs {
  return {
    ...inputs,
    monitorArn: api.monitorArn ?? "",
    monitorStatus: api.monitorStatus ?? "",
    createdAt: api.createdAt ? api.createdAt.toISOString() : "",
    modifiedAt: api.modifiedAt ? api.modifiedAt.toISOString() : "",
  };
}

function plainResource(r: MonitorResource): MonitorResource {
  return { type: r.type, identifier: r.identifier };
}

/** The partial failure (see partialFailure) with the monitor's outputs, `__provider` added, undefined members dropped. */
function monitorPartialFailure(id: string, outs: MonitorOutputs, provider: string | undefined, cause: unknown): Error {
  return partialFailure(id, definedOnly({ ...outs, __provider: provider }), cause);
}

export { deleteMonitor as delete };
