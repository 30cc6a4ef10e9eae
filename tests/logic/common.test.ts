// The pure helpers both resources share (provider/common): keyed set differences, the tags plan, diff
// equality, and the check helpers for unknown properties, the Region and default tags.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { checkSetItems, checkUnknownProperties, mergeDefaultTags, resolveRegion, MAX_TAGS } from "../../provider/common/checkSupport";
import { deepEqual, normaliseProperty, sameKeyedSet } from "../../provider/common/equality";
import { definedOnly, lastStatus, partialFailure, tagsWithoutDefaults, timeoutOf } from "../../provider/common/providerSupport";
import { isOwnedBy, OWNER_TAG, ownerTagValue, tagsWithOwner } from "../../provider/common/ownership";
import { withoutProviderTags } from "../../provider/common/secretTags";
import { redactSecrets, refuseSecrets, secretInputs } from "../../provider/common/secrets";
import { keepOrder, missingFrom, planTags } from "../../provider/common/sets";
import { DEFAULT_TIMEOUT_MS } from "../../provider/duration";
import { UNKNOWN } from "../../provider/monitor/types";

interface Item {
  a: number;
  b: number;
}
const itemArb: fc.Arbitrary<Item> = fc.record({ a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }) });
const listArb = fc.array(itemArb, { maxLength: 12 });
// Any key function: fast-check's functions are deterministic, and a small range of keys forces collisions.
const keyFnArb = fc.func<[Item], string>(fc.constantFrom("k0", "k1", "k2", "k3", "k4", "k5")).map((f) => (item: Item) => f(item));
const keySet = <T>(list: readonly T[], key: (t: T) => string) => new Set(list.map(key));

function failures() {
  const found: { property: string; reason: string }[] = [];
  return { found, fail: (property: string, reason: string) => found.push({ property, reason }) };
}

describe("common: missingFrom (keyed set difference)", () => {
  it("removing missingFrom(old, new) and adding missingFrom(new, old) turns the old set into the new, for any key", () => {
    fc.assert(
      fc.property(listArb, listArb, keyFnArb, (olds, news, key) => {
        const set = keySet(olds, key);
        missingFrom(olds, news, key).forEach((item) => set.delete(key(item)));
        missingFrom(news, olds, key).forEach((item) => set.add(key(item)));
        assert.deepEqual(set, keySet(news, key));
      }),
    );
  });

  it("names each key once, only keys absent from the other list, with items taken from the first list in its order", () => {
    fc.assert(
      fc.property(listArb, listArb, keyFnArb, (from, other, key) => {
        const out = missingFrom(from, other, key);
        const keys = out.map(key);
        assert.equal(new Set(keys).size, keys.length, "no key twice");
        const otherKeys = keySet(other, key);
        assert.ok(keys.every((k) => !otherKeys.has(k)), "no key of the other list");
        // Each output item is the first item of `from` with its key, and the outputs keep `from`'s order.
        const positions = out.map((item) => from.findIndex((f) => key(f) === key(item)));
        positions.forEach((p, i) => assert.equal(from[p], out[i]));
        assert.deepEqual(positions, [...positions].sort((x, y) => x - y));
      }),
    );
  });

  it("is empty for equal sets written in another order or with repeats", () => {
    const key = (i: Item) => `${i.a}/${i.b}`;
    const olds = [{ a: 1, b: 1 }, { a: 2, b: 2 }];
    const news = [{ a: 2, b: 2 }, { a: 1, b: 1 }, { a: 2, b: 2 }];
    assert.deepEqual(missingFrom(news, olds, key), []);
    assert.deepEqual(missingFrom(olds, news, key), []);
  });
});

describe("common: keepOrder", () => {
  const key = (i: Item) => `${i.a}/${i.b}`;
  const distinct = fc.uniqueArray(itemArb, { selector: key, maxLength: 12 });

  it("returns the service's set, with the items the user had first and in the user's order", () => {
    fc.assert(
      fc.property(distinct, distinct, (previous, actual) => {
        const out = keepOrder(previous, actual, key);
        assert.deepEqual(out.map(key).sort(), actual.map(key).sort(), "the same set as the service's");
        const actualKeys = keySet(actual, key);
        const kept = previous.filter((p) => actualKeys.has(key(p))).map(key);
        assert.deepEqual(out.slice(0, kept.length).map(key), kept, "previous items first, in previous order");
      }),
    );
  });

  it("keeps the service's order when there is no previous list (import, get)", () => {
    const actual = [{ a: 3, b: 0 }, { a: 1, b: 0 }];
    assert.deepEqual(keepOrder(undefined, actual, key), actual);
  });

  it("puts new items after the remembered ones", () => {
    const out = keepOrder([{ a: 2, b: 0 }, { a: 1, b: 0 }], [{ a: 1, b: 0 }, { a: 9, b: 0 }, { a: 2, b: 0 }], key);
    assert.deepEqual(out, [{ a: 2, b: 0 }, { a: 1, b: 0 }, { a: 9, b: 0 }]);
  });
});

