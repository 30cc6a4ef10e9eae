// The engine's pure rules (RULES.md), tested directly: secret annotation, URNs and aliases, ignoreChanges,
// replaceOnChanges, step decisions, refresh results, delete scheduling, output securing and the snapshot.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { isSecret, makeSecret } from "../../testing/engine/plan";
import { annotateSecrets, containsSecrets, ProviderPlugin } from "../../testing/engine/plugin";
import { SnapshotManager, loadState } from "../../testing/engine/snapshot";
import { secureOutputs } from "../../testing/engine/stepExecutor";
import {
  applyReplaceOnChanges,
  decide,
  isDeletedWith,
  processIgnoreChanges,
  readyToDelete,
  refreshResultOp,
  resolveDiff,
  useRefreshDiff,
} from "../../testing/engine/stepGenerator";
import type { StateFile, StateResource } from "../../testing/engine/types";
import { collapseAlias, generateAliases, makeUrn } from "../../testing/engine/urn";

const json = fc.jsonValue({ maxDepth: 3 });
// Keys as property paths name them (no dots or brackets).
const props = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), json);

/** Randomly wraps values (at any depth) as secrets. */
function secretify(v: unknown, pick: () => boolean): unknown {
  if (pick()) return makeSecret(v);
  if (Array.isArray(v)) return v.map((x) => secretify(x, pick));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secretify(x, pick)]));
  return v;
}

function unwrapAll(v: unknown): unknown {
  if (isSecret(v)) return unwrapAll(v.value);
  if (Array.isArray(v)) return v.map(unwrapAll);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapAll(x)]));
  return v;
}

/** Every path at which `v` holds a secret (stopping at the first secret on each branch). */
function secretPaths(v: unknown, at: string[] = []): string[][] {
  if (isSecret(v)) return [at];
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => secretPaths(x, [...at, k]));
  if (Array.isArray(v) && v.some(containsSecrets)) return [at];
  return [];
}

function resource(name: string, extra: Partial<StateResource> = {}): StateResource {
  return { urn: `urn:${name}`, type: "t", name, custom: true, inputs: {}, outputs: {}, dependencies: [], status: "created", ...extra };
}

