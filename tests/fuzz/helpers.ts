// Replays a history (a shrunk failure written by the fuzzer) on its front end and expects every invariant to hold
// but those a known finding explains (testing/fuzz/known.ts: reported, not fixed yet, cause still present).
import * as assert from "node:assert/strict";
import type { FrontEndName } from "../../testing/fuzz/frontEnd";
import type { History } from "../../testing/fuzz/history";
import { splitKnown } from "../../testing/fuzz/known";
import { runHistory, startWorld } from "../../testing/fuzz/run";

export async function replayRegression(history: History, front: FrontEndName = "dynamic"): Promise<void> {
  const world = await startWorld(front);
  try {
    const r = await runHistory(world, history, front);
    assert.deepEqual(splitKnown(r).unknown, [], r.trace.join("\n"));
  } finally {
    await world.stop();
  }
}