describe("common: planTags", () => {
  const tagsArb = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), fc.constantFrom("1", "2", ""), { noNullPrototype: true });

  it("TagResource then UntagResource turns the old tags into the new ones, touching only what changed", () => {
    fc.assert(
      fc.property(tagsArb, tagsArb, (olds, news) => {
        const plan = planTags(olds, news);
        const after: Record<string, string> = { ...olds, ...plan.tagsToSet };
        for (const k of plan.tagKeysToRemove) delete after[k];
        assert.deepEqual(after, news);
        for (const [k, v] of Object.entries(plan.tagsToSet)) assert.notEqual(olds[k], v, `tag ${k} is set only when it changes`);
        assert.ok(plan.tagKeysToRemove.every((k) => !(k in news)));
      }),
    );
  });

  it("treats absent maps as empty", () => {
    assert.deepEqual(planTags(undefined, { a: "1" }), { tagsToSet: { a: "1" }, tagKeysToRemove: [] });
    assert.deepEqual(planTags({ a: "1" }, undefined), { tagsToSet: {}, tagKeysToRemove: ["a"] });
  });
});

describe("common: equality for diffs", () => {
  it("deepEqual ignores members set to undefined but not other differences", () => {
    assert.ok(deepEqual({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(deepEqual([{ x: [1, 2] }], [{ x: [1, 2] }]));
    assert.ok(!deepEqual([1, 2], [2, 1]));
    assert.ok(!deepEqual({ a: 1 }, { a: "1" }));
    assert.ok(!deepEqual(null, {}));
    assert.ok(!deepEqual([], {}));
  });

  it("deepEqual agrees with a JSON round trip on JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        assert.ok(deepEqual(v, JSON.parse(JSON.stringify(v))));
      }),
    );
  });

  it("sameKeyedSet compares lists as sets of keys, absent as empty, and other values structurally", () => {
    const key = (i: Item) => `${i.a}/${i.b}`;
    assert.ok(sameKeyedSet([{ a: 1, b: 1 }, { a: 2, b: 2 }], [{ a: 2, b: 2 }, { a: 1, b: 1 }, { a: 1, b: 1 }], key));
    assert.ok(sameKeyedSet(undefined, [], key));
    assert.ok(sameKeyedSet(null, undefined, key));
    assert.ok(!sameKeyedSet([{ a: 1, b: 1 }], [{ a: 1, b: 2 }], key));
    assert.ok(!sameKeyedSet([], [{ a: 1, b: 1 }], key));
    assert.ok(sameKeyedSet("x", "x", key));
    assert.ok(!sameKeyedSet("x", [], key));
  });

  it("normaliseProperty: absent tags are empty, empty or all-unset timeouts are the defaults", () => {
    assert.deepEqual(normaliseProperty("tags", undefined), {});
    assert.deepEqual(normaliseProperty("tagsAll", null), {});
    assert.equal(normaliseProperty("timeouts", {}), undefined);
    assert.equal(normaliseProperty("timeouts", { create: undefined, delete: null }), undefined);
    assert.deepEqual(normaliseProperty("timeouts", { create: "5m", delete: undefined }), { create: "5m" });
    assert.equal(normaliseProperty("region", null), undefined);
    assert.equal(normaliseProperty("region", "us-east-1"), "us-east-1");
  });
});

