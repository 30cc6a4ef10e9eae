// The acceptance scenarios, written once against an AcceptanceTarget: a real account with the `pulumi` CLI
// (`make acceptance`) or the emulator with the engine in a box (`make test`). Each records what it observed.
// Everything they create carries the tag `acceptance=<run id>`, so `make sweep` can find what a failed run left.
import { CreateMonitorCommand, DeleteMonitorCommand, GetMonitorCommand, GetScopeCommand, ListScopesCommand } from "../provider/client";
import type { StackDriver, StepResult } from "../scripts/stackDriver";
import {
  ACTIVE_KEY,
  DELETED_KEY,
  ScenarioRecorder,
  SkipScenario,
  type AcceptanceReport,
  type ScenarioReport,
} from "./report";
import { monitorStatus, realClock, waitForMonitorStatus } from "./service";
import { ACCEPTANCE_TAG } from "./sweep";
import { openStack, pluginBin, type AcceptanceTarget, type ProgramName } from "./target";

export interface ScenarioContext {
  target: AcceptanceTarget;
  rec: ScenarioRecorder;
  /** The account's scope in the Region (found, or created by the scope scenario). */
  scopeArn: string;
  log: (line: string) => void;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

const tagsOf = (t: AcceptanceTarget, extra: Record<string, string> = {}) => ({ [ACCEPTANCE_TAG]: t.runId, ...extra });

/** Fails with the step's output (and records the AWS errors it quotes) unless the step succeeded. */
function expectOk(ctx: ScenarioContext, label: string, r: StepResult): StepResult {
  if (!r.ok) {
    ctx.rec.errorsInText(label, r.text);
    throw new Error(`${label} failed:\n${r.text.trim()}`);
  }
  return r;
}

function expectOp(label: string, r: StepResult, resource: string, op: string): void {
  if (!(r.ops[resource] ?? []).includes(op)) throw new Error(`${label}: expected ${resource} to ${op}, got ${JSON.stringify(r.ops[resource] ?? [])}`);
}

/** `CheckDestroy`: every named monitor is gone from the service. */
async function checkMonitorsGone(ctx: ScenarioContext, names: string[]): Promise<void> {
  for (const name of names) {
    const status = await monitorStatus(ctx.target.client, name);
    if (status !== "GONE") throw new Error(`CheckDestroy: monitor ${name} is still there (status ${status}) after destroy`);
  }
}

/**
 * Opens a stack of a scenario program, runs `body`, and always tries to destroy the stack. When `body` failed and
 * the destroy too, the state is kept (on AWS) and its location logged, so `pulumi destroy` can finish the job.
 */
async function withStack(ctx: ScenarioContext, program: ProgramName, suffix: string, config: Record<string, unknown>, body: (d: StackDriver) => Promise<void>): Promise<void> {
  const driver = await openStack(ctx.target, program, `${ctx.target.runId}-${suffix}`, config);
  let failed = true;
  try {
    await body(driver);
    failed = false;
  } finally {
    let keep = false;
    if (failed) {
      const cleanup = await driver.destroy().catch((err: Error) => ({ ok: false, text: err.message, ops: {} }));
      keep = !cleanup.ok && ctx.target.keepStateOnFailure;
      if (keep) ctx.log(`  cleanup destroy failed; state kept at ${driver.stateLocation} (then run make sweep)`);
    }
    await driver.dispose({ keepState: keep });
  }
}

/**
 * Watches a monitor until ACTIVE while a step creates it, and records PENDING → ACTIVE as the service showed it.
 * A monitor first seen already ACTIVE records nothing (the poll missed PENDING).
 */
function watchToActive(ctx: ScenarioContext, name: string): { stop(): Promise<void> } {
  let stopped = false;
  const done = (async () => {
    let pendingSince: number | undefined;
    while (!stopped) {
      const status = await monitorStatus(ctx.target.client, name).catch(() => "UNKNOWN");
      if (status === "PENDING") pendingSince ??= Date.now();
      if (status === "ACTIVE") {
        if (pendingSince !== undefined) ctx.rec.duration(ACTIVE_KEY, Date.now() - pendingSince);
        return;
      }
      await realClock.sleep(ctx.target.pollMs);
    }
  })();
  return { stop: async () => void ((stopped = true), await done) };
}

async function upWatched(ctx: ScenarioContext, d: StackDriver, label: string, monitorName: string): Promise<StepResult> {
  const watch = watchToActive(ctx, monitorName);
  try {
    return expectOk(ctx, label, await ctx.rec.timed(label, () => d.up()));
  } finally {
    await watch.stop();
  }
}

function monitorSpec(ctx: ScenarioContext, monitorName: string, extra: Record<string, unknown> = {}) {
  return {
    monitorName,
    localResources: [{ type: "AWS::Region" as const, identifier: ctx.target.region }],
    scopeArn: ctx.scopeArn,
    tags: tagsOf(ctx.target),
    ...extra,
  };
}

/** Create, tag update, resource update, rename (replace), refresh, destroy, and a CheckDestroy. */
export const lifecycle: Scenario = {
  name: "monitor lifecycle",
  async run(ctx) {
    const { client } = ctx.target;
    const name = `${ctx.target.runId}-life`;
    const renamed = `${name}-renamed`;
    await withStack(ctx, "monitor", "life", { monitor: monitorSpec(ctx, name) }, async (d) => {
      expectOp("up (create)", await upWatched(ctx, d, "up (create)", name), "m", "create");
      const out = await d.outputs();
      if (out.monitorStatus !== "ACTIVE") throw new Error(`after create, monitorStatus is ${out.monitorStatus}, expected ACTIVE`);

      await d.setConfig("nfm-acceptance-monitor:monitor", JSON.stringify(monitorSpec(ctx, name, { tags: tagsOf(ctx.target, { stage: "tagged" }) })));
      expectOp("up (tag update)", expectOk(ctx, "up (tag update)", await ctx.rec.timed("up (tag update)", () => d.up())), "m", "update");
      const tagged = await client.send(new GetMonitorCommand({ monitorName: name }));
      if (tagged.tags?.stage !== "tagged") throw new Error(`after the tag update the monitor's tags are ${JSON.stringify(tagged.tags)}`);

      const withS3 = { tags: tagsOf(ctx.target, { stage: "tagged" }), remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }] };
      await d.setConfig("nfm-acceptance-monitor:monitor", JSON.stringify(monitorSpec(ctx, name, withS3)));
      expectOp("up (resource update)", expectOk(ctx, "up (resource update)", await ctx.rec.timed("up (resource update)", () => d.up())), "m", "update");
      const updated = await client.send(new GetMonitorCommand({ monitorName: name }));
      if (updated.remoteResources?.[0]?.identifier !== "S3") throw new Error(`after the resource update the remote resources are ${JSON.stringify(updated.remoteResources)}`);

      await d.setConfig("nfm-acceptance-monitor:monitor", JSON.stringify(monitorSpec(ctx, renamed, withS3)));
      expectOp("up (rename: replace)", await upWatched(ctx, d, "up (rename: replace)", renamed), "m", "replace");
      if ((await monitorStatus(client, name)) !== "GONE") throw new Error(`after the rename the old monitor ${name} is still there`);
      if ((await monitorStatus(client, renamed)) !== "ACTIVE") throw new Error(`after the rename ${renamed} is not ACTIVE`);

      expectOk(ctx, "refresh", await ctx.rec.timed("refresh", () => d.refresh()));
      const after = expectOk(ctx, "preview after refresh", await d.preview());
      if ((after.ops.m ?? []).some((op) => op !== "same")) throw new Error(`after a refresh with no drift, preview plans ${JSON.stringify(after.ops.m)} for the monitor`);

      expectOk(ctx, "destroy", await ctx.rec.timed("destroy", () => d.destroy()));
      await checkMonitorsGone(ctx, [name, renamed]);
      // The error a missing monitor gives, as this account words it.
      await client.send(new GetMonitorCommand({ monitorName: name })).catch((err) => ctx.rec.error("GetMonitor (missing monitor)", err));
    });
  },
};

