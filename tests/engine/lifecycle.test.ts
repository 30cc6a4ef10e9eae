// End-to-end: the fixture program through the local engine and @pulumi/pulumi's real dynamic-provider host.
import * as assert from "node:assert/strict";
import { LocalEngine, UNKNOWN, type OperationResult, type StateResource } from "../../testing/engine";
import { makeProject, startRecordServer, type RecordServer } from "./helpers";

const RECORD = "pulumi-nodejs:dynamic/fixture:Record";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stepsOf(result: OperationResult, name: string): string[] {
  return result.steps.filter((s) => s.name === name).map((s) => s.op);
}

function dynamicResources(engine: LocalEngine): StateResource[] {
  return engine.readState().resources.filter((r) => r.type === RECORD);
}

describe("LocalEngine lifecycle (create, same, update, replace, delete, destroy)", function () {
  this.timeout(120_000);
  let server: RecordServer;
  let project: ReturnType<typeof makeProject>;
  const engines: LocalEngine[] = [];

  const engineFor = (items: object[]) => {
    const engine = new LocalEngine({
      programDir: project.dir,
      stateFile: project.stateFile,
      env: { RECORD_SERVER_URL: server.url },
      config: { "records:items": JSON.stringify(items), "aws:region": "eu-west-1" },
      secretConfig: { "records:token": "hush" },
    });
    engines.push(engine);
    return engine;
  };

  before(async () => {
    server = await startRecordServer();
    project = makeProject("records");
  });

  after(async () => {
    await server.close();
    project.cleanup();
  });

  const initial = [{ name: "a", useVpc: true }, { name: "b" }, { name: "c" }];

  it("previews a new stack: plans creates, writes nothing, and Check sees unknown inputs as the sentinel", async () => {
    const result = await engineFor(initial).preview();
    assert.equal(result.ok, true, result.planText);
    assert.deepEqual(server.writes(), []);
    assert.deepEqual(stepsOf(result, "a"), ["create"]);
    assert.equal(result.changeSummary.create, 5); // stack, vpc, a, b, c
    assert.match(result.planText, /^ \+ +pulumi-nodejs:dynamic\/fixture:Record +a +create$/m);
    assert.match(result.planText, /\+ 5 to create/);
    const checkOfA = server.calls.find((c) => c.op === "check" && c.body.news.vpcId !== undefined);
    assert.equal(checkOfA?.body.news.vpcId, UNKNOWN);
    assert.equal(result.outputs.vpcArn, UNKNOWN);
    assert.match(result.planText, /vpcArn: +output<string>/);
    assert.deepEqual(result.steps.filter((s) => s.op === "delete"), []);
    assert.deepEqual(dynamicResources(engineFor(initial)), [], "preview must not write state");
  });

  it("up creates everything, resolves stack outputs, and runs each pass in a fresh host started in the project dir", async () => {
    const engine = engineFor(initial);
    const result = await engine.up();
    assert.equal(result.ok, true, result.planText);
    assert.equal(server.writes().filter((c) => c.op === "create").length, 3);
    const ids = [...server.records.keys()].sort();
    assert.deepEqual([...(result.outputs.recordIds as string[])].sort(), ids);
    assert.match(result.outputs.vpcArn as string, /^arn:aws:ec2:eu-west-1:123456789012:vpc\/vpc-[0-9a-f]{17}$/);
    assert.equal(result.outputs.token, "hush");
    assert.match(result.planText, /token: +\[secret\]/);
    assert.doesNotMatch(result.planText, /hush/);
    // The vpc id reached the provider once known.
    const a = dynamicResources(engine).find((r) => r.name === "a")!;
    assert.match(String(a.outputs.vpcId), /^vpc-[0-9a-f]{17}$/);
    // The provider's require() of a package only the project's node_modules holds worked.
    assert.equal(a.outputs.marker, "marker-from-project");
    // Preview pass and update pass each had their own host; the update pass's host did the create.
    assert.equal(engine.hostPids.length, 2);
    assert.notEqual(engine.hostPids[0], engine.hostPids[1]);
    assert.equal(a.outputs.hostPid, engine.hostPids[1]);
    assert.equal(a.status, "created");
  });

  it("up again with the same program changes nothing and sends no write", async () => {
    const before = server.writes().length;
    const result = await engineFor(initial).up();
    assert.equal(result.ok, true, result.planText);
    assert.equal(server.writes().length, before);
    assert.equal(result.changeSummary.same, 5);
    assert.equal(result.changeSummary.create + result.changeSummary.update + result.changeSummary.delete, 0);
    // Diff is asked for existing resources even when nothing changed, with the old outputs as olds.
    const diff = server.calls.filter((c) => c.op === "diff").at(-1)!;
    assert.ok(diff.body.olds.recordId, "diff olds must be the old outputs");
  });

  it("updates a changed input, replaces create-before-delete, and deletes a resource dropped from the program", async () => {
    const oldA = dynamicResources(engineFor(initial)).find((r) => r.name === "a")!.id!;
    const oldC = dynamicResources(engineFor(initial)).find((r) => r.name === "c")!.id!;
    const before = server.writes().length;
    const result = await engineFor([{ name: "a", useVpc: true, kind: "fancy" }, { name: "b", size: 2 }]).up();
    assert.equal(result.ok, true, result.planText);
    assert.deepEqual(result.steps.find((s) => s.name === "b")?.diffs, ["size"]);
    assert.deepEqual(stepsOf(result, "b"), ["update"]);
    assert.deepEqual(stepsOf(result, "a"), ["create-replacement", "replace", "delete-replaced"]);
    assert.deepEqual(result.steps.find((s) => s.op === "replace")?.replaces, ["kind"]);
    assert.deepEqual(stepsOf(result, "c"), ["delete"]);
    const writes = server.writes().slice(before).map((c) => `${c.op}:${c.body.id ?? c.body.inputs?.kind}`);
    assert.ok(writes.indexOf("create:fancy") < writes.indexOf(`delete:${oldA}`), writes.join(", "));
    assert.ok(writes.includes(`delete:${oldC}`));
    assert.match(result.planText, /~ +pulumi-nodejs:dynamic\/fixture:Record +b +update \[diff: ~size\]/);
    assert.match(result.planText, /\+- +pulumi-nodejs:dynamic\/fixture:Record +a +replace \[diff: ~kind\]/);
    assert.match(result.planText, /^ - +pulumi-nodejs:dynamic\/fixture:Record +c +delete$/m);
    const names = dynamicResources(engineFor(initial)).map((r) => r.name).sort();
    assert.deepEqual(names, ["a", "b"]);
    assert.equal(server.records.has(oldA), false);
  });

  it("replaces delete-before-replace when the provider asks for it", async () => {
    const oldB = dynamicResources(engineFor(initial)).find((r) => r.name === "b")!.id!;
    const before = server.writes().length;
    const items = [{ name: "a", useVpc: true, kind: "fancy" }, { name: "b", size: 2, kind: "fancy", deleteBeforeReplace: true }];
    const result = await engineFor(items).up();
    assert.equal(result.ok, true, result.planText);
    assert.deepEqual(stepsOf(result, "b"), ["delete-replaced", "replace", "create-replacement"]);
    const writes = server.writes().slice(before).map((c) => `${c.op}:${c.body.id ?? c.body.inputs?.kind}`);
    assert.deepEqual(writes, [`delete:${oldB}`, "create:fancy"]);
    // The replacement was checked again without olds before being created.
    const checks = server.calls.filter((c) => c.op === "check" && c.body.news.deleteBeforeReplace === true);
    assert.deepEqual(checks.at(-1)!.body.olds, {});
  });

  it("destroy deletes every resource and leaves the state empty; no host outlives its pass", async () => {
    const engine = engineFor([]);
    const result = await engine.destroy();
    assert.equal(result.ok, true, result.planText);
    assert.equal(server.records.size, 0);
    assert.deepEqual(engine.readState().resources, []);
    assert.equal(result.changeSummary.delete, 4);
    for (const pid of engines.flatMap((e) => e.hostPids)) assert.equal(isAlive(pid), false, `host ${pid} leaked`);
  });
});
