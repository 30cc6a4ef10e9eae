// npm run fuzz -- --histories N [--seed S] [--front dynamic|plugin|both] [--workers W] [--no-shrink]
//                  [--plugin-transport in-process|loopback] [--write-regressions DIR] [--json FILE]
// Runs N seeded histories (seeds S, S+1, ...), prints summary lines every 100 (per front end and overall), and for
// each failure its seed, front end, an exact replay command, the steps and the broken invariants; `--seed S
// --histories 1` replays one. With `--front both` each history's front end is drawn from its seed (frontOf: even
// seeds dynamic, odd seeds plugin), so N histories split evenly and a replay runs on the same front end. A failure is
// shrunk, and written as a regression test when --write-regressions is given.
import * as fs from "node:fs";
import * as path from "node:path";
import { FRONT_ENDS, frontEndProblem, frontOf, parseFrontChoice, type FrontChoice, type FrontEndName } from "./frontEnd";
import { describeStep, generateHistory, type History } from "./history";
import { KNOWN_FINDINGS, knownFinding, splitKnown } from "./known";
import { PLUGIN_TRANSPORTS, type PluginTransport } from "./pluginFrontEnd";
import { runHistory, startWorld, type HistoryResult } from "./run";
import { shrink } from "./shrink";

interface Options {
  histories: number;
  seed: number;
  front: FrontChoice;
  /** How the engine reaches the plugin's handlers (pluginFrontEnd.ts). */
  pluginTransport: PluginTransport;
  shrink: boolean;
  regressions?: string;
  json?: string;
  /** Worker processes (each runs every `workers`-th seed). */
  workers: number;
  /** Seeds are seed, seed + stride, ... (set for workers). */
  stride: number;
}

function parse(argv: string[]): Options {
  const o: Options = { histories: 100, seed: 1, front: "dynamic", pluginTransport: "in-process", shrink: true, workers: 1, stride: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? "";
    if (a === "--histories") o.histories = Number(next());
    else if (a === "--seed") o.seed = Number(next());
    else if (a === "--front") o.front = parseFrontChoice(next());
    else if (a === "--plugin-transport") {
      const t = next();
      if (!(PLUGIN_TRANSPORTS as readonly string[]).includes(t)) throw new Error(`--plugin-transport takes ${PLUGIN_TRANSPORTS.join(" or ")}, got ${t}`);
      o.pluginTransport = t as PluginTransport;
    }
    else if (a === "--no-shrink") o.shrink = false;
    else if (a === "--write-regressions") o.regressions = next();
    else if (a === "--json") o.json = next();
    else if (a === "--workers") o.workers = Number(next());
    else if (a === "--stride") o.stride = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.histories) || o.histories < 1) throw new Error("--histories takes a positive whole number");
  if (!Number.isInteger(o.seed)) throw new Error("--seed takes a whole number");
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new Error("--workers takes a positive whole number");
  if (!Number.isInteger(o.stride) || o.stride < 1) throw new Error("--stride takes a positive whole number");
  return o;
}

/** The seeds a run covers, in order, each with its front end. */
export function plannedHistories(o: Pick<Options, "histories" | "seed" | "stride" | "front">): { seed: number; front: FrontEndName }[] {
  return Array.from({ length: o.histories }, (_, n) => {
    const seed = o.seed + n * o.stride;
    return { seed, front: frontOf(seed, o.front) };
  });
}

/** The command that replays one history on its front end. */
export function replayCommand(seed: number, front: FrontEndName, transport: PluginTransport = "in-process"): string {
  return `npm run fuzz -- --seed ${seed} --histories 1 --front ${front}${front === "plugin" && transport !== "in-process" ? ` --plugin-transport ${transport}` : ""}`;
}

export interface Totals {
  histories: number;
  steps: number;
  crashes: number;
  faults: number;
  orphans: number;
  failures: number;
  /** Histories whose every broken invariant a known finding explains (see known.ts): not failures. */
  known: number;
  /** Seconds spent in this front end's histories (summed over workers). */
  seconds: number;
}

const emptyTotals = (): Totals => ({ histories: 0, steps: 0, crashes: 0, faults: 0, orphans: 0, failures: 0, known: 0, seconds: 0 });