/** Deleted out of band (as in the console), then refresh drops it from the stack and up creates it again. */
export const disappears: Scenario = {
  name: "monitor disappears",
  async run(ctx) {
    const { client } = ctx.target;
    const name = `${ctx.target.runId}-gone`;
    await withStack(ctx, "monitor", "gone", { monitor: monitorSpec(ctx, name) }, async (d) => {
      await upWatched(ctx, d, "up (create)", name);
      await client.send(new DeleteMonitorCommand({ monitorName: name }));
      ctx.rec.duration(DELETED_KEY, await waitForMonitorStatus(client, name, "GONE", { everyMs: ctx.target.pollMs }));
      expectOk(ctx, "refresh (monitor gone)", await ctx.rec.timed("refresh", () => d.refresh()));
      expectOp("up (recreate)", await upWatched(ctx, d, "up (recreate)", name), "m", "create");
      if ((await monitorStatus(client, name)) !== "ACTIVE") throw new Error(`the recreated monitor ${name} is not ACTIVE`);
      expectOk(ctx, "destroy", await ctx.rec.timed("destroy", () => d.destroy()));
      await checkMonitorsGone(ctx, [name]);
    });
  },
};

/** A name already taken outside the stack: up fails naming adoptExisting; with it, the monitor is adopted. */
export const nameTaken: Scenario = {
  name: "monitor name taken (adoptExisting)",
  async run(ctx) {
    const { client } = ctx.target;
    const name = `${ctx.target.runId}-taken`;
    const spec = monitorSpec(ctx, name);
    await client.send(new CreateMonitorCommand({ monitorName: name, localResources: spec.localResources, scopeArn: ctx.scopeArn, tags: tagsOf(ctx.target) }));
    try {
      await waitForMonitorStatus(client, name, "ACTIVE", { everyMs: ctx.target.pollMs });
      // The service's own answer to a second CreateMonitor of that name.
      await client
        .send(new CreateMonitorCommand({ monitorName: name, localResources: spec.localResources, scopeArn: ctx.scopeArn }))
        .then(() => ctx.rec.error("CreateMonitor (name taken)", { name: "none", message: "the service accepted a second monitor of the same name" }))
        .catch((err) => ctx.rec.error("CreateMonitor (name taken)", err));
      await withStack(ctx, "monitor", "taken", { monitor: spec }, async (d) => {
        const refused = await d.up();
        ctx.rec.errorsInText("up (name taken)", refused.text);
        if (refused.ok || !refused.text.includes("adoptExisting")) throw new Error(`up of a taken name should fail pointing at adoptExisting; got:\n${refused.text}`);
        await d.setConfig("nfm-acceptance-monitor:monitor", JSON.stringify({ ...spec, adoptExisting: true }));
        expectOk(ctx, "up (adoptExisting)", await ctx.rec.timed("up (adopt)", () => d.up()));
        expectOk(ctx, "destroy", await d.destroy());
        await checkMonitorsGone(ctx, [name]);
      });
    } finally {
      await client.send(new DeleteMonitorCommand({ monitorName: name })).catch(() => undefined);
    }
  },
};

