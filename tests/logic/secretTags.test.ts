// The marker of secret tags (provider/common/secretTags.ts): what it writes, what a read makes of it, and the
// update calls that keep it in step with the program's secret tags.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { OWNER_TAG } from "../../provider/common/ownership";
import {
  markedSecretKeys,
  NOT_READ,
  planTagUpdates,
  readTags,
  resolveSecretTags,
  SECRET_TAGS_TAG,
  secretTagsChanged,
  secretTagsMarker,
  withoutProviderTags,
  withSecretTagsMarker,
} from "../../provider/common/secretTags";
import { checkTags } from "../../provider/common/checkSupport";

// Keys of any characters (a key may be 128 of them), values of any 0 to 256.
const keyArb = fc.string({ minLength: 1, maxLength: 128 }).filter((k) => k !== OWNER_TAG && k !== SECRET_TAGS_TAG && k !== "*" && k !== "__proto__");
// Tags as they arrive: plain objects (JSON from the service or the engine).
const tagsArb = fc.dictionary(keyArb, fc.string({ maxLength: 256 }), { maxKeys: 60 }).map((d) => Object.fromEntries(Object.entries(d)));
/** Tags and a subset of their keys that are secret. */
const tagsWithSecretsArb = tagsArb.chain((tags) => fc.subarray(Object.keys(tags)).map((secret) => ({ tags, secret })));

describe("secret tags' marker", () => {
  it("fits a tag value, and a read finds every secret key it was written for (property)", () => {
    fc.assert(
      fc.property(tagsWithSecretsArb, ({ tags, secret }) => {
        const written = withSecretTagsMarker(tags, secret);
        const marker = written[SECRET_TAGS_TAG];
        if (secret.length === 0) {
          assert.equal(marker, undefined, "no secret, no marker");
          return;
        }
        assert.ok(marker !== undefined && marker.length <= 256, `a tag value has at most 256 characters: ${marker?.length}`);
        const found = markedSecretKeys(written);
        for (const k of secret) assert.ok(found.includes(k), `secret key ${JSON.stringify(k)} found`);
        assert.deepEqual(withoutProviderTags(written), tags, "the user's tags are untouched");
      }),
    );
  });

  it("names only the secret keys while their short hashes fit; past that it says every tag (\"*\")", () => {
    const few = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, "v"]));
    const secret = ["k1", "k7", "k22"];
    assert.deepEqual(markedSecretKeys(withSecretTagsMarker(few, secret)), [...secret].sort());
    const many = Array.from({ length: 29 }, (_, i) => `k${i}`);
    assert.equal(secretTagsMarker(many), "*", "29 hashes of 8 with their spaces pass 256 characters");
    assert.deepEqual(markedSecretKeys(withSecretTagsMarker(few, many)), Object.keys(few).sort(), "then every user tag is taken as secret");
    assert.notEqual(secretTagsMarker(many.slice(0, 28)), "*", "28 still fit");
  });

  it("does not depend on the order or repeats of the keys, and is never the keys themselves", () => {
    assert.equal(secretTagsMarker(["b", "a", "a"]), secretTagsMarker(["a", "b"]));
    assert.doesNotMatch(String(secretTagsMarker(["password"])), /password/);
    assert.equal(secretTagsMarker([]), undefined);
    assert.equal(secretTagsMarker(undefined), undefined);
  });

  it("is reserved: a user's tag of that key is refused, naming it", () => {
    const failures: string[] = [];
    checkTags({ [SECRET_TAGS_TAG]: "x" }, (p, r) => failures.push(`${p}: ${r}`));
    assert.equal(failures.length, 1);
    assert.match(failures[0], /pulumi-networkflowmonitor:secret-tags.*reserved/);
  });
});

describe("the secret keys check stores (resolveSecretTags)", () => {
  it("keeps the declared keys the resource carries, sorted; \"*\" stands for every tag; none gives undefined", () => {
    assert.deepEqual(resolveSecretTags(["b", "a", "gone"], { a: "1", b: "2", c: "3" }), ["a", "b"]);
    assert.deepEqual(resolveSecretTags(["*"], { a: "1", env: "dev" }), ["a", "env"]);
    assert.equal(resolveSecretTags([], { a: "1" }), undefined);
    assert.equal(resolveSecretTags(["x"], {}), undefined);
    assert.equal(resolveSecretTags("a", { a: "1" }), undefined, "not a list: ignored (the front ends set it)");
    assert.deepEqual(resolveSecretTags(["b", "a"], "04da6b54-80e4-46f7-96ec-b56ff0331ba9"), ["a", "b"], "tags unknown at preview: kept as declared");
  });
});