describe("engine rules: pure logic", () => {
  it("annotateSecrets: echoed outputs are secret exactly where the inputs were, at any depth; values unchanged", () => {
    fc.assert(
      fc.property(props, fc.infiniteStream(fc.boolean()), (plain, coins) => {
        const it = coins[Symbol.iterator]();
        let i = 0;
        const pick = () => i++ % 3 === 0 && (it.next().value as boolean);
        const ins = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, secretify(v, pick)]));
        const outs = annotateSecrets(plain, ins);
        assert.equal(JSON.stringify(unwrapAll(outs)), JSON.stringify(plain));
        for (const p of secretPaths(ins)) {
          // Somewhere along the path (at the same place or above it) the output is secret.
          let node: unknown = outs;
          let secret = false;
          for (const k of p) {
            if (isSecret(node)) break;
            node = (node as any)?.[k];
            secret ||= isSecret(node);
          }
          assert.ok(secret, p.join("."));
        }
      }),
    );
  });

  it("annotateSecrets: an output key the inputs do not have stays plain; an array with a secret element becomes secret whole", () => {
    const outs = annotateSecrets({ derived: "x", list: [1, 2], nested: { a: 1, b: 2 } }, { secretIn: makeSecret("x"), list: [1, makeSecret(2)], nested: { a: makeSecret(1) } });
    assert.equal(outs.derived, "x");
    assert.ok(isSecret(outs.list));
    assert.ok(isSecret((outs.nested as any).a));
    assert.equal((outs.nested as any).b, 2);
  });

  it("a provider that accepts secrets gets no annotateSecrets: its answers are stored as it marked them", async () => {
    // A host that echoes back what it was sent with every secret unwrapped, as a provider that forgets to mark would.
    const plain = (p: Record<string, unknown>) => JSON.parse(JSON.stringify(p, (_k, v) => (isSecret(v) ? v.value : v)));
    const host = {
      check: async (_u: string, _o: Record<string, unknown>, news: Record<string, unknown>) => ({ inputs: plain(news), failures: [] }),
      create: async (_u: string, props: Record<string, unknown>) => ({ id: "i", properties: plain(props) }),
      update: async (_u: string, _id: string, _o: Record<string, unknown>, news: Record<string, unknown>) => ({ properties: plain(news) }),
      read: async (_u: string, id: string, state: Record<string, unknown>, inputs: Record<string, unknown>) => ({ id, properties: plain(state), inputs: plain(inputs) }),
    } as unknown as ConstructorParameters<typeof ProviderPlugin>[0];
    const ins = { tag: makeSecret("s3cr3t"), team: "net" };
    for (const [accepts, marked] of [[false, true], [true, false]] as const) {
      const p = new ProviderPlugin(host, { secrets: accepts, resources: accepts });
      const what = `acceptSecrets ${accepts}`;
      assert.equal(isSecret((await p.check("u", {}, ins)).inputs.tag), marked, `${what}: Check`);
      assert.equal(isSecret((await p.create("u", ins)).outputs.tag), marked, `${what}: Create`);
      assert.equal(isSecret((await p.update("u", "i", ins, ins, ins)).tag), marked, `${what}: Update`);
      const read = await p.read("u", "i", ins, ins);
      assert.equal(isSecret(read.outputs.tag) && isSecret(read.inputs!.tag), marked, `${what}: Read`);
    }
  });

  it("secureOutputs: additionalSecretOutputs and top-level secret inputs mark outputs; id cannot be made secret", () => {
    const warnings: string[] = [];
    const r = secureOutputs(resource("r", { inputs: { k: makeSecret("v") }, outputs: { k: "v", arn: "a", other: 1 }, additionalSecretOutputs: ["arn", "id"] }), (m) => warnings.push(m));
    assert.ok(isSecret(r.outputs.k));
    assert.ok(isSecret(r.outputs.arn));
    assert.equal(r.outputs.other, 1);
    assert.match(warnings.join(), /'id' property cannot be made secret/);
  });

  it("URNs: the parent's type chain; aliases by name, type, noParent and through a renamed parent", () => {
    const stack = makeUrn("dev", "p", "pulumi:pulumi:Stack", "p-dev");
    const outer = makeUrn("dev", "p", "my:C", "outer", stack);
    const child = { name: "outer-leaf", type: "x:T", parent: outer, stack: "dev", project: "p" };
    assert.equal(collapseAlias({ name: "old" }, child, new Map()), "urn:pulumi:dev::p::my:C$x:T::old");
    assert.equal(collapseAlias({ noParent: true }, child, new Map()), "urn:pulumi:dev::p::x:T::outer-leaf");
    assert.equal(collapseAlias({ type: "x:Old" }, { ...child, parent: stack }, new Map()), "urn:pulumi:dev::p::x:Old::outer-leaf");
    // The parent was found under its alias `inner`: the child inherits the alias, its name prefix renamed.
    const parentAlias = makeUrn("dev", "p", "my:C", "inner", stack);
    const aliases = generateAliases(child, [], new Map([[outer, parentAlias]]));
    assert.deepEqual(aliases, ["urn:pulumi:dev::p::my:C$x:T::inner-leaf"]);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 4 }), (names) => {
        const list = generateAliases(child, names.map((name) => ({ name })), new Map([[outer, parentAlias]]));
        assert.equal(new Set(list).size, list.length, "no duplicates");
      }),
    );
  });

  it("processIgnoreChanges: ignored paths take their old value (or go when the old inputs lack them); others untouched", () => {
    fc.assert(
      fc.property(props, props, (olds, news) => {
        const keys = Object.keys(news).slice(0, 2);
        const out = processIgnoreChanges(news, olds, keys);
        for (const k of Object.keys({ ...olds, ...news })) {
          if (keys.includes(k)) assert.deepEqual(out[k], olds[k]);
          else assert.deepEqual(out[k], news[k]);
        }
      }),
    );
    assert.deepEqual(processIgnoreChanges({ tags: { a: 1, b: 2 } }, { tags: { a: 0 } }, ["tags.a", "tags.b"]), { tags: { a: 0 } });
  });

  it("diff: with DIFF_UNKNOWN the engine compares inputs (after ignoreChanges) and knows the changed keys; with an answer it knows none", () => {
    assert.deepEqual(resolveDiff({ changes: "unknown", replaces: [], deleteBeforeReplace: false }, { a: 1, b: 1 }, { a: 2, b: 2 }, ["b"]), {
      changes: "some",
      changedKeys: ["a"],
      replaces: [],
      deleteBeforeReplace: false,
    });
    assert.equal(resolveDiff({ changes: "unknown", replaces: [], deleteBeforeReplace: false }, { a: 1 }, { a: 1 }).changes, "none");
    assert.deepEqual(resolveDiff({ changes: "some", replaces: [], deleteBeforeReplace: false }, { a: 1 }, { a: 2 }).changedKeys, []);
  });

  it("replaceOnChanges turns changed keys under its paths into replace keys, and does nothing without changed keys", () => {
    const known = applyReplaceOnChanges({ changes: "some", changedKeys: ["color", "size"], replaces: [], deleteBeforeReplace: false }, ["color"]);
    assert.deepEqual(known.replaces, ["color"]);
    const star = applyReplaceOnChanges({ changes: "some", changedKeys: ["size"], replaces: [], deleteBeforeReplace: false }, ["*"]);
    assert.deepEqual(star.replaces, ["size"]);
    const inert = applyReplaceOnChanges({ changes: "some", changedKeys: [], replaces: [], deleteBeforeReplace: false }, ["color"]);
    assert.deepEqual(inert.replaces, []);
  });

  it("decide: replace with replace keys (program's deleteBeforeReplace wins), update on changes, update for init errors, else same", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), fc.option(fc.boolean(), { nil: undefined }), fc.boolean(), (changed, rep, init, dbrOpt, dbrProv) => {
        const diff = { changes: changed ? ("some" as const) : ("none" as const), changedKeys: [], replaces: rep ? ["k"] : [], deleteBeforeReplace: dbrProv };
        const d = decide(diff, { inputs: {}, status: init ? "failed-init" : "created", initErrors: init ? ["x"] : undefined }, {}, { deleteBeforeReplace: dbrOpt });
        const expected = changed ? (rep ? "replace" : "update") : init ? "update" : "same";
        assert.equal(d.op, expected);
        if (d.op === "replace") assert.equal(d.deleteBeforeReplace, dbrOpt ?? dbrProv);
      }),
    );
  });

  it("refresh result: gone is a delete; with the refresh diff, update exactly when Diff reports changes; legacy or external compare outputs", () => {
    assert.equal(refreshResultOp({ gone: true, oldOutputs: {}, newOutputs: {} }), "delete");
    const none = { changes: "none" as const, changedKeys: [], replaces: [], deleteBeforeReplace: false };
    assert.equal(refreshResultOp({ gone: false, diff: none, oldOutputs: { a: 1 }, newOutputs: { a: 2 } }), "same");
    assert.equal(refreshResultOp({ gone: false, diff: { ...none, changes: "some" }, oldOutputs: {}, newOutputs: {} }), "update");
    assert.equal(refreshResultOp({ gone: false, oldOutputs: { a: 1 }, newOutputs: { a: 2 } }), "update");
    assert.equal(useRefreshDiff({}, {}), true);
    assert.equal(useRefreshDiff({}, { PULUMI_ENABLE_LEGACY_REFRESH_DIFF: "true" }), false);
    assert.equal(useRefreshDiff({ external: true }, {}), false);
  });

  it("deletes: a resource deleted with another waits for it and sends no Delete when both go", () => {
    const owner = resource("owner");
    const owned = resource("owned", { deletedWith: "urn:owner" });
    assert.deepEqual(readyToDelete([owned, owner]).map((r) => r.name), ["owned"]);
    assert.equal(isDeletedWith(owned, new Set(["urn:owner", "urn:owned"])), true);
    assert.equal(isDeletedWith(owned, new Set(["urn:owned"])), false);
  });

  it("snapshot: a step's pending operation is written at begin and cleared at end; pending creates of the old state stay, others go", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-snap-"));
    const file = path.join(dir, "s.json");
    const old = resource("old");
    const prev: StateFile = {
      version: 1,
      project: "p",
      stack: "s",
      resources: [old],
      outputs: {},
      pendingOperations: [
        { type: "creating", resource: resource("lost") },
        { type: "updating", resource: resource("old") },
      ],
    };
    const sm = new SnapshotManager(prev, file);
    const next = resource("new");
    const op = sm.begin("creating", next);
    const during = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
    assert.deepEqual(during.pendingOperations!.map((o) => [o.type, o.resource.name]), [["creating", "new"], ["creating", "lost"]]);
    sm.end(op, true, { new: { ...next, id: "i" } });
    const after = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
    assert.deepEqual(after.pendingOperations!.map((o) => o.resource.name), ["lost"]);
    assert.deepEqual(after.resources.map((r) => r.name), ["new", "old"]);
    sm.clearPendingCreates();
    assert.equal((JSON.parse(fs.readFileSync(file, "utf8")) as StateFile).pendingOperations, undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("engine state files", () => {
  it("a state file of an earlier engine (children of the stack under `pulumi:pulumi:Stack$`) loads with Pulumi's URNs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-state-"));
    const file = path.join(dir, "s.json");
    const old = "urn:pulumi:dev::p::pulumi:pulumi:Stack$x:y:Z::n";
    fs.writeFileSync(file, JSON.stringify({ version: 1, project: "p", stack: "dev", outputs: {}, resources: [resource("n", { urn: old, dependencies: [old] })] }));
    const loaded = loadState(file, "p", "dev");
    assert.equal(loaded.resources[0].urn, "urn:pulumi:dev::p::x:y:Z::n");
    assert.deepEqual(loaded.resources[0].dependencies, ["urn:pulumi:dev::p::x:y:Z::n"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