/** `pulumi import` of a monitor through the plugin front end, once the package ships one. */
export const importThroughPlugin: Scenario = {
  name: "import through the plugin front end",
  async run(ctx) {
    if (!pluginBin()) {
      throw new SkipScenario("the package has no plugin front end yet (no `pulumi-resource-networkflowmonitor` in package.json `bin`, or its file is not built)");
    }
    const { client } = ctx.target;
    const name = `${ctx.target.runId}-import`;
    const spec = monitorSpec(ctx, name);
    await withStack(ctx, "monitor", "import", { monitor: spec }, async (d) => {
      if (!d.importResources) throw new SkipScenario("this stack driver cannot import");
      await client.send(new CreateMonitorCommand({ monitorName: name, localResources: spec.localResources, scopeArn: ctx.scopeArn, tags: tagsOf(ctx.target) }));
      try {
        await waitForMonitorStatus(client, name, "ACTIVE", { everyMs: ctx.target.pollMs });
        expectOk(ctx, "pulumi import", await ctx.rec.timed("import", () => d.importResources!([{ type: "networkflowmonitor:index:Monitor", name: "imported", id: name }])));
        expectOk(ctx, "destroy", await d.destroy());
        await checkMonitorsGone(ctx, [name]);
      } finally {
        await client.send(new DeleteMonitorCommand({ monitorName: name })).catch(() => undefined);
      }
    });
  },
};

