// The benchmarks' pure helpers: run summaries, concurrency from step times, call counts, growth and the goal limits.
// (No smoke test of `npm run bench --quick` itself: even its smallest scenarios spawn program processes and
// provider hosts for tens of seconds, and tests time nothing.)
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { parseBenchArgs } from "../../bench/run";
import { cloneState } from "../../bench/harness";
import { allowedOvershootMs, allowedPolls, countBy, growth, interleaved, maxConcurrency, pairedRatio, perUnit, summarize } from "../../bench/stats";
import type { StateFile } from "../../testing/engine/types";

describe("bench stats", () => {
  it("summarize: median of odd and even counts, min and max, and at least one value", () => {
    assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3, runs: 3 });
    assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4, runs: 4 });
    assert.throws(() => summarize([]), /at least one/);
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }), (xs) => {
        const s = summarize(xs);
        assert.ok(s.min <= s.median && s.median <= s.max);
        assert.equal(s.runs, xs.length);
      }),
    );
  });

  it("pairedRatio divides run by run and refuses lists of different lengths", () => {
    assert.deepEqual(pairedRatio([2, 9], [1, 3]), { median: 2.5, min: 2, max: 3, runs: 2 });
    assert.throws(() => pairedRatio([1], [1, 2]), /1 values against 2/);
  });

  it("maxConcurrency counts overlapping intervals; touching ones do not overlap", () => {
    assert.equal(maxConcurrency([]), 0);
    assert.equal(maxConcurrency([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 6, end: 7 }]), 3);
    assert.equal(maxConcurrency([{ start: 0, end: 5 }, { start: 5, end: 10 }]), 1);
    assert.throws(() => maxConcurrency([{ start: 2, end: 1 }]), /ends \(1\) before it starts \(2\)/);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(100), fc.integer({ min: 1, max: 50 }))), (pairs) => {
        const intervals = pairs.map(([start, len]) => ({ start, end: start + len }));
        const most = maxConcurrency(intervals);
        assert.ok(most <= intervals.length);
        // At any interval's start, the intervals open there are a lower bound.
        for (const i of intervals) {
          const open = intervals.filter((j) => j.start <= i.start && i.start < j.end).length;
          assert.ok(open <= most);
        }
      }),
    );
  });

  it("countBy and perUnit: calls per operation per monitor", () => {
    const counts = countBy([{ op: "GetMonitor" }, { op: "GetMonitor" }, { op: null }], (x) => x.op);
    assert.deepEqual(counts, { GetMonitor: 2, "(unmatched)": 1 });
    assert.deepEqual(perUnit({ b: 4, a: 2 }, 2), { a: 1, b: 2 });
    assert.throws(() => perUnit({}, 0), /n must be positive/);
  });

  it("growth: marginal cost per added resource; linear within tolerance, superlinear not", () => {
    assert.deepEqual(growth([{ n: 1, ms: 100 }, { n: 101, ms: 300 }, { n: 501, ms: 1100 }]), { marginalMs: [2, 2], linear: true });
    assert.equal(growth([{ n: 1, ms: 100 }, { n: 101, ms: 300 }, { n: 501, ms: 2100 }]).linear, false);
    assert.throws(() => growth([{ n: 1, ms: 1 }, { n: 1, ms: 2 }]), /appears twice/);
  });

  it("interleaved: the kinds as given on even runs, reversed on odd ones; the middle one stays next to both ends", () => {
    assert.deepEqual(interleaved(["plugin", "ours", "trivial"], 0), ["plugin", "ours", "trivial"]);
    assert.deepEqual(interleaved(["plugin", "ours", "trivial"], 1), ["trivial", "ours", "plugin"]);
    assert.deepEqual(interleaved(["ours", "trivial"], 2), ["ours", "trivial"]);
    const kinds = ["a", "b"];
    interleaved(kinds, 1);
    assert.deepEqual(kinds, ["a", "b"], "the list given is not reversed in place");
    assert.throws(() => interleaved(["a"], -1), /run must be a whole number >= 0, got -1/);
  });

  it("goal limits: overshoot 10 % of the wait but at least 0.5 s; one poll per second of waiting, at least one", () => {
    assert.equal(allowedOvershootMs(0), 500);
    assert.equal(allowedOvershootMs(60_000), 6000);
    assert.equal(allowedPolls(0), 1);
    assert.equal(allowedPolls(2000), 2);
    assert.equal(allowedPolls(2500), 3);
  });

  it("parseBenchArgs accepts --quick, --runs and --out and names what is allowed otherwise", () => {
    assert.deepEqual(parseBenchArgs(["--quick", "--runs", "3", "--out", "r.json"]), { quick: true, runs: 3, out: "r.json" });
    assert.throws(() => parseBenchArgs(["--runs", "0"]), /--runs must be a whole number >= 1, got 0/);
    assert.throws(() => parseBenchArgs(["--fast"]), /unknown argument --fast: allowed are --quick, --runs <n>, --out <file>/);
  });

  it("cloneState makes N monitors with the names, URNs and VPC ids the fixture program gives them", () => {
    const vpc0 = `vpc-${"0".repeat(17)}`;
    const template: StateFile = {
      version: 1,
      project: "bench",
      stack: "dev",
      outputs: {},
      resources: [
        { urn: "urn:pulumi:dev::bench::pulumi:pulumi:Stack::bench-dev", type: "pulumi:pulumi:Stack", name: "bench-dev", custom: false, inputs: {}, outputs: {}, dependencies: [], status: "created" },
        {
          urn: "urn:pulumi:dev::bench::pulumi-nodejs:dynamic/networkflowmonitor:Monitor::m0",
          type: "pulumi-nodejs:dynamic/networkflowmonitor:Monitor",
          name: "m0",
          custom: true,
          id: "bench-m0",
          inputs: { monitorName: "bench-m0", __naming: { resourceName: "m0" }, localResources: [{ identifier: `arn:aws:ec2:us-east-1:123456789012:vpc/${vpc0}` }] },
          outputs: { monitorArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/bench-m0" },
          dependencies: [],
          status: "created",
        },
      ],
    };
    const state = cloneState(template, 20);
    assert.equal(state.resources.length, 21);
    const m17 = state.resources.find((r) => r.name === "m17")!;
    assert.equal(m17.urn, "urn:pulumi:dev::bench::pulumi-nodejs:dynamic/networkflowmonitor:Monitor::m17");
    assert.equal(m17.id, "bench-m17");
    assert.deepEqual(m17.inputs, {
      monitorName: "bench-m17",
      __naming: { resourceName: "m17" },
      localResources: [{ identifier: `arn:aws:ec2:us-east-1:123456789012:vpc/vpc-${"11".padStart(17, "0")}` }],
    });
    assert.equal(m17.outputs.monitorArn, "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/bench-m17");
    assert.equal(new Set(state.resources.map((r) => r.urn)).size, 21);
    assert.throws(() => cloneState({ ...template, resources: [] }, 1), /no resource named m0/);
  });

  it("cloneState on a plugin stack: the default provider stays one resource and every clone references it", () => {
    const provider = "urn:pulumi:dev::bench::pulumi:providers:networkflowmonitor::default";
    const ref = `${provider}::0b6c1c8e-8d3e-4d7a-9f62-1d0d8d6f0a11`;
    const template: StateFile = {
      version: 1,
      project: "bench",
      stack: "dev",
      outputs: {},
      resources: [
        { urn: "urn:pulumi:dev::bench::pulumi:pulumi:Stack::bench-dev", type: "pulumi:pulumi:Stack", name: "bench-dev", custom: false, inputs: {}, outputs: {}, dependencies: [], status: "created" },
        { urn: provider, type: "pulumi:providers:networkflowmonitor", name: "default", custom: true, id: ref.slice(provider.length + 2), inputs: { region: "us-east-1" }, outputs: { region: "us-east-1" }, dependencies: [], status: "created" },
        {
          urn: "urn:pulumi:dev::bench::networkflowmonitor:index:Monitor::m0",
          type: "networkflowmonitor:index:Monitor",
          name: "m0",
          custom: true,
          id: "bench-m0",
          provider: ref,
          inputs: { monitorName: "bench-m0" },
          outputs: { monitorName: "bench-m0", monitorArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/bench-m0" },
          dependencies: [],
          status: "created",
        },
      ],
    };
    const state = cloneState(template, 3);
    assert.deepEqual(state.resources.map((r) => r.name), ["bench-dev", "default", "m0", "m1", "m2"]);
    const m2 = state.resources.find((r) => r.name === "m2")!;
    assert.equal(m2.urn, "urn:pulumi:dev::bench::networkflowmonitor:index:Monitor::m2");
    assert.equal(m2.provider, ref);
    assert.equal(m2.outputs.monitorArn, "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/bench-m2");
  });
});