function addTotals(into: Totals, from: Partial<Totals>): void {
  for (const k of Object.keys(into) as (keyof Totals)[]) into[k] += from[k] ?? 0;
}

function counts(t: Totals): string {
  return `${t.histories} histories, ${t.steps} steps, ${t.crashes} crashes, ${t.faults} fault windows, ${t.orphans} orphans cleaned, ${t.failures} failing${t.known ? `, ${t.known} with known findings only` : ""}`;
}

/**
 * Summary lines: with one front end, its counts over the wall clock; with both, each front end's counts over the time
 * its own histories took (their rate in one process: with W workers the run goes about W times that), then all of
 * them over the wall clock.
 */
function summary(byFront: Partial<Record<FrontEndName, Totals>>, wallSeconds: number, workers = 1): string[] {
  const all = emptyTotals();
  const fronts = FRONT_ENDS.filter((f) => byFront[f] && byFront[f]!.histories > 0);
  const lines: string[] = [];
  for (const f of fronts) addTotals(all, byFront[f]!);
  const wall = `${wallSeconds.toFixed(0)} s${workers > 1 ? ` with ${workers} workers` : ""} (${(wallSeconds > 0 ? all.histories / wallSeconds : 0).toFixed(2)}/s)`;
  if (fronts.length === 1) return [`[${fronts[0]}] ${counts(all)}; ${wall}`];
  for (const f of fronts) {
    const t = byFront[f]!;
    const rate = t.seconds > 0 ? t.histories / t.seconds : 0;
    lines.push(`[${f}] ${counts(t)}; ${t.seconds.toFixed(0)} s in its histories (${rate.toFixed(2)}/s${workers > 1 ? " per worker" : ""})`);
  }
  lines.push(`[all] ${counts(all)}; ${wall}`);
  return lines;
}

export function formatFailure(r: HistoryResult, front: FrontEndName = r.front, transport?: PluginTransport): string {
  return [
    `FAILED seed ${r.history.seed} (front end ${front}); replay: ${replayCommand(r.history.seed, front, transport)}`,
    ...r.history.steps.map((s, i) => `  step ${i + 1}: ${describeStep(s)}`),
    "  what happened:",
    ...r.trace.map((t) => `    ${t}`),
    "  broken invariants:",
    ...r.violations.map((v) => {
      const known = knownFinding(v, front);
      return `    ${v.invariant}: ${v.message}${known ? ` [known: ${known.id}]` : ""}`;
    }),
  ].join("\n");
}