describe("an update's tag calls (planTagUpdates)", () => {
  it("writes the marker when secret keys appear or change, removes it when none are left, and leaves it alone otherwise", () => {
    const tagsAll = { team: "net", env: "prod" };
    assert.deepEqual(planTagUpdates({ tagsAll }, { tagsAll, __secretTags: ["env"] }), { tagsToSet: { [SECRET_TAGS_TAG]: secretTagsMarker(["env"])! }, tagKeysToRemove: [] });
    assert.deepEqual(planTagUpdates({ tagsAll, __secretTags: ["env"] }, { tagsAll }), { tagsToSet: {}, tagKeysToRemove: [SECRET_TAGS_TAG] });
    assert.deepEqual(planTagUpdates({ tagsAll, __secretTags: ["env"] }, { tagsAll, __secretTags: ["env"] }), { tagsToSet: {}, tagKeysToRemove: [] });
    assert.deepEqual(
      planTagUpdates({ tagsAll, __secretTags: ["env"] }, { tagsAll: { team: "net" }, __secretTags: ["team"] }),
      { tagsToSet: { [SECRET_TAGS_TAG]: secretTagsMarker(["team"])! }, tagKeysToRemove: ["env"] },
    );
  });

  it("applied to the tags AWS holds, gives the program's tags and marker (property)", () => {
    fc.assert(
      fc.property(tagsWithSecretsArb, tagsWithSecretsArb, (before, after) => {
        const aws = withSecretTagsMarker(before.tags, before.secret);
        const plan = planTagUpdates({ tagsAll: before.tags, __secretTags: before.secret }, { tagsAll: after.tags, __secretTags: after.secret });
        const result = { ...aws, ...plan.tagsToSet };
        for (const k of plan.tagKeysToRemove) delete result[k];
        assert.deepEqual(result, withSecretTagsMarker(after.tags, after.secret));
      }),
    );
  });

  it("compares secret keys as the marker AWS holds", () => {
    assert.equal(secretTagsChanged(["a", "b"], ["b", "a"]), false);
    assert.equal(secretTagsChanged(undefined, []), false);
    assert.equal(secretTagsChanged(["a"], undefined), true);
  });
});

describe("what a read makes of the tags (readTags)", () => {
  const aws = withSecretTagsMarker({ team: "net", env: "s3cr3t", [OWNER_TAG]: "p/s/m" }, ["env"]);

  it("the plugin (it marks secrets itself): every value, and the marked keys", () => {
    assert.deepEqual(readTags(aws, {}, true), { tagsAll: { team: "net", env: "s3cr3t" }, secretTags: ["env"] });
  });

  it("the dynamic host: a marked tag the old state did not hold as a secret is not read back", () => {
    // The state before the interrupted update: no env at all.
    assert.deepEqual(readTags(aws, { tagsAll: { team: "net" } }, false), { tagsAll: { team: "net", env: NOT_READ }, secretTags: ["env"] });
    // env was there, but plain: Pulumi would not re-mark it either.
    assert.deepEqual(readTags(aws, { tagsAll: { team: "net", env: "old" } }, false).tagsAll.env, NOT_READ);
    // A refresh of a refresh that could not read it: still not read.
    assert.deepEqual(readTags(aws, { tagsAll: { team: "net", env: NOT_READ }, __secretTags: ["env"] }, false).tagsAll.env, NOT_READ);
    // Import or get (no state): not read.
    assert.deepEqual(readTags(aws, {}, false).tagsAll.env, NOT_READ);
  });

  it("the dynamic host: a tag the old state held as a secret is read (Pulumi re-marks it), and unmarked tags always are", () => {
    assert.deepEqual(readTags(aws, { tagsAll: { team: "net", env: "older" }, __secretTags: ["env"] }, false), { tagsAll: { team: "net", env: "s3cr3t" }, secretTags: ["env"] });
    assert.deepEqual(readTags({ team: "x", added: "oob" }, { tagsAll: { team: "net" } }, false), { tagsAll: { team: "x", added: "oob" }, secretTags: undefined });
  });
});
