// The fuzzer's front ends: `--front both` draws each history's front end from its seed (so N histories run N times,
// split evenly, and a replay of a seed runs on the same front end), failure reports name the front end and the exact
// replay command, and the state-shape checks of invariant 3 tell a dynamic-provider stack from a plugin stack.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { StateFile, StateResource } from "../../testing/engine/types";
import { formatFailure, plannedHistories, replayCommand, workerShare } from "../../testing/fuzz/cli";
import { frontOf, parseFrontChoice } from "../../testing/fuzz/frontEnd";
import { generateHistory } from "../../testing/fuzz/history";
import { KNOWN_FINDINGS, splitKnown, type KnownFinding } from "../../testing/fuzz/known";
import { MONITOR_TYPE, PLUGIN_MONITOR_TYPE, PLUGIN_PROVIDER_TYPE, PLUGIN_SCOPE_TYPE } from "../../testing/fuzz/program";
import { stateShapeProblems, type HistoryResult } from "../../testing/fuzz/run";

const repoRoot = path.resolve(__dirname, "..", "..");

describe("fuzzer front ends: --front both", () => {
  it("splits 10,000 histories evenly between the front ends, each seed once", () => {
    const plan = plannedHistories({ histories: 10_000, seed: 1, stride: 1, front: "both" });
    assert.equal(plan.length, 10_000);
    assert.equal(new Set(plan.map((p) => p.seed)).size, 10_000);
    assert.equal(plan.filter((p) => p.front === "dynamic").length, 5_000);
    assert.equal(plan.filter((p) => p.front === "plugin").length, 5_000);
  });

  it("replays a seed on the front end the run gave it", () => {
    for (const { seed, front } of plannedHistories({ histories: 50, seed: 4_880, stride: 1, front: "both" })) {
      const replay = plannedHistories({ histories: 1, seed, stride: 1, front: "both" });
      assert.deepEqual(replay, [{ seed, front }]);
      assert.equal(frontOf(seed, front), front, "naming the front end replays it too");
    }
    assert.equal(frontOf(4_885, "both"), "plugin");
    assert.equal(frontOf(4_886, "both"), "dynamic");
    assert.equal(frontOf(-3, "both"), "plugin");
  });

  it("gives each worker a block of seeds holding both front ends in equal shares, all seeds covered once", () => {
    const o = { histories: 10_000, seed: 1, stride: 1, front: "both" as const };
    const seen: number[] = [];
    for (let i = 0; i < 2; i++) {
      const share = workerShare(o, 2, i);
      const plan = plannedHistories({ ...o, ...share });
      seen.push(...plan.map((p) => p.seed));
      assert.equal(plan.filter((p) => p.front === "plugin").length, 2_500, `worker ${i}`);
    }
    assert.deepEqual(seen, plannedHistories(o).map((p) => p.seed));
    const odd = Array.from({ length: 3 }, (_, i) => workerShare({ histories: 7, seed: 10, stride: 1 }, 3, i));
    assert.deepEqual(odd, [{ seed: 10, histories: 3 }, { seed: 13, histories: 2 }, { seed: 15, histories: 2 }]);
  });

  it("keeps one front end when one is named, and refuses anything else", () => {
    assert.ok(plannedHistories({ histories: 20, seed: 1, stride: 1, front: "plugin" }).every((p) => p.front === "plugin"));
    assert.ok(plannedHistories({ histories: 20, seed: 1, stride: 1, front: "dynamic" }).every((p) => p.front === "dynamic"));
    assert.equal(parseFrontChoice("both"), "both");
    assert.throws(() => parseFrontChoice("grpc"), /--front takes dynamic, plugin or both, got grpc/);
  });

  it("prints the front end and the exact replay command with a failure", () => {
    const r: HistoryResult = {
      history: generateHistory(4_885),
      front: "plugin",
      violations: [{ invariant: "5-no-plain-secret", message: "a secret value is in plain text in journal entry 3 at .resources[2].outputs.tags.env" }],
      crashes: 1, faults: 0, orphans: 0, trace: ["up: crashed"], ms: 1,
    };
    const text = formatFailure(r);
    assert.match(text, /^FAILED seed 4885 \(front end plugin\); replay: npm run fuzz -- --seed 4885 --histories 1 --front plugin$/m);
    assert.equal(replayCommand(7, "dynamic"), "npm run fuzz -- --seed 7 --histories 1 --front dynamic");
  });

  it("runs `--front both` from the command line: totals per front end and overall", function () {
    this.timeout(180_000);
    const out = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "testing/fuzz/cli.ts", "--histories", "2", "--seed", "20261210", "--front", "both", "--no-shrink"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    assert.ok(out.status === 0 || out.status === 1, out.stderr);
    assert.match(out.stdout, /^\[dynamic\] 1 histories,/m, out.stdout);
    assert.match(out.stdout, /^\[plugin\] 1 histories,/m, out.stdout);
    assert.match(out.stdout, /^\[all\] 2 histories,/m, out.stdout);
  });
});