/** A mocha test that replays a shrunk history and expects every invariant to hold. */
export function regressionTest(h: History, front: FrontEndName, violations: string[]): string {
  return `// Found by the fuzzer (seed ${h.seed}, front end ${front}) and shrunk; it broke:
${violations.map((v) => `//   ${v}`).join("\n")}
// Steps:
${h.steps.map((s, i) => `//   ${i + 1}. ${describeStep(s)}`).join("\n")}
import { replayRegression } from "../helpers";

describe("fuzz regression: seed ${h.seed} (${front} front end)", function () {
  this.timeout(120_000);
  it("keeps every invariant", () => replayRegression(${JSON.stringify(h)}, ${JSON.stringify(front)}));
});
`;
}

/** Worker `i` of `workers`: a contiguous block of the run's seeds (so `--front both` splits evenly in each). */
export function workerShare(o: Pick<Options, "histories" | "seed" | "stride">, workers: number, i: number): { seed: number; histories: number } {
  const base = Math.floor(o.histories / workers);
  const extra = o.histories % workers;
  const before = i * base + Math.min(i, extra);
  return { seed: o.seed + before * o.stride, histories: base + (i < extra ? 1 : 0) };
}

/** Splits the histories over worker processes (a block of seeds each) and adds up their totals. */
async function runWorkers(o: Options, argv: string[]): Promise<number> {
  const { fork } = require("node:child_process") as typeof import("node:child_process");
  const os = require("node:os") as typeof import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-fuzz-"));
  const started = Date.now();
  const codes = await Promise.all(
    Array.from({ length: o.workers }, (_, i) => {
      const share = workerShare(o, o.workers, i);
      if (share.histories === 0) return Promise.resolve(0);
      const args = [...stripWorkerArgs(argv), "--seed", String(share.seed), "--stride", String(o.stride), "--histories", String(share.histories), "--json", path.join(dir, `worker-${i}.json`)];
      const child = fork(__filename, args, { execArgv: process.execArgv, stdio: "inherit" });
      return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 2)));
    }),
  );
  const byFront: Partial<Record<FrontEndName, Totals>> = {};
  for (let i = 0; i < o.workers; i++) {
    const file = path.join(dir, `worker-${i}.json`);
    if (!fs.existsSync(file)) continue;
    const w = JSON.parse(fs.readFileSync(file, "utf8")) as { byFront?: Partial<Record<FrontEndName, Totals>> };
    for (const [front, t] of Object.entries(w.byFront ?? {}) as [FrontEndName, Totals][]) addTotals((byFront[front] ??= emptyTotals()), t);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const s = (Date.now() - started) / 1000;
  for (const line of summary(byFront, s, o.workers)) console.log(`TOTAL ${line}`);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ byFront, seconds: s, workers: o.workers, firstSeed: o.seed, front: o.front }, null, 2));
  return codes.every((c) => c === 0) ? 0 : 1;
}

function stripWorkerArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (["--workers", "--seed", "--histories", "--json", "--stride"].includes(argv[i])) i++;
    else out.push(argv[i]);
  }
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const o = parse(argv);
  if (o.workers > 1) return runWorkers(o, argv);
  const skipped = new Map<FrontEndName, string>();
  for (const front of FRONT_ENDS) {
    const problem = o.front === "both" || o.front === front ? frontEndProblem(front) : undefined;
    if (problem) {
      skipped.set(front, problem);
      console.log(`front end ${front}: skipped: ${problem}`);
    }
  }
  const plan = plannedHistories(o).filter((h) => !skipped.has(h.front));
  if (plan.length === 0) return 2;
  const world = await startWorld(plan[0].front, { pluginTransport: o.pluginTransport });
  const started = Date.now();
  const byFront: Partial<Record<FrontEndName, Totals>> = {};
  const known = new Map<string, { histories: number; first: { seed: number; front: FrontEndName } }>();
  let failures = 0;
  try {
    for (const [n, { seed, front }] of plan.entries()) {
      const history = generateHistory(seed);
      const t0 = Date.now();
      const r = await runHistory(world, history, front);
      const totals = (byFront[front] ??= emptyTotals());
      totals.seconds += (Date.now() - t0) / 1000;
      totals.histories++;
      totals.steps += history.steps.length;
      totals.crashes += r.crashes;
      totals.faults += r.faults;
      totals.orphans += r.orphans;
      const split = splitKnown(r);
      for (const id of split.known) {
        const k = known.get(id) ?? { histories: 0, first: { seed, front } };
        k.histories++;
        known.set(id, k);
      }
      if (split.known.length && !split.unknown.length) totals.known++;
      if (split.unknown.length) {
        totals.failures++;
        failures++;
        console.log(formatFailure(r, front, o.pluginTransport));
        if (o.shrink) {
          const small = await shrink(r, (h) => runHistory(world, h, front), undefined, (x) => splitKnown(x).unknown);
          console.log(`  shrunk to ${small.history.steps.length} steps:\n${formatFailure(small, front, o.pluginTransport)}`);
          if (o.regressions) {
            fs.mkdirSync(o.regressions, { recursive: true });
            const file = path.join(o.regressions, `seed-${history.seed}.test.ts`);
            fs.writeFileSync(file, regressionTest(small.history, front, small.violations.map((v) => `${v.invariant}: ${v.message}`)));
            console.log(`  regression test written: ${file}`);
          }
        }
      }
      if ((n + 1) % 100 === 0 || n + 1 === plan.length) {
        for (const line of summary(byFront, (Date.now() - started) / 1000)) console.log(line);
      }
    }
  } finally {
    await world.stop();
  }
  for (const [id, k] of known) {
    const finding = KNOWN_FINDINGS.find((f) => f.id === id)!;
    console.log(`KNOWN ${id}: in ${k.histories} histories (first: ${replayCommand(k.first.seed, k.first.front, o.pluginTransport)}): ${finding.summary}`);
  }
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ byFront, seconds: (Date.now() - started) / 1000, firstSeed: o.seed, front: o.front }, null, 2));
  return failures ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(2);
    },
  );
}
