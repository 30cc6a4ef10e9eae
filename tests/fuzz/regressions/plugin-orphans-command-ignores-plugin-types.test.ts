// Found by the fuzzer's plugin front end on its first run (every plugin history whose state holds a monitor or scope
// at recovery, e.g. seeds 1, 2 and 4): nfm-orphans' `stateHoldings` (provider/orphans/find.ts) picked the state's
// monitors and scopes by the type pattern /networkflowmonitor[^:]*:(Monitor|Scope)$/, which matches
// `pulumi-nodejs:dynamic/networkflowmonitor:Monitor` but not the plugin's `networkflowmonitor:index:Monitor` or
// `networkflowmonitor:index:Scope`. On a plugin stack the command found nothing held, called every monitor and scope
// the stack owns an orphan, and would have deleted them when told to. Fixed: the pattern names both front ends' types.
import * as assert from "node:assert/strict";
import { stateHoldings } from "../../../provider/orphans/find";
import type { History } from "../../../testing/fuzz/history";
import { PLUGIN_MONITOR_TYPE, PLUGIN_SCOPE_TYPE } from "../../../testing/fuzz/program";
import { runHistory, startWorld } from "../../../testing/fuzz/run";

/** The smallest history that shows it: a monitor and the scope, one `up`; then the recovery. */
const history: History = {
  seed: 1,
  steps: [
    { kind: "edit", edit: { kind: "add", monitor: { name: "m0", local: ["arn:aws:ec2:us-east-1:123456789012:subnet/subnet-00000000000000001"], remote: [], tags: {}, secretTags: [] } } },
    { kind: "op", op: "up" },
  ],
};

describe("fuzz regression: the orphans command on a plugin stack", function () {
  this.timeout(120_000);
  it("counts the plugin's monitors and scopes as held, and the recovery deletes none of them", async () => {
    const held = stateHoldings({ resources: [{ type: PLUGIN_MONITOR_TYPE, id: "m0-1" }, { type: PLUGIN_SCOPE_TYPE, id: "s-1", outputs: { scopeArn: "arn:s-1" } }] }).held;
    assert.deepEqual([...held].sort(), ["arn:s-1", "m0-1", "s-1"]);
    const world = await startWorld("plugin");
    try {
      const r = await runHistory(world, history, "plugin");
      assert.deepEqual(r.violations, [], r.trace.join("\n"));
    } finally {
      await world.stop();
    }
  });
});
