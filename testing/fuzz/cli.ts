// npm run fuzz -- --histories N [--seed S] [--front dynamic|plugin|both] [--shrink] [--write-regressions DIR]
// Runs N seeded histories (seeds S, S+1, ...), prints a summary line every 100, and for each failure its seed,
// steps and broken invariants; `--seed S --histories 1` replays one. A failure is shrunk and written as a
// regression test when --write-regressions is given.
import * as fs from "node:fs";
import * as path from "node:path";
import { FRONT_ENDS, frontEndProblem, type FrontEndName } from "./frontEnd";
import { describeStep, generateHistory, type History } from "./history";
import { runHistory, startWorld, type HistoryResult } from "./run";
import { shrink } from "./shrink";

interface Options {
  histories: number;
  seed: number;
  fronts: FrontEndName[];
  shrink: boolean;
  regressions?: string;
  json?: string;
  /** Worker processes (each runs every `workers`-th seed). */
  workers: number;
  /** Seeds are seed, seed + stride, ... (set for workers). */
  stride: number;
}

function parse(argv: string[]): Options {
  const o: Options = { histories: 100, seed: 1, fronts: ["dynamic"], shrink: true, workers: 1, stride: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? "";
    if (a === "--histories") o.histories = Number(next());
    else if (a === "--seed") o.seed = Number(next());
    else if (a === "--front") {
      const f = next();
      o.fronts = f === "both" ? [...FRONT_ENDS] : [f as FrontEndName];
      if (!o.fronts.every((x) => FRONT_ENDS.includes(x))) throw new Error(`--front takes dynamic, plugin or both, got ${f}`);
    } else if (a === "--no-shrink") o.shrink = false;
    else if (a === "--write-regressions") o.regressions = next();
    else if (a === "--json") o.json = next();
    else if (a === "--workers") o.workers = Number(next());
    else if (a === "--stride") o.stride = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.histories) || o.histories < 1) throw new Error("--histories takes a positive whole number");
  if (!Number.isInteger(o.seed)) throw new Error("--seed takes a whole number");
  return o;
}

export function formatFailure(r: HistoryResult, front: FrontEndName): string {
  return [
    `FAILED seed ${r.history.seed} (front end ${front}); replay: npm run fuzz -- --seed ${r.history.seed} --histories 1 --front ${front}`,
    ...r.history.steps.map((s, i) => `  step ${i + 1}: ${describeStep(s)}`),
    "  what happened:",
    ...r.trace.map((t) => `    ${t}`),
    "  broken invariants:",
    ...r.violations.map((v) => `    ${v.invariant}: ${v.message}`),
  ].join("\n");
}

/** A mocha test that replays a shrunk history and expects every invariant to hold. */
export function regressionTest(h: History, front: FrontEndName, violations: string[]): string {
  return `// Found by the fuzzer (seed ${h.seed}, front end ${front}) and shrunk; it broke:
${violations.map((v) => `//   ${v}`).join("\n")}
// Steps:
${h.steps.map((s, i) => `//   ${i + 1}. ${describeStep(s)}`).join("\n")}
import { replayRegression } from "../helpers";

describe("fuzz regression: seed ${h.seed}", function () {
  this.timeout(120_000);
  it("keeps every invariant", () => replayRegression(${JSON.stringify(h)}));
});
`;
}

/** Splits the histories over worker processes (every `workers`-th seed each) and adds up their totals. */
async function runWorkers(o: Options, argv: string[]): Promise<number> {
  const { fork } = require("node:child_process") as typeof import("node:child_process");
  const os = require("node:os") as typeof import("node:os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-fuzz-"));
  const started = Date.now();
  const codes = await Promise.all(
    Array.from({ length: o.workers }, (_, i) => {
      const share = Math.floor(o.histories / o.workers) + (i < o.histories % o.workers ? 1 : 0);
      const args = [...stripWorkerArgs(argv), "--seed", String(o.seed + i), "--stride", String(o.workers), "--histories", String(share), "--json", path.join(dir, `worker-${i}.json`)];
      const child = fork(__filename, args, { execArgv: process.execArgv, stdio: "inherit" });
      return new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 2)));
    }),
  );
  const totals: Record<string, number> = { histories: 0, steps: 0, crashes: 0, faults: 0, orphans: 0, failures: 0 };
  for (let i = 0; i < o.workers; i++) {
    const file = path.join(dir, `worker-${i}.json`);
    if (!fs.existsSync(file)) continue;
    const w = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, number>;
    for (const k of Object.keys(totals)) totals[k] += w[k] ?? 0;
  }
  const s = (Date.now() - started) / 1000;
  const line = `TOTAL ${totals.histories} histories, ${totals.steps} steps, ${totals.crashes} crashes, ${totals.faults} fault windows, ${totals.orphans} orphans cleaned, ${totals.failures} failing; ${s.toFixed(0)} s with ${o.workers} workers (${(totals.histories / s).toFixed(2)}/s)`;
  console.log(line);
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ ...totals, seconds: s, workers: o.workers, firstSeed: o.seed }, null, 2));
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
  let failures = 0;
  let ran = 0;
  for (const front of o.fronts) {
    const problem = frontEndProblem(front);
    if (problem) {
      console.log(`front end ${front}: skipped: ${problem}`);
      continue;
    }
    ran++;
    const world = await startWorld(front);
    const started = Date.now();
    const totals = { histories: 0, steps: 0, crashes: 0, faults: 0, orphans: 0, failures: 0 };
    try {
      for (let n = 0; n < o.histories; n++) {
        const history = generateHistory(o.seed + n * o.stride);
        const r = await runHistory(world, history);
        totals.histories++;
        totals.steps += history.steps.length;
        totals.crashes += r.crashes;
        totals.faults += r.faults;
        totals.orphans += r.orphans;
        if (r.violations.length) {
          totals.failures++;
          failures++;
          console.log(formatFailure(r, front));
          if (o.shrink) {
            const small = await shrink(r, (h) => runHistory(world, h));
            console.log(`  shrunk to ${small.history.steps.length} steps:\n${formatFailure(small, front)}`);
            if (o.regressions) {
              fs.mkdirSync(o.regressions, { recursive: true });
              const file = path.join(o.regressions, `seed-${history.seed}.test.ts`);
              fs.writeFileSync(file, regressionTest(small.history, front, small.violations.map((v) => `${v.invariant}: ${v.message}`)));
              console.log(`  regression test written: ${file}`);
            }
          }
        }
        if ((n + 1) % 100 === 0 || n + 1 === o.histories) {
          const s = (Date.now() - started) / 1000;
          console.log(`[${front}] ${totals.histories} histories, ${totals.steps} steps, ${totals.crashes} crashes, ${totals.faults} fault windows, ${totals.orphans} orphans cleaned, ${totals.failures} failing; ${s.toFixed(0)} s (${(totals.histories / s).toFixed(2)}/s)`);
        }
      }
    } finally {
      await world.stop();
    }
    if (o.json) fs.writeFileSync(o.json, JSON.stringify({ front, ...totals, seconds: (Date.now() - started) / 1000, firstSeed: o.seed }, null, 2));
  }
  if (ran === 0) return 2;
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
