import * as assert from "node:assert/strict";
import fc from "fast-check";
import { diffMonitor } from "../../provider/monitor/diff";
import { MonitorResource, UNKNOWN } from "../../provider/monitor/types";
import { localResourceArb, remoteResourcesArb, res, scopeArn, vpcArn } from "./arbitraries";

const inputs = (): Record<string, unknown> => ({
  monitorName: "web",
  localResources: [res("AWS::EC2::VPC", vpcArn("us-east-1")), res("AWS::AvailabilityZone", "us-east-1a")],
  remoteResources: [res("AWS::AWSService", "S3")],
  scopeArn: scopeArn("us-east-1"),
  tags: { team: "net" },
  tagsAll: { team: "net", owner: "ops" },
  region: "us-east-1",
  __naming: { resourceName: "web", project: "p", stack: "dev" },
});
// Old outputs: the old inputs plus what the service computed.
const outputs = (): Record<string, unknown> => ({
  ...inputs(),
  monitorArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/web",
  monitorStatus: "ACTIVE",
  createdAt: "2026-01-01T00:00:00.000Z",
  modifiedAt: "2026-01-01T00:00:00.000Z",
  __provider: "exports.handler = ...",
});

describe("diffMonitor", () => {
  it("answers changes: false explicitly when nothing the user controls changed", () => {
    const d = diffMonitor(outputs(), { ...inputs(), __naming: { resourceName: "web2", project: "p", stack: "dev" }, __provider: "other" });
    assert.deepEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [], detailedDiff: {} });
  });

  it("ignores computed outputs", () => {
    const news = { ...inputs(), monitorArn: "x", monitorStatus: "PENDING", createdAt: "y", modifiedAt: "z" };
    assert.equal(diffMonitor(outputs(), news).changes, false);
  });

  for (const field of ["monitorName", "scopeArn", "region"]) {
    it(`replaces when ${field} changes`, () => {
      const value = field === "scopeArn" ? scopeArn("us-east-1", "s2") : field === "region" ? "us-west-2" : "web2";
      const d = diffMonitor(outputs(), { ...inputs(), [field]: value });
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, [field]);
      assert.deepEqual(d.detailedDiff, { [field]: { kind: "update-replace", inputDiff: true } });
    });
  }

  it("updates resources in place", () => {
    const d = diffMonitor(outputs(), { ...inputs(), localResources: [res("AWS::AvailabilityZone", "us-east-1a")], remoteResources: [] });
    assert.deepEqual(d.diffs, ["localResources", "remoteResources"]);
    assert.deepEqual(d.replaces, []);
    assert.equal(d.detailedDiff.localResources.kind, "update");
  });

  it("updates tags and tagsAll in place, including a change of default tags alone", () => {
    const d = diffMonitor(outputs(), { ...inputs(), tagsAll: { team: "net", owner: "sec" } });
    assert.deepEqual(d.diffs, ["tagsAll"]);
    assert.deepEqual(d.replaces, []);
    assert.deepEqual(diffMonitor(outputs(), { ...inputs(), tags: {}, tagsAll: {} }).diffs, ["tags", "tagsAll"]);
  });

  it("updates timeouts in place; missing and empty timeouts are the same", () => {
    const d = diffMonitor(outputs(), { ...inputs(), timeouts: { create: "1h" } });
    assert.deepEqual(d.detailedDiff, { timeouts: { kind: "add", inputDiff: true } });
    assert.deepEqual(diffMonitor({ ...outputs(), timeouts: { create: "1h" } }, inputs()).detailedDiff, { timeouts: { kind: "delete", inputDiff: true } });
    assert.equal(diffMonitor(outputs(), { ...inputs(), timeouts: {} }).changes, false);
    assert.equal(diffMonitor({ ...outputs(), timeouts: { create: "1h" } }, { ...inputs(), timeouts: { create: "1h" } }).changes, false);
  });

  it("treats missing tags, tagsAll and remoteResources in old state as empty", () => {
    const old = outputs();
    delete old.tagsAll;
    delete old.remoteResources;
    assert.equal(diffMonitor(old, { ...inputs(), tagsAll: {}, remoteResources: [] }).changes, false);
  });

  it("counts an unknown as a change of that field only, replacing for replacing fields", () => {
    const d = diffMonitor(outputs(), { ...inputs(), scopeArn: UNKNOWN });
    assert.deepEqual(d.diffs, ["scopeArn"]);
    assert.deepEqual(d.replaces, ["scopeArn"]);
    const e = diffMonitor(outputs(), { ...inputs(), localResources: [UNKNOWN, res("AWS::AvailabilityZone", "us-east-1a")], tags: { team: UNKNOWN } });
    assert.deepEqual(e.diffs, ["localResources", "tags"]);
    assert.deepEqual(e.replaces, []);
  });

  describe("deleteBeforeReplace", () => {
    it("when the replacement keeps its name in the same Region", () => {
      const d = diffMonitor(outputs(), { ...inputs(), scopeArn: scopeArn("us-east-1", "s2") });
      assert.equal(d.deleteBeforeReplace, true);
    });
    it("when the new name is unknown", () => {
      assert.equal(diffMonitor(outputs(), { ...inputs(), monitorName: UNKNOWN }).deleteBeforeReplace, true);
    });
    it("not when the name changes", () => {
      assert.equal(diffMonitor(outputs(), { ...inputs(), monitorName: "web-2", scopeArn: scopeArn("us-east-1", "s2") }).deleteBeforeReplace, false);
    });
    it("not when the Region changes", () => {
      assert.equal(diffMonitor(outputs(), { ...inputs(), region: "us-west-2", scopeArn: scopeArn("us-west-2") }).deleteBeforeReplace, false);
    });
    it("not without a replacement", () => {
      assert.equal(diffMonitor(outputs(), { ...inputs(), tags: {} }).deleteBeforeReplace, false);
    });
  });

  it("sees no change in any reordering or duplication of the resource lists", () => {
    // The same items in any order, with copies of some of them mixed in.
    const shuffled = (list: MonitorResource[]): fc.Arbitrary<MonitorResource[]> =>
      list.length === 0
        ? fc.constant([])
        : fc
            .array(fc.constantFrom(...list), { maxLength: 4 })
            .chain((extra) => {
              const all = [...list, ...extra.map((r) => ({ ...r }))];
              return fc.shuffledSubarray(all, { minLength: all.length });
            });
    fc.assert(
      fc.property(
        fc
          .record({ local: fc.array(localResourceArb("us-east-1"), { minLength: 1, maxLength: 6 }), remote: remoteResourcesArb("us-east-1") })
          .chain(({ local, remote }) => fc.record({ local: fc.constant(local), remote: fc.constant(remote), local2: shuffled(local), remote2: shuffled(remote) })),
        ({ local, remote, local2, remote2 }) => {
          const old = { ...outputs(), localResources: local, remoteResources: remote };
          const d = diffMonitor(old, { ...inputs(), localResources: local2, remoteResources: remote2 });
          assert.equal(d.changes, false);
        },
      ),
    );
  });

  it("never reports a change for a field whose new value equals the old, whatever else is unknown", () => {
    const fields = ["monitorName", "localResources", "remoteResources", "scopeArn", "tags", "tagsAll", "region"];
    fc.assert(
      fc.property(fc.subarray(fields), (unknownFields) => {
        const news = inputs();
        for (const f of unknownFields) news[f] = UNKNOWN;
        const d = diffMonitor(outputs(), news);
        assert.deepEqual([...d.diffs].sort(), fields.filter((f) => unknownFields.includes(f)).sort());
        assert.equal(d.changes, unknownFields.length > 0);
      }),
    );
  });
});