describe("common: check helpers", () => {
  it("checkUnknownProperties fails each key that is neither a user nor an internal property, listing only the user's", () => {
    const { found, fail } = failures();
    checkUnknownProperties({ name: 1, __provider: "p", colour: 2, size: 3 }, "widget", ["name", "size"], ["__provider"], fail);
    assert.deepEqual(found, [{ property: "colour", reason: "is not a property of a widget; the properties are name, size" }]);
  });

  it("resolveRegion: the resource's own Region wins over the default", () => {
    const { found, fail } = failures();
    assert.equal(resolveRegion("eu-west-1", "us-east-1", "scope", fail), "eu-west-1");
    assert.equal(resolveRegion(undefined, "us-east-1", "scope", fail), "us-east-1");
    assert.equal(resolveRegion(UNKNOWN, undefined, "scope", fail), UNKNOWN);
    assert.deepEqual(found, []);
  });

  it("resolveRegion: names the resource kind when no Region is set anywhere", () => {
    for (const missing of [undefined, ""]) {
      const { found, fail } = failures();
      assert.equal(resolveRegion(null, missing, "monitor", fail), undefined);
      assert.deepEqual(found.map((f) => f.property), ["region"]);
      assert.match(found[0].reason, /^is required: set `region` on the monitor, `aws:region` in the stack config, or the AWS_REGION/);
    }
  });

  it("resolveRegion: says whether a bad Region came from the resource or from the default", () => {
    const own = failures();
    resolveRegion("mars-1", undefined, "scope", own.fail);
    assert.match(own.found[0].reason, /^must be .*; got "mars-1"$/);
    const fromDefault = failures();
    resolveRegion(undefined, "mars-1", "scope", fromDefault.fail);
    assert.match(fromDefault.found[0].reason, /the default Region \(from aws:region or AWS_REGION\) is "mars-1"$/);
  });

  it("mergeDefaultTags: the resource's tags win; unknown tags give unknown tagsAll", () => {
    const { found, fail } = failures();
    assert.deepEqual(mergeDefaultTags({ team: "net" }, { team: "default", env: "prod" }, "scope", fail), { team: "net", env: "prod" });
    assert.equal(mergeDefaultTags(UNKNOWN, { env: "prod" }, "scope", fail), UNKNOWN);
    assert.deepEqual(found, []);
  });

  it("mergeDefaultTags: fails only when the default tags push the count over the limit", () => {
    const many = (prefix: string, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "v"]));
    const over = failures();
    mergeDefaultTags(many("own", MAX_TAGS), many("default", 1), "scope", over.fail);
    assert.deepEqual(over.found, [
      { property: "tags", reason: `with the provider's default tags the scope would have ${MAX_TAGS + 1} tags; a scope can have at most ${MAX_TAGS}` },
    ]);
    // Too many of its own is checkTags' failure, not this one's.
    const own = failures();
    mergeDefaultTags(many("own", MAX_TAGS + 1), {}, "scope", own.fail);
    assert.deepEqual(own.found, []);
  });
});

describe("common: checkSetItems", () => {
  const isKnown = (v: unknown): v is Item => typeof (v as Item)?.a === "number" && typeof (v as Item)?.b === "number";
  const spec = {
    noun: "pair",
    fields: ["a", "b"],
    like: "{a: 1, b: 2}",
    checkItem: (item: Record<string, unknown>, path: string) => {
      if (typeof item.a !== "number") itemProblems.push(`${path}.a`);
    },
    isKnown,
    key: (i: Item) => `${i.a}/${i.b}`,
    keep: (i: Item) => ({ a: i.a, b: i.b }),
  };
  // What checkItem saw as wrong, to show it runs on each object item with that item's path.
  let itemProblems: string[] = [];

  it("drops repeats of known items, keeps unknown and malformed ones, and reports each problem by path", () => {
    itemProblems = [];
    const { found, fail: record } = failures();
    const kept = checkSetItems([{ a: 1, b: 2 }, UNKNOWN, { a: 1, b: 2 }, "x", { a: "1", b: 2, c: 3 }, { b: 2, a: 1 }], "pairs", spec, record);
    assert.deepEqual(kept, [{ a: 1, b: 2 }, UNKNOWN, "x", { a: "1", b: 2, c: 3 }]);
    assert.deepEqual(found, [
      { property: "pairs[3]", reason: `must be an object with a and b, like {a: 1, b: 2}; got "x"` },
      { property: "pairs[4].c", reason: "is not allowed: a pair has only a and b" },
    ]);
    assert.deepEqual(itemProblems, ["pairs[4].a"], "checkItem runs on each object item with its path");
  });

  it("keeps exactly one item per distinct key of the known items", () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const kept = checkSetItems(list, "pairs", spec, () => assert.fail("no failures for well-formed items"));
        assert.deepEqual(kept.map((i) => spec.key(i as Item)), [...keySet(list, spec.key)]);
      }),
    );
  });
});

