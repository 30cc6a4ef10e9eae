// Replays a history (a shrunk failure written by the fuzzer) and expects every invariant to hold.
import * as assert from "node:assert/strict";
import type { History } from "../../testing/fuzz/history";
import { runHistory, startWorld } from "../../testing/fuzz/run";

export async function replayRegression(history: History): Promise<void> {
  const world = await startWorld();
  try {
    const r = await runHistory(world, history);
    assert.deepEqual(r.violations, [], r.trace.join("\n"));
  } finally {
    await world.stop();
  }
}
