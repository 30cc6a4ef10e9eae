// Failure paths through the real dynamic-provider host: check failures, partial failures, refresh of gone ones.
import * as assert from "node:assert/strict";
import { LocalEngine } from "../../testing/engine";
import { makeProject, startRecordServer, type RecordServer } from "./helpers";

const RECORD = "pulumi-nodejs:dynamic/fixture:Record";

describe("LocalEngine failures (check failures, partial failure, refresh)", function () {
  this.timeout(120_000);
  let server: RecordServer;
  let project: ReturnType<typeof makeProject>;

  const engineFor = (items: object[]) =>
    new LocalEngine({
      programDir: project.dir,
      stateFile: project.stateFile,
      env: { RECORD_SERVER_URL: server.url },
      config: { "records:items": JSON.stringify(items) },
    });

  before(async () => {
    server = await startRecordServer();
    project = makeProject("records");
  });

  after(async () => {
    await server.close();
    project.cleanup();
  });

  it("reports a check failure per property, fails the run and sends no write for any resource", async () => {
    const engine = engineFor([{ name: "good" }, { name: "bad", label: "Not Valid!" }]);
    const result = await engine.up();
    assert.equal(result.ok, false);
    assert.equal(result.operation, "up");
    assert.deepEqual(
      result.failures.map((f) => [f.urn.split("::").pop(), f.property, f.reason]),
      [["bad", "label", "label must match ^[a-z0-9-]*$"]],
    );
    assert.deepEqual(server.writes(), []);
    assert.equal(engine.hostPids.length, 1, "the update pass must not start after a failed preview");
    assert.match(result.planText, /error: property label: label must match/);
    assert.deepEqual(engine.readState().resources, []);
  });

  it("records a partially failed create as failed-init (with __provider) and fails the run", async () => {
    const engine = engineFor([{ name: "half", failInit: true }]);
    const result = await engine.up();
    assert.equal(result.ok, false);
    const half = engine.readState().resources.find((r) => r.name === "half")!;
    assert.equal(half.status, "failed-init");
    assert.ok(half.id && server.records.has(half.id), "the partially created record is tracked by its id");
    assert.equal(typeof half.outputs.__provider, "string");
    assert.ok(result.steps.find((s) => s.name === "half")?.failed);
    assert.ok(result.diagnostics.some((d) => d.message.includes("record did not become ready")));
  });

  it("retries a failed-init resource with an update on the next up", async () => {
    const engine = engineFor([{ name: "half" }, { name: "whole" }]);
    const id = engine.readState().resources.find((r) => r.name === "half")!.id;
    const result = await engine.up();
    assert.equal(result.ok, true, result.planText);
    assert.deepEqual(result.steps.find((s) => s.name === "half")?.op, "update");
    const half = engine.readState().resources.find((r) => r.name === "half")!;
    assert.equal(half.status, "created");
    assert.equal(half.id, id);
  });

  it("refresh drops a resource deleted out of band and keeps the others", async () => {
    const engine = engineFor([]);
    const whole = engine.readState().resources.find((r) => r.name === "whole")!;
    server.records.delete(whole.id!);
    const writesBefore = server.writes().length;
    const result = await engine.refresh();
    assert.equal(result.ok, true, result.planText);
    const names = engine.readState().resources.filter((r) => r.type === RECORD).map((r) => r.name);
    assert.deepEqual(names, ["half"]);
    assert.deepEqual(result.steps.filter((s) => s.type === RECORD).map((s) => [s.name, s.op]).sort(), [
      ["half", "read"],
      ["whole", "delete"],
    ]);
    assert.equal(server.writes().length, writesBefore, "refresh only reads");
  });

  it("destroy deletes what is left and empties the state", async () => {
    const engine = engineFor([]);
    const half = engine.readState().resources.find((r) => r.name === "half")!;
    const result = await engine.destroy();
    assert.equal(result.ok, true, result.planText);
    assert.ok(server.writes().some((c) => c.op === "delete" && c.body.id === half.id));
    assert.deepEqual(engine.readState().resources, []);
  });
});