describe("common: provider helpers", () => {
  it("timeoutOf parses the step's duration, else the default", () => {
    assert.equal(timeoutOf({ create: "1m30s" }, "create"), 90_000);
    assert.equal(timeoutOf({ create: "1m30s" }, "delete"), DEFAULT_TIMEOUT_MS);
    assert.equal(timeoutOf(undefined, "update"), DEFAULT_TIMEOUT_MS);
  });

  it("lastStatus reads a wait error's last status, and nothing else", () => {
    assert.equal(lastStatus(Object.assign(new Error("x"), { lastStatus: "PENDING" })), "PENDING");
    assert.equal(lastStatus(Object.assign(new Error("x"), { lastStatus: 3 })), undefined);
    assert.equal(lastStatus(undefined), undefined);
    assert.equal(lastStatus("boom"), undefined);
  });

  it("definedOnly drops undefined members only", () => {
    assert.deepEqual(definedOnly({ a: 1, b: undefined, c: null, d: "" }), { a: 1, c: null, d: "" });
  });

  it("tagsWithoutDefaults keeps tags that differ from the defaults", () => {
    assert.deepEqual(tagsWithoutDefaults({ env: "prod", team: "net", own: "x" }, { env: "prod", team: "other" }), { team: "net", own: "x" });
  });

  it("partialFailure carries id, the properties as given and the cause's message as the reason", () => {
    const err = partialFailure("m-1", { status: "PENDING", __provider: "p" }, new Error("timed out")) as Error & Record<string, unknown>;
    assert.equal(err.message, "timed out");
    assert.equal(err.id, "m-1");
    assert.deepEqual(err.properties, { status: "PENDING", __provider: "p" });
    assert.deepEqual(err.reasons, ["timed out"]);
    assert.equal(partialFailure("m-1", {}, "plain").message, "plain");
  });
});

describe("secrets in check's messages", () => {
  it("replaces every string and key of a secret input, quoted or bare, and leaves the rest of the message readable", () => {
    const input = { tags: { "owner-key": "hunter22", x: "ab" }, scopeArn: "plain-value", __secretInputs: ["tags"] };
    const failures = [
      { property: 'tags["owner-key"]', reason: 'must be at most 256 characters; got "hunter22" (hunter22)' },
      { property: "tags.x", reason: 'must be a string; got "ab" about tab' },
      { property: "scopeArn", reason: 'must be an ARN; got "plain-value"' },
    ];
    const out = redactSecrets(failures, input, secretInputs(input));
    assert.deepEqual(out, [
      { property: 'tags["[secret]"]', reason: 'must be at most 256 characters; got "[secret]" ([secret])' },
      { property: "tags.x", reason: 'must be a string; got "[secret]" about tab' },
      { property: "scopeArn", reason: 'must be an ARN; got "plain-value"' },
    ]);
  });

  it("refuses a secret only where Pulumi cannot keep it secret, and knows nothing without the SDK's list", () => {
    const failures: { property: string; reason: string }[] = [];
    refuseSecrets(["tags", "monitorName"], { monitorName: "it is the id", region: "it is in the ARN" }, (property, reason) => failures.push({ property, reason }));
    assert.deepEqual(failures.map((f) => f.property), ["monitorName"]);
    assert.match(failures[0].reason, /must not be a secret: it is the id/);
    assert.deepEqual(secretInputs({}), []);
    assert.deepEqual(secretInputs({ __secretInputs: "tags" }), []);
  });
});

describe("the ownership tag", () => {
  const owner = { project: "shop", stack: "dev", resourceName: "web" };

  it("names the project, stack and resource, and stays within the service's 256 characters with a hash when longer", () => {
    assert.equal(ownerTagValue(owner), "shop/dev/web");
    const long = { ...owner, resourceName: "r".repeat(300) };
    const value = ownerTagValue(long);
    assert.equal(value.length, 256);
    assert.notEqual(value, ownerTagValue({ ...long, resourceName: "r".repeat(301) }), "different owners, different values");
  });

  it("is added at create, recognised only for the same owner, and never part of the user's tags", () => {
    const tags = tagsWithOwner({ team: "net" }, owner);
    assert.deepEqual(tags, { team: "net", [OWNER_TAG]: "shop/dev/web" });
    assert.equal(isOwnedBy(tags, owner), true);
    assert.equal(isOwnedBy(tags, { ...owner, stack: "prod" }), false);
    assert.equal(isOwnedBy(tags, undefined), false);
    assert.equal(isOwnedBy({ team: "net" }, owner), false);
    assert.deepEqual(withoutProviderTags(tags), { team: "net" });
    assert.deepEqual(tagsWithOwner({ team: "net" }, undefined), { team: "net" });
  });
});

describe("definedOnly (what the host's Struct accepts)", () => {
  it("drops undefined members at any depth and keeps list positions with null", () => {
    assert.deepEqual(definedOnly({ a: undefined, b: { c: undefined, d: [1, undefined, { e: undefined }] }, f: null }), { b: { d: [1, null, {}] }, f: null });
  });
});
