import * as assert from "node:assert/strict";
import fc from "fast-check";
import { resourceKey } from "../../provider/monitor/check";
import { planIsEmpty, planMonitorUpdate, MonitorUpdatePlan, MonitorUpdateState } from "../../provider/monitor/plan";
import { MonitorResource } from "../../provider/monitor/types";
import { localResourceArb, remoteResourcesArb, res, tagsArb } from "./arbitraries";

const stateArb: fc.Arbitrary<MonitorUpdateState> = fc.record({
  localResources: fc.array(localResourceArb("us-east-1"), { maxLength: 8 }),
  remoteResources: remoteResourcesArb("us-east-1"),
  tagsAll: tagsArb,
});

const keys = (list: MonitorResource[]) => new Set(list.map(resourceKey));

/** What the service holds after the plan's calls. */
function apply(old: MonitorUpdateState, plan: MonitorUpdatePlan): { local: Set<string>; remote: Set<string>; tags: Record<string, string> } {
  const local = keys(old.localResources);
  const remote = keys(old.remoteResources);
  const u = plan.updateMonitor;
  if (u) {
    u.localResourcesToRemove.forEach((r) => local.delete(resourceKey(r)));
    u.localResourcesToAdd.forEach((r) => local.add(resourceKey(r)));
    u.remoteResourcesToRemove.forEach((r) => remote.delete(resourceKey(r)));
    u.remoteResourcesToAdd.forEach((r) => remote.add(resourceKey(r)));
  }
  const tags = { ...old.tagsAll, ...plan.tagsToSet };
  for (const k of plan.tagKeysToRemove) delete tags[k];
  return { local, remote, tags };
}

describe("planMonitorUpdate", () => {
  it("turns the old state into the new one", () => {
    fc.assert(
      fc.property(stateArb, stateArb, (old, next) => {
        const after = apply(old, planMonitorUpdate(old, next));
        assert.deepEqual(after.local, keys(next.localResources));
        assert.deepEqual(after.remote, keys(next.remoteResources));
        assert.deepEqual(after.tags, next.tagsAll);
      }),
    );
  });

  it("plans nothing, and no UpdateMonitor call, for the same sets in another order", () => {
    fc.assert(
      fc.property(stateArb, (old) => {
        const next = { ...old, localResources: [...old.localResources].reverse(), remoteResources: [...old.remoteResources, ...old.remoteResources] };
        const plan = planMonitorUpdate(old, next);
        assert.equal(plan.updateMonitor, undefined);
        assert.ok(planIsEmpty(plan));
      }),
    );
  });

  it("lists each change once, in the inputs' order, and only touches changed tags", () => {
    const a = res("AWS::AvailabilityZone", "us-east-1a");
    const b = res("AWS::AvailabilityZone", "us-east-1b");
    const c = res("AWS::AvailabilityZone", "us-east-1c");
    const plan = planMonitorUpdate(
      { localResources: [a, b], remoteResources: [], tagsAll: { keep: "1", change: "old", drop: "x" } },
      { localResources: [c, b, c], remoteResources: [res("AWS::AWSService", "S3")], tagsAll: { keep: "1", change: "new", add: "y" } },
    );
    assert.deepEqual(plan, {
      updateMonitor: {
        localResourcesToAdd: [c],
        localResourcesToRemove: [a],
        remoteResourcesToAdd: [res("AWS::AWSService", "S3")],
        remoteResourcesToRemove: [],
      },
      tagsToSet: { change: "new", add: "y" },
      tagKeysToRemove: ["drop"],
    });
    assert.equal(planIsEmpty(plan), false);
  });

  it("plans tags alone without an UpdateMonitor call", () => {
    const a = res("AWS::Region", "us-east-1");
    const plan = planMonitorUpdate({ localResources: [a], remoteResources: [], tagsAll: {} }, { localResources: [a], remoteResources: [], tagsAll: { t: "" } });
    assert.equal(plan.updateMonitor, undefined);
    assert.deepEqual(plan.tagsToSet, { t: "" });
    assert.equal(planIsEmpty(plan), false);
  });
});
