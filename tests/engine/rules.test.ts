// The engine's rules (testing/engine/RULES.md) through @pulumi/pulumi's real dynamic-provider host, with a small
// fixture provider (fixtures/rules) whose calls land on a test server. Each test names the rule it holds.
import * as assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalEngine, SECRET_SIG_KEY, type OperationResult, type StateFile, type StateResource } from "../../testing/engine";
import type { Spec } from "./fixtures/rules";
import { makeProject, startRecordServer, type RecordServer } from "./helpers";

const THING = "pulumi-nodejs:dynamic/fixture:Thing";

function isSecretValue(v: unknown): boolean {
  return typeof v === "object" && v !== null && SECRET_SIG_KEY in v;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function explain(r: OperationResult): string {
  return r.planText;
}

describe("engine rules (RULES.md) through the real dynamic-provider host", function () {
  this.timeout(180_000);
  let server: RecordServer;
  let project: ReturnType<typeof makeProject>;
  let stack = 0;

  before(async () => {
    server = await startRecordServer();
    project = makeProject("rules");
  });
  after(async () => {
    await server.close();
    project.cleanup();
  });

  /** A fresh stack (own state file) of the fixture; `engine(spec)` gives an engine for it with that program. */
  function newStack(extraConfig: Record<string, string> = {}) {
    const name = `s${++stack}`;
    const make = (spec: Spec, config: Record<string, string> = {}, opts: Partial<ConstructorParameters<typeof LocalEngine>[0]> = {}) =>
      new LocalEngine({
        programDir: project.dir,
        stack: name,
        stateFile: `${project.dir}/.pulumi-state/${name}.json`,
        env: { RECORD_SERVER_URL: server.url },
        config: { "rules:spec": JSON.stringify(spec), ...extraConfig, ...config },
        ...opts,
      });
    const things = (e: LocalEngine): Record<string, StateResource> =>
      Object.fromEntries(e.readState().resources.filter((r) => r.type === THING).map((r) => [r.name, r]));
    return { make, things };
  }

  const callsSince = (n: number, op?: string) => server.calls.slice(n).filter((c) => !op || c.op === op);

  it("same step: the new checked inputs are stored with the old id and outputs (SameStep.Apply)", async () => {
    const { make, things } = newStack();
    const first = await make({ things: [{ name: "a", props: { size: 1, note: "first" } }] }).up();
    assert.equal(first.ok, true, explain(first));
    const before = things(make({}));
    const n = server.calls.length;
    const second = await make({ things: [{ name: "a", props: { size: 1, note: "second" } }] }).up();
    assert.equal(second.ok, true, explain(second));
    assert.deepEqual(second.steps.filter((s) => s.name === "a").map((s) => s.op), ["same"]);
    assert.deepEqual(callsSince(n).filter((c) => c.op !== "check" && c.op !== "diff"), [], "no write for a same step");
    const after = things(make({}));
    assert.equal(after.a.inputs.note, "second", "the new input is stored");
    assert.equal(after.a.outputs.note, "first", "the old outputs are kept");
    assert.equal(after.a.id, before.a.id);
  });

  it("refresh: a preview pass and an update pass both Read; Diff(refreshed outputs, stored inputs); init errors cleared; host configured from the state's config", async () => {
    const { make, things } = newStack({ "rules:marker": "at-up" });
    const up = await make({ things: [{ name: "half", props: { size: 1, failInit: true, keepProvider: true } }, { name: "whole", props: { size: 1 } }] }).up();
    assert.equal(up.ok, false);
    const half = things(make({})).half;
    assert.equal(half.status, "failed-init");
    assert.deepEqual(half.initErrors, ["not ready"]);
    assert.equal(half.outputs.thingId, half.id);

    const whole = things(make({})).whole;
    server.records.get(whole.id!)!.outs = { size: 5 }; // drift
    const n = server.calls.length;
    const refreshed = await make({}, { "rules:marker": "changed-since" }).refresh();
    assert.equal(refreshed.ok, true, explain(refreshed));
    const reads = callsSince(n, "read");
    assert.equal(reads.filter((c) => c.body.id === whole.id).length, 2, "one Read in the preview pass, one in the update pass");
    const diff = callsSince(n, "diff").find((c) => c.body.id === whole.id)!;
    assert.equal(diff.body.olds.size, 5, "Diff's olds are the refreshed outputs");
    assert.equal(diff.body.news.size, 1, "Diff's news are the stored inputs");
    assert.deepEqual(refreshed.steps.filter((s) => s.name === "whole").map((s) => [s.op, s.result]), [["read", "update"]]);
    assert.equal(refreshed.changeSummary.update, 1, "counted as what the refresh found");
    assert.equal(refreshed.changeSummary.same, 1);
    const after = things(make({}));
    assert.equal(after.whole.outputs.size, 5);
    assert.equal(after.whole.outputs.seenMarker, "at-up", "refresh configures the host from the config stored in state");
    assert.equal(after.half.status, "created", "a normal Read clears init errors");
    assert.equal(after.half.initErrors, undefined);
  });

  it("preview --refresh and up --refresh read during the preview; a plain preview does not", async () => {
    const { make } = newStack();
    const spec = { things: [{ name: "a", props: { size: 1 } }] };
    assert.equal((await make(spec).up()).ok, true);
    let n = server.calls.length;
    const plain = await make(spec).preview();
    assert.equal(plain.ok, true, explain(plain));
    assert.equal(callsSince(n, "read").length, 0);
    n = server.calls.length;
    const refreshing = await make(spec).preview({ refresh: true });
    assert.equal(refreshing.ok, true, explain(refreshing));
    assert.equal(callsSince(n, "read").length, 1);
    assert.deepEqual(refreshing.steps.filter((s) => s.name === "a").map((s) => s.op), ["read", "same"]);
    n = server.calls.length;
    const up = await make(spec).up({ refresh: true });
    assert.equal(up.ok, true, explain(up));
    assert.equal(callsSince(n, "read").length, 2, "the preview pass and the update pass of up --refresh both read");
  });

  it("a partial failure stores exactly the properties the host returned (the engine adds no __provider)", async () => {
    const { make, things } = newStack();
    const r = await make({ things: [{ name: "bare", props: { failInit: true } }] }).up();
    assert.equal(r.ok, false);
    const bare = things(make({})).bare;
    assert.equal(bare.status, "failed-init");
    assert.ok(!("__provider" in bare.outputs), "the fixture left __provider out, so the state has none");
    assert.equal(bare.outputs.thingId, bare.id);
    // Which is why a provider must put it there itself: without it the host cannot serve the next call.
    const refreshed = await make({}).refresh({ skipPreview: true });
    assert.equal(refreshed.ok, false);
    assert.match(explain(refreshed), /code must be a string, not undefined/);
  });

  it("a partially failed update keeps the old inputs with the new outputs", async () => {
    const { make, things } = newStack();
    assert.equal((await make({ things: [{ name: "a", props: { size: 1 } }] }).up()).ok, true);
    const r = await make({ things: [{ name: "a", props: { size: 2, failUpdate: true } }] }).up();
    assert.equal(r.ok, false);
    const a = things(make({})).a;
    assert.equal(a.inputs.size, 1, "old inputs");
    assert.equal(a.inputs.failUpdate, undefined);
    assert.equal(a.outputs.size, 2, "new outputs");
    assert.equal(a.outputs.updatedFrom, 1);
    assert.equal(a.status, "failed-init");
  });

  it("a failed create during a create-before-delete replacement leaves the old resource live and in state", async () => {
    const { make, things } = newStack();
    assert.equal((await make({ things: [{ name: "a", props: { kind: "one" } }] }).up()).ok, true);
    const old = things(make({})).a;
    const n = server.calls.length;
    const r = await make({ things: [{ name: "a", props: { kind: "two", failCreate: true } }] }).up();
    assert.equal(r.ok, false);
    assert.match(explain(r), /create refused/);
    assert.deepEqual(callsSince(n, "delete"), [], "the old resource is not deleted");
    const after = things(make({}));
    assert.equal(after.a.id, old.id);
    assert.equal(after.a.status, "created");
    assert.ok(server.records.has(old.id!));
  });

  it("protect refuses deletes and replacements; retainOnDelete and deletedWith send no Delete; children inherit protect", async () => {
    const { make, things } = newStack();
    const spec: Spec = {
      components: [{ name: "grp", protect: true }],
      things: [
        { name: "kept", props: { kind: "k" }, options: { protect: true } },
        { name: "retained", options: { retainOnDelete: true } },
        { name: "owner" },
        { name: "owned", deletedWith: "owner" },
        { name: "child", parent: "grp" },
      ],
    };
    const up = await make(spec).up();
    assert.equal(up.ok, true, explain(up));
    const state = things(make({}));
    assert.equal(state.child.protect, true, "a child inherits protect from its component (resource.ts)");
    assert.equal(state.kept.protect, true);

    const replace = await make({ ...spec, things: spec.things!.map((t) => (t.name === "kept" ? { ...t, props: { kind: "other" } } : t)) }).preview();
    assert.equal(replace.ok, false);
    assert.match(explain(replace), /unable to replace resource .* marked for protection/);

    const n = server.calls.length;
    const dropped = await make({ components: spec.components, things: [spec.things![0], spec.things![4]] }).up();
    assert.equal(dropped.ok, true, explain(dropped));
    const deletes = callsSince(n, "delete").map((c) => c.body.id);
    assert.deepEqual(deletes, [state.owner.id], "only `owner`: `retained` is retained, `owned` goes with `owner`");
    assert.ok(server.records.has(state.retained.id!));
    assert.deepEqual(Object.keys(things(make({}))).sort(), ["child", "kept"]);

    const protectedDelete = await make({ components: spec.components, things: [spec.things![4]] }).preview();
    assert.equal(protectedDelete.ok, false);
    assert.match(explain(protectedDelete), /cannot be deleted because it is protected/);
  });

  it("ignoreChanges keeps the old value; deleteBeforeReplace overrides the provider; additionalSecretOutputs marks outputs secret", async () => {
    const { make, things } = newStack();
    const spec = (size: number, kind: string): Spec => ({
      things: [
        { name: "a", props: { size, kind }, options: { ignoreChanges: ["size"], deleteBeforeReplace: true, additionalSecretOutputs: ["thingId"] } },
      ],
    });
    assert.equal((await make(spec(1, "one")).up()).ok, true);
    assert.ok(isSecretValue(things(make({})).a.outputs.thingId));
    const ignored = await make(spec(2, "one")).up();
    assert.equal(ignored.ok, true, explain(ignored));
    assert.deepEqual(ignored.steps.filter((s) => s.name === "a").map((s) => s.op), ["same"]);
    assert.equal(things(make({})).a.inputs.size, 1);
    const old = things(make({})).a.id;
    const n = server.calls.length;
    const replaced = await make(spec(2, "two")).up();
    assert.equal(replaced.ok, true, explain(replaced));
    assert.deepEqual(replaced.steps.filter((s) => s.name === "a").map((s) => s.op), ["delete-replaced", "replace", "create-replacement"]);
    const writes = callsSince(n).filter((c) => c.op === "create" || c.op === "delete").map((c) => c.op);
    assert.deepEqual(writes, ["delete", "create"]);
    assert.ok(!server.records.has(old!));
  });

  it("replaceOnChanges is inert when the dynamic provider answers `changes` (no changed keys), effective when it has no diff", async () => {
    const { make } = newStack();
    const spec = (color: string): Spec => ({
      things: [
        { name: "explicit", props: { color }, options: { replaceOnChanges: ["color"] } },
        { name: "nodiff", props: { color }, diff: "none", options: { replaceOnChanges: ["color"] } },
      ],
    });
    assert.equal((await make(spec("red")).up()).ok, true);
    const r = await make(spec("blue")).preview();
    assert.equal(r.ok, true, explain(r));
    assert.deepEqual(r.steps.filter((s) => s.name === "explicit").map((s) => s.op), ["update"]);
    assert.deepEqual(r.steps.filter((s) => s.name === "nodiff").map((s) => s.op), ["create-replacement", "replace", "delete-replaced"]);
  });

  it("aliases: a renamed resource and a renamed component's child keep their state (no create, no delete); URNs carry the full parent chain", async () => {
    const { make, things } = newStack();
    const before: Spec = {
      components: [{ name: "outer" }, { name: "inner", parent: "outer" }],
      things: [{ name: "old-name" }, { name: "inner-leaf", parent: "inner" }],
    };
    const up = await make(before).up();
    assert.equal(up.ok, true, explain(up));
    const leaf = things(make({}))["inner-leaf"];
    assert.match(leaf.urn, /::fixture:index:Group\$fixture:index:Group\$pulumi-nodejs:dynamic\/fixture:Thing::inner-leaf$/);
    assert.equal(up.outputs.ids && (up.outputs.ids as any)["inner-leafUrn"], leaf.urn, "the program sees the engine's URN");
    const n = server.calls.length;
    const after: Spec = {
      components: [{ name: "outer" }, { name: "inner2", parent: "outer", aliases: [{ name: "inner" }] }],
      things: [{ name: "new-name", options: { aliases: [{ name: "old-name" }] } }, { name: "inner2-leaf", parent: "inner2" }],
    };
    const renamed = await make(after).up();
    assert.equal(renamed.ok, true, explain(renamed));
    assert.deepEqual(callsSince(n).filter((c) => ["create", "delete", "update"].includes(c.op)), []);
    assert.deepEqual(Object.keys(things(make({}))).sort(), ["inner2-leaf", "new-name"]);
  });

  it("secrets at any depth: an output is secret where the same path was secret in the inputs, not under another name", async () => {
    const { make, things } = newStack();
    const r = await make({
      things: [{ name: "a", props: { tags: { owner: "alice", team: "net" }, secretValue: "s3cr3t" }, secret: ["tags.owner", "secretValue"] }],
    }).up();
    assert.equal(r.ok, true, explain(r));
    const a = things(make({})).a;
    assert.ok(isSecretValue((a.outputs.tags as any).owner), "tags.owner");
    assert.equal((a.outputs.tags as any).team, "net");
    assert.ok(isSecretValue(a.outputs.secretValue));
    assert.equal(a.outputs.derived, "s3cr3t", "an output computed from a secret under another name is plain (annotateSecrets)");
    assert.ok(isSecretValue((a.inputs.tags as any).owner));
  });

  it("get of a missing resource succeeds with outputs undefined, as ReadStep does with the host's id \"\" answer", async () => {
    const { make } = newStack();
    const r = await make({ things: [{ name: "ghost", get: "does-not-exist" }] }).up();
    assert.equal(r.ok, true, explain(r));
    assert.equal((r.outputs.ids as any).ghost, undefined);
    assert.deepEqual(r.steps.filter((s) => s.name === "ghost").map((s) => s.op), ["read"]);
  });

  it("import (since v3.174): Read only, then ordinary Check and Diff; a non-replacing difference is an update", async () => {
    const { make, things } = newStack();
    const created = await make({ things: [{ name: "src", props: { size: 1 } }] }).up();
    assert.equal(created.ok, true, explain(created));
    const id = things(make({})).src.id!;
    const other = newStack();
    const n = server.calls.length;
    const imported = await other.make({ things: [{ name: "adopted", props: { size: 2 }, import: id }] }, {}, { importReadCarriesProvider: true }).up();
    assert.equal(imported.ok, true, explain(imported));
    assert.deepEqual(imported.steps.filter((s) => s.name === "adopted").map((s) => s.op), ["import", "update"]);
    const updates = callsSince(n, "update");
    assert.equal(updates.length, 1);
    assert.equal(updates[0].body.id, id);
    assert.equal(other.things(other.make({})).adopted.id, id);
  });

  it("the first invalid resource stops the deployment; no step starts after an error", async () => {
    const { make } = newStack();
    let n = server.calls.length;
    // Independent resources, registered in this order: the engine checks them one at a time and stops at `bad`.
    const invalid = await make({ things: [{ name: "bad", props: { invalid: true } }, { name: "good", props: { label: "good" } }] }).preview();
    assert.equal(invalid.ok, false);
    assert.equal(callsSince(n, "check").filter((c) => c.body.news.invalid === true).length, 1);
    assert.equal(callsSince(n, "check").filter((c) => c.body.news.label === "good").length, 0, "no Check after the invalid resource");
    n = server.calls.length;
    // `second` registers 1.5 s in, after `first`'s create failed: its create must not start.
    const failing = await make({ things: [{ name: "first", props: { failCreate: true } }, { name: "second", delayMs: 1500, props: { label: "second" } }] }).up();
    assert.equal(failing.ok, false);
    assert.ok(callsSince(n, "check").some((c) => c.body.news.label === "second"), "second did register (in the preview pass)");
    assert.equal(callsSince(n, "create").filter((c) => c.body.inputs.label === "second").length, 0);
    assert.equal(failing.changeSummary.create, 1, "the stack only: a failed create is not counted as created");
    assert.match(failing.planText, /\+ 1 created/);
    assert.doesNotMatch(failing.planText, /^\s+at /m, "no stack trace in the plan");
  });

  it("deletes of removed resources run in parallel; the host's environment is the engine's plus the project and its own config (NewProvider)", async () => {
    const { make, things } = newStack({ "pulumi-nodejs:flag": "on" });
    const up = await make({ things: [{ name: "x" }, { name: "y" }] }).up();
    assert.equal(up.ok, true, explain(up));
    const x = things(make({})).x;
    assert.equal(x.outputs.hostConfig, JSON.stringify({ flag: "on" }), "only pulumi-nodejs: keys, without the namespace");
    assert.equal(x.outputs.hostStack, null, "no PULUMI_NODEJS_STACK");
    for (const v of ["PULUMI_NODEJS_PROJECT", "PULUMI_PROJECT"]) assert.ok((x.outputs.hostPulumiVars as string[]).includes(v), v);
    server.deleteDelayMs = 300;
    const r = await make({ things: [] }).up();
    server.deleteDelayMs = undefined;
    assert.equal(r.ok, true, explain(r));
    const deletes = r.steps.filter((s) => s.op === "delete");
    assert.equal(deletes.length, 2);
    const lastStart = Math.max(...deletes.map((d) => d.startedMs!));
    const firstEnd = Math.min(...deletes.map((d) => d.finishedMs!));
    assert.ok(lastStart < firstEnd, "both deletes started before either finished");
  });

  it("leaves a pending create in the state file; the next up warns, creates again, and keeps the pending create until a refresh clears it", async () => {
    const cli = path.resolve(__dirname, "..", "..", "dist", "testing", "engine", "cli.js");
    const stateFile = path.join(project.dir, ".pulumi-state", "killed.json");
    const spec = JSON.stringify({ things: [{ name: "a", props: { size: 1 } }] });
    const base = server.calls.length;
    let release!: () => void;
    server.holdCreates = new Promise((r) => (release = r));
    const child = spawn(process.execPath, [cli, "up", "--cwd", project.dir, "--stack", "killed", "--state", stateFile, "--config", `rules:spec=${spec}`], {
      env: { ...process.env, RECORD_SERVER_URL: server.url },
      stdio: "ignore",
    });
    const exited = new Promise((r) => child.on("exit", r));
    while (!callsSince(base, "create").length) await new Promise((r) => setTimeout(r, 50));
    // Only the engine's own process is killed; its program and provider host must not outlive it.
    const helpers = execFileSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" }).trim().split(/\s+/).map(Number);
    assert.equal(helpers.length, 2, "the program and the host");
    process.kill(child.pid!, "SIGKILL");
    await exited;
    for (let i = 0; i < 100 && helpers.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(helpers.filter(alive), [], "the program and the host exit with the engine");
    server.holdCreates = undefined;
    release();

    const interrupted = JSON.parse(fs.readFileSync(stateFile, "utf8")) as StateFile;
    assert.deepEqual(interrupted.pendingOperations?.map((o) => [o.type, o.resource.name]), [["creating", "a"]]);
    assert.equal(interrupted.resources.some((r) => r.name === "a"), false, "the resource itself is not in state");

    const engine = () =>
      new LocalEngine({ programDir: project.dir, stack: "killed", stateFile, env: { RECORD_SERVER_URL: server.url }, config: { "rules:spec": spec } });
    const again = await engine().up();
    assert.equal(again.ok, true, again.planText);
    assert.ok(again.diagnostics.some((d) => d.severity === "warning" && /pending operation/.test(d.message) && /interrupted while creating/.test(d.message)));
    assert.deepEqual(again.steps.filter((s) => s.name === "a").map((s) => s.op), ["create"], "Pulumi creates it again");
    assert.equal(callsSince(base, "create").length, 2);
    assert.deepEqual(engine().readState().pendingOperations?.map((o) => o.type), ["creating"], "pending creates survive an up");

    const refreshed = await engine().refresh({ clearPendingCreates: true });
    assert.equal(refreshed.ok, true, refreshed.planText);
    assert.equal(engine().readState().pendingOperations, undefined);
  });
});
