// Pure helpers for the benchmarks: summaries of repeated runs, concurrency from step times, call counts and the
// goal checks. No I/O, so tests/bench exercises them directly.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median (mean of the middle two for an even count), min and max; throws on no values. */
export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error("summarize: values must hold at least one number");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** Summary of a ratio a/b per run, paired by run index (both runs of one pair share the machine's noise). */
export function pairedRatio(a: number[], b: number[]): Summary {
  if (a.length !== b.length) throw new Error(`pairedRatio: ${a.length} values against ${b.length}`);
  return summarize(a.map((x, i) => x / b[i]));
}

/**
 * The order in which run `run` (from 0) measures `kinds`: as given on even runs, reversed on odd ones, so no kind
 * always goes first and the ones in the middle stay next to both ends.
 */
export function interleaved<T>(kinds: readonly T[], run: number): T[] {
  if (!Number.isInteger(run) || run < 0) throw new Error(`interleaved: run must be a whole number >= 0, got ${run}`);
  return run % 2 === 0 ? [...kinds] : [...kinds].reverse();
}

/** The largest number of [start, end) intervals open at one instant. */
export function maxConcurrency(intervals: { start: number; end: number }[]): number {
  const events: [number, number][] = [];
  for (const { start, end } of intervals) {
    if (!(end >= start)) throw new Error(`maxConcurrency: interval ends (${end}) before it starts (${start})`);
    if (end === start) continue;
    events.push([start, 1], [end, -1]);
  }
  // Ends sort before starts at the same instant: touching intervals do not overlap.
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let most = 0;
  for (const [, delta] of events) {
    open += delta;
    most = Math.max(most, open);
  }
  return most;
}

/** How many items fall under each key (items with a null key are counted as "(unmatched)"). */
export function countBy<T>(items: T[], key: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item) ?? "(unmatched)";
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Counts divided by `n` (e.g. calls per monitor), keys sorted. */
export function perUnit(counts: Record<string, number>, n: number): Record<string, number> {
  if (!(n > 0)) throw new Error(`perUnit: n must be positive, got ${n}`);
  return Object.fromEntries(Object.keys(counts).sort().map((k) => [k, counts[k] / n]));
}

/**
 * Marginal cost per added resource between successive stack sizes (points sorted by n), and whether the growth
 * is linear: no later marginal cost above `tolerance` times the first.
 */
export function growth(points: { n: number; ms: number }[], tolerance = 1.5): { marginalMs: number[]; linear: boolean } {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  const marginalMs: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const dn = sorted[i].n - sorted[i - 1].n;
    if (dn <= 0) throw new Error(`growth: stack size ${sorted[i].n} appears twice`);
    marginalMs.push((sorted[i].ms - sorted[i - 1].ms) / dn);
  }
  const first = marginalMs[0];
  const linear = marginalMs.length < 2 || marginalMs.every((m) => m <= Math.max(first, 0) * tolerance);
  return { marginalMs, linear };
}

/** Waiter overshoot allowed for a wait of `waitMs`: 10 % of it, but never under 0.5 s (short waits). */
export function allowedOvershootMs(waitMs: number): number {
  return Math.max(500, 0.1 * waitMs);
}

/** GetMonitor calls allowed per monitor for a wait of `waitMs`: one per second of waiting, and at least one. */
export function allowedPolls(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

export interface GoalResult {
  goal: string;
  measured: string;
  met: boolean;
  why?: string;
}