describe("invariant 3: the state's shape on each front end", () => {
  const P = `urn:pulumi:dev::nfm-fuzz::${PLUGIN_PROVIDER_TYPE}::default`;
  const res = (type: string, name: string, extra: Partial<StateResource> = {}): StateResource => ({
    urn: `urn:pulumi:dev::nfm-fuzz::${type}::${name}`, type, name, custom: true, id: name, inputs: {}, outputs: {}, dependencies: [], status: "created", ...extra,
  });
  const state = (resources: StateResource[]): StateFile => ({ version: 1, project: "nfm-fuzz", stack: "dev", outputs: {}, resources });
  const provider = res(PLUGIN_PROVIDER_TYPE, "default", { id: "uuid-1" });
  const ref = `${P}::uuid-1`;

  it("accepts a plugin stack: the plugin's types, their default provider once, no __provider", () => {
    assert.deepEqual(stateShapeProblems(state([provider, res(PLUGIN_SCOPE_TYPE, "scope", { provider: ref }), res(PLUGIN_MONITOR_TYPE, "m0", { provider: ref })]), "plugin"), []);
    assert.deepEqual(stateShapeProblems(state([]), "plugin"), []);
  });

  it("names a __provider, a missing or second provider, and a dynamic resource in a plugin stack", () => {
    const problems = (s: StateFile) => stateShapeProblems(s, "plugin").join("\n");
    assert.match(problems(state([provider, res(PLUGIN_MONITOR_TYPE, "m0", { provider: ref, inputs: { __provider: "x" } })])), /holds a serialized provider/);
    assert.match(problems(state([res(PLUGIN_MONITOR_TYPE, "m0", { provider: ref })])), /their default provider is not/);
    assert.match(problems(state([provider, res(PLUGIN_PROVIDER_TYPE, "default", { id: "uuid-2" }), res(PLUGIN_MONITOR_TYPE, "m0", { provider: ref })])), /2 pulumi:providers:networkflowmonitor resources/);
    assert.match(problems(state([provider, res(PLUGIN_MONITOR_TYPE, "m0", { provider: `${P}::uuid-9` })])), /is not the default provider the state holds/);
    assert.match(problems(state([provider])), /without any resource of its package/);
    assert.match(problems(state([provider, res(MONITOR_TYPE, "m0", { provider: ref })])), /a dynamic resource on the plugin front end/);
  });

  it("wants the serialized provider in a dynamic stack, and no provider resource", () => {
    assert.deepEqual(stateShapeProblems(state([res(MONITOR_TYPE, "m0", { inputs: { __provider: "p" }, outputs: { __provider: "p" } })]), "dynamic"), []);
    assert.match(stateShapeProblems(state([res(MONITOR_TYPE, "m0")]), "dynamic").join(), /no serialized provider/);
    assert.match(stateShapeProblems(state([provider]), "dynamic").join(), /provider resources in a dynamic-provider stack/);
  });
});

describe("known findings", () => {
  // A finding like the first one the plugin front end found (nfm-orphans did not know the plugin's types; fixed).
  const finding = (present: boolean): KnownFinding => ({
    id: `planted-${present}`,
    summary: "orphans command ignores plugin types",
    present: () => present,
    explains: (v, front) => front === "plugin" && v.invariant === "2-no-orphan-no-duplicate" && /^orphans command: reports/.test(v.message),
  });
  const v = { invariant: "2-no-orphan-no-duplicate" as const, message: "orphans command: reports monitor m0-1 as an orphan, but the state holds it (urn); not deleted" };
  const other = { invariant: "2-no-orphan-no-duplicate" as const, message: "m0: 2 monitors carry its ownership tag (a, b)" };

  it("explain a violation only on their front end and while their cause is present", () => {
    assert.deepEqual(splitKnown({ front: "plugin", violations: [v, other] }, [finding(true)]), { unknown: [other], known: ["planted-true"] });
    assert.deepEqual(splitKnown({ front: "dynamic", violations: [v] }, [finding(true)]), { unknown: [v], known: [] });
    // Once the cause is fixed, its violations fail runs again.
    assert.deepEqual(splitKnown({ front: "plugin", violations: [v, other] }, [finding(false)]), { unknown: [v, other], known: [] });
  });

  it("none is open: every violation fails", () => {
    assert.deepEqual(KNOWN_FINDINGS, []);
    assert.deepEqual(splitKnown({ front: "plugin", violations: [v] }), { unknown: [v], known: [] });
  });
});
