// `npm run bench`: what a stack of many monitors costs, measured beside a trivial dynamic provider in one run.
// Drives the emulator through the engine in a box (LocalEngine) and Pulumi's real dynamic-provider host, prints a
// table and writes bench/results.json. `--quick`: one run each at small sizes. `--out <file>`: where to write.
// `--runs <n>`: runs per scenario (default 5). The host loads dist/: build first (`make bench` does).
// At the largest preview size the provider plugin (`pulumi-resource-networkflowmonitor`, bench/fixtures/plugin)
// is measured too, interleaved with the dynamic path ("ours") in the same runs.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as hostModule from "../testing/engine/host";
import { toProviderValue } from "../testing/engine/plan";
import { saveState } from "../testing/engine/state";
import type { OperationResult, StateFile, Step } from "../testing/engine/types";
import { ACCOUNT, REGION, cloneState, engineFor, hostEnv, sampleHostMemory, startBenchEmulator, stateBytesPerResource, timed, type BenchEmulator } from "./harness";
import { assertBuilt, makeBenchProject, type BenchFixture, type BenchProject } from "./project";
import {
  allowedOvershootMs,
  allowedPolls,
  countBy,
  growth,
  interleaved,
  maxConcurrency,
  pairedRatio,
  summarize,
  type GoalResult,
  type Summary,
} from "./stats";

export interface BenchOptions {
  quick: boolean;
  runs: number;
  out?: string;
  log: (line: string) => void;
}

