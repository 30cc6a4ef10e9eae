// Shrinking a failing history to a smaller one that still breaks the same invariant: drop steps, then drop each
// step's fault and crash, then move crashes earlier. Greedy, like the first passes of Pulumi's fuzzer's shrinker
// (rapid's), and bounded: each candidate costs a run. `relevant` picks the violations that count (the fuzzer leaves
// out those a known finding explains, so a history is shrunk towards what is new in it).
import type { History, Step } from "./history";
import type { HistoryResult, InvariantName, Violation } from "./run";

export async function shrink(
  failing: HistoryResult,
  run: (h: History) => Promise<HistoryResult>,
  budget = 60,
  relevant: (r: HistoryResult) => Violation[] = (r) => r.violations,
): Promise<HistoryResult> {
  const target = new Set<InvariantName>(relevant(failing).map((v) => v.invariant));
  let best = failing;
  let tries = 0;
  const attempt = async (steps: Step[]): Promise<boolean> => {
    if (tries++ >= budget) return false;
    const r = await run({ seed: best.history.seed, steps });
    if (relevant(r).some((v) => target.has(v.invariant))) {
      best = r;
      return true;
    }
    return false;
  };
  let progress = true;
  while (progress && tries < budget) {
    progress = false;
    for (let i = best.history.steps.length - 1; i >= 0; i--) {
      const steps = best.history.steps.filter((_, j) => j !== i);
      if (await attempt(steps)) progress = true;
    }
    for (let i = 0; i < best.history.steps.length; i++) {
      const s = best.history.steps[i];
      if (s.kind !== "op") continue;
      for (const simpler of [{ ...s, fault: undefined }, { ...s, crashAfter: undefined }, ...(s.crashAfter ? [{ ...s, crashAfter: Math.floor(s.crashAfter / 2) }] : [])]) {
        if (JSON.stringify(simpler) === JSON.stringify(s)) continue;
        const steps = best.history.steps.map((x, j) => (j === i ? clean(simpler) : x));
        if (await attempt(steps)) {
          progress = true;
          break;
        }
      }
    }
  }
  return best;
}

function clean(s: Step): Step {
  return JSON.parse(JSON.stringify(s)) as Step;
}
