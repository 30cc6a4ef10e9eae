// readyToDelete: which resources destroy may delete now (concurrently) without deleting anything still needed.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { readyToDelete } from "../../testing/engine/stepGenerator";
import type { StateResource } from "../../testing/engine/types";

function resource(i: number, dependencies: number[], parent?: number): StateResource {
  return {
    urn: `urn:${i}`,
    type: "t",
    name: `r${i}`,
    custom: true,
    inputs: {},
    outputs: {},
    dependencies: dependencies.map((d) => `urn:${d}`),
    parent: parent === undefined ? undefined : `urn:${parent}`,
    status: "created",
  };
}

/** A state in creation order: each resource depends only on (and is parented by) earlier ones. */
const stateArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        deps: fc.subarray(Array.from({ length: i }, (_, j) => j)),
        parent: i === 0 ? fc.constant(undefined) : fc.option(fc.integer({ min: 0, max: i - 1 }), { nil: undefined }),
      }),
    ),
  ).map((rows) => rows.map((r, i) => resource(i, r.deps, r.parent))),
);

describe("readyToDelete (concurrent destroy scheduling)", () => {
  it("independent resources are all ready at once; a dependency or parent waits for its dependents", () => {
    const a = resource(0, []);
    const b = resource(1, [0]);
    const c = resource(2, [], 0);
    const d = resource(3, []);
    assert.deepEqual(readyToDelete([d, c, b, a]).map((r) => r.name), ["r3", "r2", "r1"]);
    assert.deepEqual(readyToDelete([d, a]).map((r) => r.name), ["r3", "r0"]);
  });

  it("deleting what is ready, round by round, deletes everything and never a resource something pending needs", () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        let pending = [...state].reverse();
        const deleted = new Set<string>();
        while (pending.length > 0) {
          const ready = readyToDelete(pending);
          assert.ok(ready.length > 0, "a state in creation order always has something ready");
          const readyUrns = new Set(ready.map((r) => r.urn));
          for (const r of pending) {
            if (readyUrns.has(r.urn)) continue;
            for (const needed of [...r.dependencies, ...(r.parent ? [r.parent] : [])]) {
              assert.ok(!readyUrns.has(needed), `${needed} is needed by pending ${r.urn}`);
            }
          }
          for (const r of ready) deleted.add(r.urn);
          pending = pending.filter((r) => !readyUrns.has(r.urn));
        }
        assert.equal(deleted.size, state.length);
      }),
    );
  });
});
