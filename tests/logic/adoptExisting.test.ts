import * as assert from "node:assert/strict";
import { checkMonitor } from "../../provider/monitor/check";
import { diffMonitor } from "../../provider/monitor/diff";
import { UNKNOWN } from "../../provider/monitor/types";

const news = (extra: Record<string, unknown> = {}) => ({
  monitorName: "m",
  localResources: [{ type: "AWS::Region", identifier: "us-east-1" }],
  scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/abc",
  ...extra,
});

describe("adoptExisting input", () => {
  it("accepts true, false and unknown, and passes it through", () => {
    for (const v of [true, false, UNKNOWN]) {
      const r = checkMonitor({}, news({ adoptExisting: v }), { defaultRegion: "us-east-1" });
      assert.deepEqual(r.failures, []);
      assert.equal(r.inputs.adoptExisting, v);
    }
  });

  it("rejects anything else, naming the property", () => {
    const r = checkMonitor({}, news({ adoptExisting: "yes" }), { defaultRegion: "us-east-1" });
    assert.deepEqual(r.failures.map((f) => f.property), ["adoptExisting"]);
    assert.match(r.failures[0].reason, /true or false/);
  });

  it("is stored without replacing: absent and false are the same, true is an in-place change", () => {
    const olds = checkMonitor({}, news(), { defaultRegion: "us-east-1" }).inputs;
    const same = diffMonitor(olds, checkMonitor({}, news({ adoptExisting: false }), { defaultRegion: "us-east-1" }).inputs);
    assert.equal(same.changes, false);
    const on = diffMonitor(olds, checkMonitor({}, news({ adoptExisting: true }), { defaultRegion: "us-east-1" }).inputs);
    assert.deepEqual([on.changes, on.replaces], [true, []]);
  });
});