function namesFromArns(arns: unknown): string[] {
  return (Array.isArray(arns) ? arns : []).map((a) => String(a).slice(String(a).lastIndexOf("/") + 1));
}

async function workloadRun(ctx: ScenarioContext, suffix: string, agents: boolean): Promise<void> {
  const prefix = `${ctx.target.runId}-${suffix}`;
  const config = {
    scopeArn: ctx.scopeArn,
    tags: tagsOf(ctx.target),
    monitorNamePrefix: prefix,
    dashboardName: prefix,
    agents: String(agents),
    ...(agents && ctx.target.eksClusterArn ? { eksClusterArn: ctx.target.eksClusterArn } : {}),
  };
  await withStack(ctx, "workload", suffix, config, async (d) => {
    await upWatched(ctx, d, "up (create)", `${prefix}-1`);
    const out = await d.outputs();
    const statuses = out.monitorStatuses as string[];
    if (!statuses?.length || statuses.some((s) => s !== "ACTIVE")) throw new Error(`monitorStatuses are ${JSON.stringify(statuses)}, expected all ACTIVE`);
    if (!Array.isArray(out.alarmArns) || out.alarmArns.length < 2) throw new Error(`alarmArns are ${JSON.stringify(out.alarmArns)}: expected the health indicator and retransmissions alarms`);
    if (typeof out.dashboardUrl !== "string" || !out.dashboardUrl.includes(prefix)) throw new Error(`dashboardUrl is ${JSON.stringify(out.dashboardUrl)}`);
    expectOk(ctx, "destroy", await ctx.rec.timed("destroy", () => d.destroy()));
    await checkMonitorsGone(ctx, namesFromArns(out.monitorArns));
  });
}

/** WorkloadMonitor with its alarms (Metrics Insights queries) and dashboard. */
export const workload: Scenario = {
  name: "WorkloadMonitor with alarms and a dashboard",
  run: (ctx) => workloadRun(ctx, "wl", false),
};

/** The agents: Systems Manager associations (and the EKS add-on on a cluster you name). They cost money. */
export const agents: Scenario = {
  name: "WorkloadMonitor agents (Systems Manager, EKS add-on)",
  async run(ctx) {
    if (!ctx.target.agents) throw new SkipScenario("agent scenarios cost money and minutes: set NFM_ACCEPTANCE_AGENTS=1 to run them");
    if (!ctx.target.eksClusterArn) ctx.rec.report.reason = "EKS add-on not tried: set NFM_ACCEPTANCE_EKS_CLUSTER_ARN to an existing cluster (Kubernetes 1.25+)";
    await workloadRun(ctx, "agents", true);
  },
};

export const SCENARIOS: Scenario[] = [lifecycle, disappears, nameTaken, importThroughPlugin, workload, agents];

