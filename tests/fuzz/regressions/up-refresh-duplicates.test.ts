// Found by the fuzzer (seed 1000 and others): `up --refresh` on a stack that already held resources wrote every
// refreshed resource into the state twice (same URN, same id). The refresh rewrote the deployment's base state
// after the step generator had taken its old states, so each same/update step marked the pre-refresh copy done
// and the refreshed copy stayed. Pulumi's engine refreshes first and builds the deployment from the refreshed
// snapshot. Fixed in testing/engine/deployment.ts (`refreshAll` hands the refreshed states to the generator).
import * as assert from "node:assert/strict";
import type { History } from "../../../testing/fuzz/history";
import { integrityProblem } from "../../../testing/fuzz/integrity";
import { InProcessEngine } from "../../../testing/fuzz/engine";
import { runHistory, startWorld, type FuzzWorld } from "../../../testing/fuzz/run";
import { REGION, subnetArn, type ProgramSpec } from "../../../testing/fuzz/program";

const history: History = {
  seed: 1000,
  steps: [
    { kind: "edit", edit: { kind: "add", monitor: { name: "m0", local: [subnetArn(1)], remote: ["S3"], tags: { team: "a" }, secretTags: [] } } },
    { kind: "op", op: "up --refresh" },
    { kind: "op", op: "up --refresh" },
  ],
};

describe("fuzz regression: up --refresh keeps each resource once in the state", function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.stop();
  });

  it("a second `up --refresh` leaves one state entry per resource", async () => {
    const spec: ProgramSpec = { scope: true, monitors: [{ name: "m0", local: [subnetArn(1)], remote: [], tags: {}, secretTags: [] }] };
    const engine = new InProcessEngine({ project: "nfm-fuzz", stack: "dev", config: { "aws:region": REGION, "networkflowmonitor:endpoint": world.emulator.endpoint } });
    world.emulator.control.reset();
    assert.ok((await engine.up(spec)).ok);
    const r = await engine.up(spec, { refresh: true });
    assert.ok(r.ok, JSON.stringify(r.diagnostics));
    assert.equal(integrityProblem(engine.state), undefined);
    assert.deepEqual(engine.state.resources.map((x) => x.name), ["nfm-fuzz-dev", "scope", "m0"]);
    await engine.destroy();
  });

  it("the shrunk history keeps every invariant", async () => {
    const r = await runHistory(world, history);
    assert.deepEqual(r.violations, [], r.trace.join("\n"));
  });
});