export function parseBenchArgs(argv: string[]): { quick: boolean; runs?: number; out?: string } {
  const opts: { quick: boolean; runs?: number; out?: string } = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") opts.quick = true;
    else if (a === "--runs") {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--runs must be a whole number >= 1, got ${argv[i]}`);
      opts.runs = n;
    } else if (a === "--out") {
      if (!argv[i + 1]) throw new Error("--out needs a file path");
      opts.out = argv[++i];
    } else throw new Error(`unknown argument ${a}: allowed are --quick, --runs <n>, --out <file>`);
  }
  return opts;
}

type Kind = "ours" | "trivial";
const KINDS: Kind[] = ["ours", "trivial"];
/** The kinds measured at the largest preview size: the plugin and the trivial provider each next to ours. */
type PreviewKind = Kind | "plugin";
const LARGEST_KINDS: PreviewKind[] = ["plugin", "ours", "trivial"];
const FIXTURES: Record<PreviewKind, BenchFixture> = { ours: "monitors", trivial: "trivial", plugin: "plugin" };
const PLUGIN_MONITOR = "networkflowmonitor:index:Monitor";
const WRITE_OPS = new Set(["CreateMonitor", "UpdateMonitor", "DeleteMonitor", "TagResource", "UntagResource", "CreateScope", "UpdateScope", "DeleteScope"]);
const isMonitor = (type: string) => type.startsWith("pulumi-nodejs:dynamic/") || type === PLUGIN_MONITOR;

function mustSucceed(what: string, result: OperationResult): OperationResult {
  if (!result.ok) throw new Error(`${what} failed:\n${result.planText}`);
  return result;
}

function opSteps(result: OperationResult, op: Step["op"]): Step[] {
  return result.steps.filter((s) => s.op === op && isMonitor(s.type));
}

export async function runBench(opts: BenchOptions): Promise<Record<string, unknown>> {
  assertBuilt();
  // Built like the engine (see harness.ts), so cold starts are measured with the same client code the engine uses.
  const { ProviderHost, resolvePulumiDir } = require("../dist/testing/engine/host") as typeof hostModule;
  const log = opts.log;
  const runs = opts.runs;
  // Budget (under 10 minutes on 2 shared cores): the 500-resource previews and the 100-monitor up cycles take
  // 7-70 s a run there, so they get at most 3 runs; everything else gets `runs`.
  const heavyRuns = Math.min(runs, 3);
  const previewSizes = opts.quick ? [1, 5] : [1, 100, 500];
  const upN = opts.quick ? 3 : 100;
  const slowWaitMs = opts.quick ? 500 : 2000;
  const coldRuns = opts.quick ? 1 : Math.max(runs, 7);
  const started = performance.now();
  const loadAtStart = loadAverage();
  const projects = Object.fromEntries(LARGEST_KINDS.map((k) => [k, makeBenchProject(FIXTURES[k])])) as Record<PreviewKind, BenchProject>;
  const fast = await startBenchEmulator(0);
  const slow = await startBenchEmulator(slowWaitMs);
  const results: Record<string, unknown> = {};
  const goals: GoalResult[] = [];
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
  try {
    // ---- templates: a real up of one resource each --------------------------------------------------------------
    const templates = {} as Record<PreviewKind, StateFile>;
    for (const kind of LARGEST_KINDS) {
      const file = projects[kind].stateFile("template");
      const engine = engineFor(projects[kind], file, 1, fast.scopeArn, fast.emulator.endpoint, kind === "plugin");
      mustSucceed(`template up (${kind})`, await engine.up());
      templates[kind] = engine.readState();
    }
    const templateMonitor = (kind: Kind) => templates[kind].resources.find((r) => r.name === "m0")!;
    log(`[${elapsed()}] templates ready`);

    // ---- 1. serialized provider ----------------------------------------------------------------------------------
    const providerBytes = Object.fromEntries(
      KINDS.map((k) => [k, Buffer.byteLength(String(toProviderValue(templateMonitor(k).inputs.__provider)), "utf8")]),
    ) as Record<Kind, number>;

    // ---- 2. host cold start: spawn, Configure, first Check answered ------------------------------------------------
    const pulumiDir = resolvePulumiDir(projects.ours.dir);
    const cold: Record<Kind, number[]> = { ours: [], trivial: [] };
    const warm: Record<Kind, number[]> = { ours: [], trivial: [] };
    for (let r = 0; r < coldRuns; r++) {
      for (const kind of r % 2 === 0 ? KINDS : [...KINDS].reverse()) {
        const m = templateMonitor(kind);
        const news = toProviderValue(m.inputs) as Record<string, unknown>;
        const t0 = performance.now();
        const host = ProviderHost.start({ pulumiDir, cwd: projects[kind].dir, env: { ...process.env, ...hostEnv }, log: () => undefined });
        try {
          await host.configure({ "aws:region": REGION, "networkflowmonitor:endpoint": fast.emulator.endpoint });
          const first = await host.check(m.urn, {}, news);
          if (first.failures.length) throw new Error(`cold-start Check failed: ${JSON.stringify(first.failures)}`);
          cold[kind].push(performance.now() - t0);
          const t1 = performance.now();
          await host.check(m.urn, {}, news);
          warm[kind].push(performance.now() - t1);
        } finally {
          await host.stop();
        }
      }
    }
    results.coldStart = {
      runs: coldRuns,
      msSpawnToFirstCheck: { ours: summarize(cold.ours), trivial: summarize(cold.trivial) },
      ratio: pairedRatio(cold.ours, cold.trivial),
      msWarmCheck: { ours: summarize(warm.ours), trivial: summarize(warm.trivial) },
    };
    log(`[${elapsed()}] cold start done`);

    // ---- 3 + 7. preview at scale, new and already up; host memory at the largest ------------------------------------
    // At the largest size the plugin runs too, each run's three previews back to back (order alternating, ours in
    // the middle so both ratios are of neighbours), and the peak RSS of each provider process is sampled.
    const preview: Record<string, Record<string, unknown>> = {};
    const previewTotals: Record<string, Record<PreviewKind, number[]>> = {};
    const memory: Record<"new" | "up", Record<PreviewKind, number[]>> = { new: { ours: [], trivial: [], plugin: [] }, up: { ours: [], trivial: [], plugin: [] } };
    const previewCalls: Record<PreviewKind, number> = { ours: 0, trivial: 0, plugin: 0 };
    const pluginProcesses: number[] = [];
    const largest = previewSizes[previewSizes.length - 1];
    for (const n of previewSizes) {
      for (const existing of [false, true]) {
        const key = `${existing ? "up" : "new"}-${n}`;
        const totals: Record<PreviewKind, number[]> = { ours: [], trivial: [], plugin: [] };
        const previewRuns = n >= 500 ? heavyRuns : runs;
        for (let r = 0; r < previewRuns; r++) {
          for (const kind of interleaved<PreviewKind>(n === largest ? LARGEST_KINDS : KINDS, r)) {
            const file = projects[kind].stateFile(`preview-${key}`);
            if (existing) saveState(file, cloneState(templates[kind], n));
            const engine = engineFor(projects[kind], file, n, fast.scopeArn, fast.emulator.endpoint, kind === "plugin");
            fast.emulator.clearRequests();
            const stopSampling = n === largest ? sampleHostMemory(engine, 25, kind === "plugin" ? "pluginPids" : "hostPids") : undefined;
            const { ms, value } = await timed(() => engine.preview());
            const peak = stopSampling?.();
            mustSucceed(`preview ${key} (${kind})`, value);
            const expected = opSteps(value, existing ? "same" : "create").length;
            if (expected !== n) throw new Error(`preview ${key} (${kind}): expected ${n} ${existing ? "same" : "create"} steps, got ${JSON.stringify(value.changeSummary)}`);
            previewCalls[kind] += fast.emulator.requests().length;
            if (peak) memory[existing ? "up" : "new"][kind].push(peak);
            if (kind === "plugin") pluginProcesses.push(engine.pluginPids.length);
            totals[kind].push(ms);
            fs.rmSync(file, { force: true });
          }
        }
        previewTotals[key] = totals;
        preview[key] = {
          n,
          runs: previewRuns,
          totalMs: { ours: summarize(totals.ours), trivial: summarize(totals.trivial) },
          perResourceMs: { ours: summarize(totals.ours.map((t) => t / n)), trivial: summarize(totals.trivial.map((t) => t / n)) },
          ratio: pairedRatio(totals.ours, totals.trivial),
          ...(totals.plugin.length ? {
            plugin: {
              totalMs: summarize(totals.plugin),
              perResourceMs: summarize(totals.plugin.map((t) => t / n)),
              ratioToDynamic: pairedRatio(totals.plugin, totals.ours),
              msPerRun: { plugin: totals.plugin.map(round), dynamic: totals.ours.map(round) },
            },
          } : {}),
        };
        log(`[${elapsed()}] preview ${key} done`);
      }
    }
    const growthOf = (existing: boolean, kind: Kind) =>
      growth(previewSizes.map((n) => ({ n, ms: summarize(previewTotals[`${existing ? "up" : "new"}-${n}`][kind]).median })));
    results.preview = {
      byStack: preview,
      apiCallsDuringPreview: previewCalls.ours,
      pluginApiCallsDuringPreview: previewCalls.plugin,
      pluginProcessesPerPreview: summarize(pluginProcesses),
      growth: {
        new: { ours: growthOf(false, "ours"), trivial: growthOf(false, "trivial") },
        up: { ours: growthOf(true, "ours"), trivial: growthOf(true, "trivial") },
      },
      existingStacks: "state files written directly: the one-monitor state of a real up, cloned N times (names, URNs, ARNs, VPC ids rewritten)",
    };
    const peaks = (state: "new" | "up") => Object.fromEntries(LARGEST_KINDS.filter((k) => memory[state][k].length).map((k) => [k, summarize(memory[state][k])]));
    results.memory = {
      scenario: `preview of ${largest} new resources`,
      hostPeakRssBytes: peaks("new"),
      unchanged: { scenario: `preview of ${largest} unchanged resources`, hostPeakRssBytes: peaks("up") },
      what: "peak RSS (VmHWM) of one provider process: the dynamic-provider host for ours and trivial, the largest plugin process for the plugin",
    };

    // ---- 4, 5, 6. up, again, refresh, destroy; throttled up --------------------------------------------------------
    type UpRun = { ms: number; calls: Record<string, number>; concurrency: number; overshootMs: number[]; stateBytes?: number };
    const ups: Record<string, UpRun[]> = { fast: [], slow: [], throttled: [], trivial: [] };
    const again: { ms: number[]; calls: number[]; writes: number[] } = { ms: [], calls: [], writes: [] };
    const refresh: Record<Kind, number[]> = { ours: [], trivial: [] };
    const refreshCalls: Record<string, number>[] = [];
    const destroy: Record<Kind, number[]> = { ours: [], trivial: [] };
    const destroyCalls: Record<string, number>[] = [];
    const throttled: { throttledRequests: number; monitors: number; duplicates: number; conflicts: number; ok: boolean; error?: string }[] = [];

    const upOurs = async (bench: BenchEmulator, label: string, faults?: { throttleRate: number; seed: number }): Promise<{ engine: ReturnType<typeof engineFor>; run: UpRun; result: OperationResult }> => {
      await bench.reset();
      if (faults) bench.emulator.control.setFaults(faults);
      const file = projects.ours.stateFile(label);
      const engine = engineFor(projects.ours, file, upN, bench.scopeArn, bench.emulator.endpoint);
      const { ms, value } = await timed(() => engine.up());
      const creates = opSteps(value, "create").filter((s) => !s.failed);
      const overshootMs = creates.map((s) => {
        const record = bench.emulator.control.getMonitor(`bench-${s.name}`);
        return record ? s.finishedMs! - (record.createdAt + bench.activeAfterMs) : NaN;
      });
      const run: UpRun = {
        ms,
        calls: countBy(bench.emulator.requests(), (q) => q.operation),
        concurrency: maxConcurrency(creates.map((s) => ({ start: s.startedMs!, end: s.finishedMs! }))),
        overshootMs,
      };
      return { engine, run, result: value };
    };

    for (let r = 0; r < heavyRuns; r++) {
      // Service delay 0: up, up again with no change, refresh, destroy.
      {
        const { engine, run, result } = await upOurs(fast, "up-fast");
        mustSucceed("up (ours, no service delay)", result);
        run.stateBytes = stateBytesPerResource(engine.stateFile, (x) => isMonitor(x.type), `${engine.stateFile}.scratch`);
        ups.fast.push(run);
        fast.emulator.clearRequests();
        const second = await timed(() => engine.up());
        mustSucceed("second up (ours)", second.value);
        const calls = fast.emulator.requests();
        again.ms.push(second.ms);
        again.calls.push(calls.length);
        again.writes.push(calls.filter((q) => q.operation !== null && WRITE_OPS.has(q.operation)).length);
        fast.emulator.clearRequests();
        // `pulumi refresh --skip-preview`: one read per monitor (a plain refresh reads again in its preview pass).
        const refreshed = await timed(() => engine.refresh({ skipPreview: true }));
        mustSucceed("refresh (ours)", refreshed.value);
        refresh.ours.push(refreshed.ms);
        refreshCalls.push(countBy(fast.emulator.requests(), (q) => q.operation));
        fast.emulator.clearRequests();
        const destroyed = await timed(() => engine.destroy());
        mustSucceed("destroy (ours)", destroyed.value);
        destroy.ours.push(destroyed.ms);
        destroyCalls.push(countBy(fast.emulator.requests(), (q) => q.operation));
      }
      // Service delay slowWaitMs.
      {
        const { engine, run, result } = await upOurs(slow, "up-slow");
        mustSucceed(`up (ours, ACTIVE after ${slowWaitMs} ms)`, result);
        ups.slow.push(run);
        mustSucceed("destroy after slow up", await engine.destroy());
      }
      // Throttled: 30 % of requests answered 429.
      {
        const { engine, run, result } = await upOurs(slow, "up-throttled", { throttleRate: 0.3, seed: r + 1 });
        const snapshot = slow.emulator.control.snapshot();
        const names = snapshot.monitors.map((m) => m.name);
        const requests = slow.emulator.requests();
        throttled.push({
          ok: result.ok,
          error: result.ok ? undefined : result.diagnostics.map((d) => d.message).join(" | ").slice(0, 600),
          throttledRequests: requests.filter((q) => q.status === 429).length,
          monitors: names.length,
          duplicates: names.length - new Set(names).size,
          conflicts: requests.filter((q) => q.operation === "CreateMonitor" && q.errorName === "ConflictException").length,
        });
        ups.throttled.push(run);
        slow.emulator.control.setFaults({ throttleRate: 0 });
        await engine.destroy();
      }
      // Baseline: the trivial provider, same stack size.
      {
        const file = projects.trivial.stateFile("up-trivial");
        const engine = engineFor(projects.trivial, file, upN, "", undefined);
        const { ms, value } = await timed(() => engine.up());
        mustSucceed("up (trivial)", value);
        const creates = opSteps(value, "create");
        ups.trivial.push({
          ms,
          calls: {},
          concurrency: maxConcurrency(creates.map((s) => ({ start: s.startedMs!, end: s.finishedMs! }))),
          overshootMs: [],
          stateBytes: stateBytesPerResource(file, (x) => isMonitor(x.type), `${file}.scratch`),
        });
        const refreshed = await timed(() => engine.refresh({ skipPreview: true }));
        refresh.trivial.push(mustSucceed("refresh (trivial)", refreshed.value) && refreshed.ms);
        const destroyed = await timed(() => engine.destroy());
        destroy.trivial.push(mustSucceed("destroy (trivial)", destroyed.value) && destroyed.ms);
      }
      log(`[${elapsed()}] up/refresh/destroy run ${r + 1}/${heavyRuns} done`);
    }

    const callsPerMonitor = (list: Record<string, number>[]) => {
      const keys = [...new Set(list.flatMap((c) => Object.keys(c)))].sort();
      return Object.fromEntries(keys.map((k) => [k, summarize(list.map((c) => (c[k] ?? 0) / upN))]));
    };
    const upSummary = (list: UpRun[], waitMs: number) => ({
      wallMs: summarize(list.map((u) => u.ms)),
      serviceDelayMs: waitMs,
      wallOverDelayPlusTrivial: pairedRatio(list.map((u) => u.ms), ups.trivial.map((t) => t.ms + waitMs)),
      callsPerMonitor: callsPerMonitor(list.map((u) => u.calls)),
      maxConcurrentCreates: summarize(list.map((u) => u.concurrency)),
      waiterOvershootMs: list[0].overshootMs.length ? {
        median: summarize(list.flatMap((u) => u.overshootMs.filter(Number.isFinite))),
        worstPerRun: summarize(list.map((u) => Math.max(...u.overshootMs.filter(Number.isFinite)))),
      } : undefined,
    });
    results.up = {
      monitors: upN,
      runs: heavyRuns,
      trivial: { wallMs: summarize(ups.trivial.map((u) => u.ms)), maxConcurrentCreates: summarize(ups.trivial.map((u) => u.concurrency)) },
      activeAfter0: upSummary(ups.fast, 0),
      [`activeAfter${slowWaitMs}`]: upSummary(ups.slow, slowWaitMs),
      secondUpNoChange: { wallMs: summarize(again.ms), apiCalls: summarize(again.calls), writeCalls: summarize(again.writes) },
    };
    results.throttled = {
      throttleRate: 0.3,
      runs: throttled,
      ...upSummary(ups.throttled, slowWaitMs),
      extraCallsPerMonitor: summarize(ups.throttled.map((u, i) => (Object.values(u.calls).reduce((a, b) => a + b, 0) - Object.values(ups.slow[i].calls).reduce((a, b) => a + b, 0)) / upN)),
    };
    results.refresh = { wallMs: { ours: summarize(refresh.ours), trivial: summarize(refresh.trivial) }, callsPerMonitor: callsPerMonitor(refreshCalls) };
    results.destroy = { wallMs: { ours: summarize(destroy.ours), trivial: summarize(destroy.trivial) }, callsPerMonitor: callsPerMonitor(destroyCalls) };
    results.serializedProvider = {
      providerBytesPerMonitor: providerBytes,
      stateBytesPerMonitor: {
        ours: summarize(ups.fast.map((u) => u.stateBytes!)),
        trivial: summarize(ups.trivial.map((u) => u.stateBytes!)),
      },
    };

    // ---- goals ---------------------------------------------------------------------------------------------------
    const f = (x: number, d = 2) => x.toFixed(d);
    goals.push({ goal: "__provider under 8 KB per monitor", measured: `${providerBytes.ours} B (trivial ${providerBytes.trivial} B)`, met: providerBytes.ours < 8192 });
    const coldRatio = (results.coldStart as any).ratio as Summary;
    goals.push({ goal: "host cold start within 1.2x of the trivial provider", measured: `${f(coldRatio.median)}x`, met: coldRatio.median <= 1.2 });
    for (const n of previewSizes) {
      for (const state of ["new", "up"]) {
        const ratio = preview[`${state}-${n}`].ratio as Summary;
        goals.push({ goal: `preview per resource within 1.5x of trivial (${state}, N=${n})`, measured: `${f(ratio.median)}x`, met: ratio.median <= 1.5 });
      }
    }
    for (const state of ["new", "up"] as const) {
      const g = growthOf(state === "up", "ours");
      goals.push({ goal: `preview grows linearly in N (${state})`, measured: `marginal ms/resource ${g.marginalMs.map((m) => f(m)).join(" -> ")}`, met: g.linear });
    }
    for (const state of ["up", "new"] as const) {
      const p = preview[`${state}-${largest}`].plugin as { ratioToDynamic: Summary };
      goals.push({
        goal: `preview of ${largest} monitors: plugin within 1.0x of the dynamic path (${state})`,
        measured: `${f(p.ratioToDynamic.median)}x [${f(p.ratioToDynamic.min)}-${f(p.ratioToDynamic.max)}]`,
        met: p.ratioToDynamic.median <= 1.0,
      });
    }
    goals.push({ goal: "no API call during preview", measured: `${previewCalls.ours} calls (plugin: ${previewCalls.plugin})`, met: previewCalls.ours === 0 && previewCalls.plugin === 0 });
    for (const [label, list, waitMs] of [["0 s", ups.fast, 0], [`${slowWaitMs / 1000} s`, ups.slow, slowWaitMs]] as const) {
      const s = upSummary(list as UpRun[], waitMs);
      goals.push({ goal: `up (ACTIVE after ${label}): independent creates run concurrently`, measured: `up to ${s.maxConcurrentCreates.median} of ${upN} at once`, met: s.maxConcurrentCreates.median >= 0.9 * upN });
      goals.push({ goal: `up (ACTIVE after ${label}): wall within 10 % of service delay + trivial up`, measured: `${f(s.wallOverDelayPlusTrivial.median)}x`, met: s.wallOverDelayPlusTrivial.median <= 1.1 });
      const over = s.waiterOvershootMs!;
      goals.push({ goal: `up (ACTIVE after ${label}): waiter overshoot under ${allowedOvershootMs(waitMs)} ms`, measured: `median ${f(over.median.median, 0)} ms, worst ${f(over.worstPerRun.max, 0)} ms`, met: over.median.median < allowedOvershootMs(waitMs) });
      const get = s.callsPerMonitor.GetMonitor?.median ?? 0;
      const create = s.callsPerMonitor.CreateMonitor?.median ?? 0;
      goals.push({ goal: `up (ACTIVE after ${label}): <= 1 CreateMonitor and <= ${allowedPolls(waitMs)} GetMonitor per monitor`, measured: `${f(create)} CreateMonitor, ${f(get)} GetMonitor`, met: create <= 1 && get <= allowedPolls(waitMs) });
    }
    const refreshGet = callsPerMonitor(refreshCalls);
    goals.push({ goal: "refresh --skip-preview: one GetMonitor per monitor", measured: Object.entries(refreshGet).map(([k, v]) => `${f(v.median)} ${k}`).join(", "), met: Object.keys(refreshGet).join() === "GetMonitor" && refreshGet.GetMonitor.median === 1 });
    goals.push({ goal: "second up with no change: zero write calls", measured: `${summarize(again.writes).max} writes, ${summarize(again.calls).max} calls`, met: summarize(again.writes).max === 0 });
    goals.push({
      goal: "30 % throttled: completes with no duplicate monitors",
      measured: `${throttled.filter((t) => t.ok).length}/${throttled.length} completed, ${throttled.reduce((a, t) => a + t.duplicates + t.conflicts, 0)} duplicates`,
      met: throttled.every((t) => t.ok && t.duplicates === 0 && t.conflicts === 0 && t.monitors === upN),
    });
    results.goals = goals;
  } finally {
    await fast.stop();
    await slow.stop();
    for (const p of Object.values(projects)) p.cleanup();
  }

  return {
    generatedAt: new Date().toISOString(),
    mode: opts.quick ? "quick" : "full",
    totalSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: { ...machine(), loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
    versions: versions(),
    notes: [
      "Figures are medians with min and max over the runs shown; ratios are paired per run (ours and trivial back to back, order alternating).",
      "Runs: 5 for the cold start (7) and previews up to 100 resources; 3 for the 500-resource previews and the 100-monitor up/refresh/destroy cycles, which take 7-70 s a run on this shared 2-core machine and would not fit 5 times in the 10-minute budget.",
      "Plugin: at the largest preview size the provider plugin (bench/fixtures/plugin: the same monitors by type token, the plugin found as a project plugin) runs in the same runs as ours and trivial, order plugin-ours-trivial then reversed; its ratio is paired with ours (the dynamic path) run by run.",
      "Wall times include the engine in a box: one program process and one provider host per pass, two passes per up.",
      `The emulator runs in the benchmark process; its quota is raised to 10000 monitors; ${REGION}, account ${ACCOUNT}.`,
    ],
    ...results,
  };
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The 1, 5 and 15 minute load averages (what `uptime` prints); the machine is shared, so they go with the figures. */
function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

function versions(): Record<string, unknown> {
  const root = path.resolve(__dirname, "..");
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  return {
    pulumi: require("@pulumi/pulumi/package.json").version,
    package: JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version,
    gitCommit: commit,
  };
}

function cell(s: Summary | undefined, unit = "", digits = 0): string {
  if (!s) return "-";
  const f = (x: number) => x.toFixed(digits);
  return s.runs > 1 ? `${f(s.median)}${unit} [${f(s.min)}-${f(s.max)}]` : `${f(s.median)}${unit}`;
}

/** The table printed to the console (and copied into docs/performance.md). */
export function renderTable(r: any): string {
  const rows: string[][] = [["Scenario", "Ours", "Trivial provider", "Ratio"]];
  const sp = r.serializedProvider;
  rows.push(["`__provider` bytes per monitor", `${sp.providerBytesPerMonitor.ours}`, `${sp.providerBytesPerMonitor.trivial}`, (sp.providerBytesPerMonitor.ours / sp.providerBytesPerMonitor.trivial).toFixed(2)]);
  rows.push(["State bytes per monitor", cell(sp.stateBytesPerMonitor.ours), cell(sp.stateBytesPerMonitor.trivial), (sp.stateBytesPerMonitor.ours.median / sp.stateBytesPerMonitor.trivial.median).toFixed(2)]);
  rows.push(["Host cold start to first Check (ms)", cell(r.coldStart.msSpawnToFirstCheck.ours), cell(r.coldStart.msSpawnToFirstCheck.trivial), cell(r.coldStart.ratio, "x", 2)]);
  rows.push(["Warm Check (ms)", cell(r.coldStart.msWarmCheck.ours, "", 1), cell(r.coldStart.msWarmCheck.trivial, "", 1), ""]);
  for (const [key, p] of Object.entries<any>(r.preview.byStack)) {
    const [state, n] = key.split("-");
    rows.push([`Preview, ${n} ${state === "new" ? "new" : "unchanged"} (ms total)`, cell(p.totalMs.ours), cell(p.totalMs.trivial), cell(p.ratio, "x", 2)]);
    rows.push([`  per resource (ms)`, cell(p.perResourceMs.ours, "", 1), cell(p.perResourceMs.trivial, "", 1), ""]);
  }
  for (const m of [r.memory, r.memory.unchanged]) {
    if (!m?.hostPeakRssBytes?.ours) continue;
    rows.push([`Host peak RSS, ${m.scenario} (MB)`, cell(mb(m.hostPeakRssBytes.ours), "", 1), cell(mb(m.hostPeakRssBytes.trivial), "", 1), (m.hostPeakRssBytes.ours.median / m.hostPeakRssBytes.trivial.median).toFixed(2)]);
  }
  const up = r.up;
  for (const key of Object.keys(up).filter((k) => k.startsWith("activeAfter"))) {
    const u = up[key];
    rows.push([`Up ${up.monitors}, ACTIVE after ${u.serviceDelayMs / 1000} s (ms)`, cell(u.wallMs), cell(up.trivial.wallMs), `${cell(u.wallOverDelayPlusTrivial, "x", 2)} of delay+trivial`]);
    rows.push([`  waiter overshoot (ms, median / worst)`, `${u.waiterOvershootMs.median.median.toFixed(0)} / ${u.waiterOvershootMs.worstPerRun.max.toFixed(0)}`, "", ""]);
    rows.push([`  calls per monitor`, Object.entries<any>(u.callsPerMonitor).map(([k, v]) => `${k} ${v.median.toFixed(2)}`).join(", "), "", ""]);
    rows.push([`  max concurrent creates`, cell(u.maxConcurrentCreates), cell(up.trivial.maxConcurrentCreates), ""]);
  }
  rows.push([`Second up, no change (ms; calls; writes)`, `${cell(up.secondUpNoChange.wallMs)}; ${up.secondUpNoChange.apiCalls.max}; ${up.secondUpNoChange.writeCalls.max}`, "", ""]);
  const t = r.throttled;
  rows.push([`Up ${up.monitors}, 30 % throttled (ms)`, cell(t.wallMs), "", `${t.runs.filter((x: any) => x.ok).length}/${t.runs.length} completed`]);
  rows.push([`  calls per monitor`, Object.entries<any>(t.callsPerMonitor).map(([k, v]) => `${k} ${v.median.toFixed(2)}`).join(", "), "", `extra ${t.extraCallsPerMonitor.median.toFixed(2)}/monitor`]);
  rows.push([`Refresh --skip-preview ${up.monitors} (ms)`, cell(r.refresh.wallMs.ours), cell(r.refresh.wallMs.trivial), Object.entries<any>(r.refresh.callsPerMonitor).map(([k, v]) => `${k} ${v.median.toFixed(2)}/monitor`).join(", ")]);
  rows.push([`Destroy ${up.monitors} (ms)`, cell(r.destroy.wallMs.ours), cell(r.destroy.wallMs.trivial), Object.entries<any>(r.destroy.callsPerMonitor).map(([k, v]) => `${k} ${v.median.toFixed(2)}/monitor`).join(", ")]);
  const table = markdown(rows);
  const goals = ["", "| Goal | Measured | Met |", "|---|---|---|", ...r.goals.map((g: GoalResult) => `| ${g.goal} | ${g.measured} | ${g.met ? "yes" : "**no**"} |`)];
  return [...table, "", ...renderPluginTable(r), ...goals].join("\n");
}

/** Plugin vs the dynamic path ("ours"), from the same runs. */
function renderPluginTable(r: any): string[] {
  const rows: string[][] = [["Scenario", "Plugin", "Dynamic path (ours)", "Plugin / dynamic"]];
  for (const [key, p] of Object.entries<any>(r.preview.byStack)) {
    if (!p.plugin) continue;
    const [state, n] = key.split("-");
    rows.push([`Preview, ${n} ${state === "new" ? "new" : "unchanged"} (ms total)`, cell(p.plugin.totalMs), cell(p.totalMs.ours), cell(p.plugin.ratioToDynamic, "x", 2)]);
    rows.push([`  per run (ms)`, p.plugin.msPerRun.plugin.join(", "), p.plugin.msPerRun.dynamic.join(", "), ""]);
  }
  for (const m of [r.memory, r.memory.unchanged]) {
    const peak = m?.hostPeakRssBytes;
    if (!peak?.plugin) continue;
    rows.push([`Provider peak RSS, ${m.scenario} (MB)`, cell(mb(peak.plugin), "", 1), cell(mb(peak.ours), "", 1), (peak.plugin.median / peak.ours.median).toFixed(2)]);
  }
  return rows.length > 1 ? markdown(rows) : [];
}

function markdown(rows: string[][]): string[] {
  const table = rows.map((row) => `| ${row.join(" | ")} |`);
  table.splice(1, 0, `|${rows[0].map(() => "---").join("|")}|`);
  return table;
}

function round(x: number): number {
  return Math.round(x);
}

function mb(s: Summary): Summary {
  return { ...s, median: s.median / 2 ** 20, min: s.min / 2 ** 20, max: s.max / 2 ** 20 };
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const out = args.out ?? (args.quick ? undefined : path.join(__dirname, "results.json"));
  const results = await runBench({ quick: args.quick, runs: args.quick ? 1 : (args.runs ?? 5), out, log: (l) => console.error(l) });
  console.log(renderTable(results));
  if (out) {
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + "\n");
    console.error(`wrote ${out}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}
