// Scope's pure logic: check (one case per rule, then properties), diff (targets as sets, region replaces, tags
// in place, unknowns) and the update plan.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { checkScope, MAX_TARGETS, type ScopeCheckContext } from "../../provider/scope/check";
import { diffScope } from "../../provider/scope/diff";
import { planScopeUpdate } from "../../provider/scope/plan";
import { UNKNOWN } from "../../provider/monitor/types";

const ACCOUNT = "123456789012";
const ctx: ScopeCheckContext = { defaultRegion: "us-east-1", defaultTags: { env: "test" }, callerAccount: { accountId: ACCOUNT } };
const target = (accountId = ACCOUNT, region = "us-east-1") => ({ accountId, region });

function failuresOf(news: Record<string, unknown>, c: ScopeCheckContext = ctx) {
  return checkScope({}, news, c).failures;
}

function onlyFailure(news: Record<string, unknown>, property: string, reason: RegExp, c: ScopeCheckContext = ctx): void {
  const failures = failuresOf(news, c);
  assert.equal(failures.length, 1, JSON.stringify(failures));
  assert.equal(failures[0].property, property);
  assert.match(failures[0].reason, reason);
}

describe("checkScope rules", () => {
  it("defaults targets to this account in the scope's Region and merges default tags", () => {
    const { inputs, failures } = checkScope({}, { region: "eu-west-1", tags: { team: "net" } }, ctx);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs.targets, [target(ACCOUNT, "eu-west-1")]);
    assert.deepEqual(inputs.tagsAll, { env: "test", team: "net" });
    assert.equal(inputs.region, "eu-west-1");
  });

  it("explains why the default target is missing when the caller's account could not be found", () => {
    onlyFailure({}, "targets", /could not default to this account in us-east-1: STS said no\. Set targets explicitly/, { ...ctx, callerAccount: { problem: "STS said no" } });
  });

  it("names an unknown property and lists the allowed ones", () => {
    onlyFailure({ scopeName: "x" }, "scopeName", /is not a property of a scope; the properties are targets, tags, region, timeouts/);
  });

  it("requires a Region from the scope, aws:region or AWS_REGION", () => {
    onlyFailure({ targets: [target()] }, "region", /is required/, { ...ctx, defaultRegion: undefined });
    onlyFailure({ region: "Mars-1" }, "region", /must be a Region name like us-east-1/);
  });

  it("checks targets: a list of 1 to 100 objects with a 12-digit accountId and a Region", () => {
    onlyFailure({ targets: "all" }, "targets", /must be a list of 1 to 100 targets/);
    onlyFailure({ targets: [] }, "targets", /must have 1 to 100 targets .* got none/);
    onlyFailure({ targets: [42] }, "targets[0]", /must be an object with accountId and region/);
    onlyFailure({ targets: [{ accountId: "12", region: "us-east-1" }] }, "targets[0].accountId", /12-digit AWS account id/);
    onlyFailure({ targets: [{ region: "us-east-1" }] }, "targets[0].accountId", /is required/);
    onlyFailure({ targets: [{ accountId: ACCOUNT, region: "moon" }] }, "targets[0].region", /must be a Region name/);
    onlyFailure({ targets: [{ accountId: ACCOUNT }] }, "targets[0].region", /is required/);
    onlyFailure({ targets: [{ ...target(), type: "ACCOUNT" }] }, "targets[0].type", /is not allowed: a target has only accountId and region/);
    const many = Array.from({ length: MAX_TARGETS + 1 }, (_, i) => target(String(100000000000 + i)));
    onlyFailure({ targets: many }, "targets", /must have 1 to 100 targets .* got 101 distinct ones/);
  });

  it("drops exact duplicate targets", () => {
    const { inputs, failures } = checkScope({}, { targets: [target(), target(), target("210987654321")] }, ctx);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs.targets, [target(), target("210987654321")]);
  });

  it("checks tags and timeouts with the monitor's rules", () => {
    onlyFailure({ tags: { "aws:x": "1" } }, 'tags["aws:x"]', /must not start with "aws:"/);
    onlyFailure({ tags: { a: 1 } }, "tags.a", /must be a string/);
    onlyFailure({ timeouts: { create: "soon" } }, "timeouts.create", /invalid duration "soon"/);
    onlyFailure({ timeouts: { read: "1m" } }, "timeouts.read", /is not allowed/);
  });

  it("passes unknowns through without failures", () => {
    const { inputs, failures } = checkScope({}, { targets: [{ accountId: UNKNOWN, region: "us-east-1" }, UNKNOWN], tags: UNKNOWN, region: UNKNOWN }, ctx);
    assert.deepEqual(failures, []);
    assert.equal(inputs.tagsAll, UNKNOWN);
    assert.equal(inputs.region, UNKNOWN);
    const whole = checkScope({}, { targets: UNKNOWN }, ctx);
    assert.deepEqual(whole.failures, []);
    assert.equal(whole.inputs.targets, UNKNOWN);
  });
});