/** The account's scope: reused with getScope when it has one, else created (tagged) for the run and destroyed after. */
async function ensureScope(target: AcceptanceTarget, rec: ScenarioRecorder, log: (l: string) => void): Promise<{ scopeArn: string; release(): Promise<void> }> {
  const ctx: ScenarioContext = { target, rec, scopeArn: "", log };
  const existing = (await target.client.send(new ListScopesCommand({}))).scopes ?? [];
  const mode = existing.length ? "lookup" : "create";
  const driver = await openStack(target, "scope", `${target.runId}-scope`, { mode, tags: tagsOf(target) });
  try {
    expectOk(ctx, `up (scope ${mode})`, await rec.timed(`up (scope ${mode})`, () => driver.up()));
    const out = await driver.outputs();
    if (mode === "lookup" && out.scopeArn !== existing[0].scopeArn) throw new Error(`getScope found ${out.scopeArn}, the account's scope is ${existing[0].scopeArn}`);
    if (out.status !== "SUCCEEDED") throw new Error(`the scope's status is ${out.status}, expected SUCCEEDED`);
    rec.report.reason = mode === "lookup" ? "reused the account's scope with getScope" : "the account had no scope: created one for the run";
    return {
      scopeArn: out.scopeArn as string,
      release: async () => {
        try {
          expectOk(ctx, "destroy (scope)", await rec.timed("destroy (scope)", () => driver.destroy()));
          if (mode === "create") {
            const left = await target.client.send(new GetScopeCommand({ scopeId: String(out.scopeArn).split("/").pop() as string })).then(() => true, () => false);
            if (left) throw new Error(`CheckDestroy: the scope ${out.scopeArn} is still there after destroy`);
          }
          await driver.dispose();
        } catch (err) {
          await driver.dispose({ keepState: target.keepStateOnFailure });
          throw err;
        }
      },
    };
  } catch (err) {
    await driver.destroy().catch(() => undefined);
    await driver.dispose();
    throw err;
  }
}

async function runOne(name: string, log: (l: string) => void, body: (rec: ScenarioRecorder) => Promise<void>): Promise<ScenarioReport> {
  const rec = new ScenarioRecorder(name);
  const start = Date.now();
  try {
    await body(rec);
  } catch (err) {
    rec.report.status = err instanceof SkipScenario ? "skipped" : "failed";
    rec.report.reason = err instanceof Error ? err.message : String(err);
  }
  log(`${rec.report.status.padEnd(7)} ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)${rec.report.reason ? `: ${rec.report.reason}` : ""}`);
  return rec.report;
}

/** Runs the scope scenario, then every scenario (or those named in `only`) with its scope, then releases the scope. */
export async function runAcceptance(target: AcceptanceTarget, opts: { log?: (l: string) => void; only?: string[] } = {}): Promise<AcceptanceReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const report: AcceptanceReport = {
    target: target.kind,
    driver: target.driverKind,
    region: target.region,
    account: target.account,
    runId: target.runId,
    startedAt: new Date().toISOString(),
    scenarios: [],
  };
  let scope: { scopeArn: string; release(): Promise<void> } | undefined;
  const scopeReport = await runOne("the account's scope (getScope, or create when none)", log, async (rec) => {
    scope = await ensureScope(target, rec, log);
  });
  report.scenarios.push(scopeReport);
  const chosen = SCENARIOS.filter((s) => !opts.only || opts.only.includes(s.name));
  for (const s of chosen) {
    report.scenarios.push(
      await runOne(s.name, log, async (rec) => {
        if (!scope) throw new SkipScenario("no scope to put monitors in (the scope scenario failed)");
        await s.run({ target, rec, scopeArn: scope.scopeArn, log });
      }),
    );
  }
  if (scope) {
    // ensureScope recorded into scopeReport already; its release (destroy, CheckDestroy) does too.
    await scope.release().catch((err: Error) => {
      scopeReport.status = "failed";
      scopeReport.reason = `releasing the scope: ${err.message}`;
      log(`failed  releasing the scope: ${err.message}`);
    });
  }
  report.finishedAt = new Date().toISOString();
  return report;
}