describe("checkScope properties", () => {
  const account = fc.stringMatching(/^\d{12}$/);
  const region = fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1");
  const validTargets = fc.array(fc.record({ accountId: account, region }), { minLength: 1, maxLength: 20 });

  it("accepts valid inputs, and checking its own output again changes nothing", () => {
    fc.assert(
      fc.property(validTargets, region, fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), fc.string({ maxLength: 20 })), (targets, r, tags) => {
        const first = checkScope({}, { targets, region: r, tags }, ctx);
        assert.deepEqual(first.failures, []);
        const again = checkScope({}, first.inputs, ctx);
        assert.deepEqual(again.failures, []);
        assert.deepEqual(again.inputs, first.inputs);
      }),
    );
  });

  it("names the broken target field, whichever target is broken", () => {
    const bad = fc.oneof(
      fc.record({ field: fc.constant("accountId"), value: fc.oneof(fc.string({ maxLength: 11 }), fc.integer()) }),
      fc.record({ field: fc.constant("region"), value: fc.oneof(fc.constant("nowhere"), fc.integer(), fc.constant("US-EAST-1")) }),
    );
    fc.assert(
      fc.property(validTargets, fc.nat(), bad, (targets, at, b) => {
        const i = at % targets.length;
        const broken = targets.map((t, j) => (j === i ? { ...t, [b.field]: b.value } : t));
        const failures = failuresOf({ targets: broken });
        assert.ok(failures.length >= 1);
        assert.ok(failures.every((f) => f.property === `targets[${i}].${b.field}`), JSON.stringify(failures));
      }),
    );
  });
});

describe("diffScope", () => {
  const olds = { targets: [target(), target("210987654321")], tags: { a: "1" }, tagsAll: { a: "1" }, region: "us-east-1", scopeArn: "arn", scopeId: "id", status: "SUCCEEDED" };

  it("treats targets as a set: reordering or unchanged inputs are no change", () => {
    assert.deepEqual(diffScope(olds, { ...olds, targets: [target("210987654321"), target()] }), { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
  });

  it("updates targets and tags in place, replaces on region", () => {
    assert.deepEqual(diffScope(olds, { ...olds, targets: [target()] }), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["targets"] });
    assert.deepEqual(diffScope(olds, { ...olds, tags: { a: "2" }, tagsAll: { a: "2" } }), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["tags", "tagsAll"] });
    assert.deepEqual(diffScope(olds, { ...olds, region: "eu-west-1" }), { changes: true, replaces: ["region"], deleteBeforeReplace: false, diffs: ["region"] });
    assert.deepEqual(diffScope(olds, { ...olds, timeouts: { create: "5m" } }), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: ["timeouts"] });
  });

  it("counts unknowns as changes", () => {
    assert.deepEqual(diffScope(olds, { ...olds, targets: UNKNOWN }).diffs, ["targets"]);
    assert.deepEqual(diffScope(olds, { ...olds, region: UNKNOWN }).replaces, ["region"]);
  });

  it("is unchanged for any permutation of the same targets (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { minLength: 1, maxLength: 10 }), fc.nat(), (accounts, seed) => {
        const targets = accounts.map((a) => target(a));
        const shuffled = [...targets].sort((x, y) => ((x.accountId.charCodeAt(seed % 12) ^ seed) - (y.accountId.charCodeAt(seed % 12) ^ seed)));
        assert.equal(diffScope({ ...olds, targets }, { ...olds, targets: shuffled }).changes, false);
      }),
    );
  });
});

describe("planScopeUpdate", () => {
  it("adds and deletes only the targets that differ, and sets/removes only changed tags", () => {
    const plan = planScopeUpdate(
      { targets: [target(), target("210987654321")], tagsAll: { keep: "1", change: "old", drop: "x" } },
      { targets: [target(), target("111122223333")], tagsAll: { keep: "1", change: "new", add: "y" } },
    );
    assert.deepEqual(plan.updateScope, { resourcesToAdd: [target("111122223333")], resourcesToDelete: [target("210987654321")] });
    assert.deepEqual(plan.tagsToSet, { change: "new", add: "y" });
    assert.deepEqual(plan.tagKeysToRemove, ["drop"]);
  });

  it("makes no UpdateScope call when the target set is the same", () => {
    const plan = planScopeUpdate({ targets: [target(), target("210987654321")], tagsAll: {} }, { targets: [target("210987654321"), target()], tagsAll: {} });
    assert.equal(plan.updateScope, undefined);
  });

  it("applying the plan to the old set gives the new set (property)", () => {
    const set = fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { maxLength: 8 }).map((a) => a.map((x) => target(x)));
    fc.assert(
      fc.property(set, set, (a, b) => {
        const plan = planScopeUpdate({ targets: a, tagsAll: {} }, { targets: b, tagsAll: {} });
        const del = new Set((plan.updateScope?.resourcesToDelete ?? []).map((t) => t.accountId));
        const result = [...a.filter((t) => !del.has(t.accountId)), ...(plan.updateScope?.resourcesToAdd ?? [])].map((t) => t.accountId).sort();
        assert.deepEqual(result, b.map((t) => t.accountId).sort());
      }),
    );
  });
});
