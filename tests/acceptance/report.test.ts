// The acceptance report's figures become emulator settings: medians of what the account showed, and AWS's wording.
import * as assert from "node:assert/strict";
import { ACTIVE_KEY, DELETED_KEY, emulatorSettingsFrom, ScenarioRecorder, type AcceptanceReport } from "../../acceptance/report";

const report = (scenarios: AcceptanceReport["scenarios"]): AcceptanceReport => ({
  target: "aws",
  driver: "pulumi-cli",
  region: "us-east-1",
  account: "123456789012",
  runId: "acc1",
  startedAt: "2026-12-07T00:00:00Z",
  scenarios,
});

describe("the acceptance report", () => {
  it("suggests the median durations to ACTIVE and to gone as the emulator's delays", () => {
    const a = new ScenarioRecorder("a");
    a.duration(ACTIVE_KEY, 60_000);
    a.duration(ACTIVE_KEY, 90_000);
    a.duration(DELETED_KEY, 20_000);
    const b = new ScenarioRecorder("b");
    b.duration(ACTIVE_KEY, 70_000);
    b.duration("up (create)", 1);
    const s = emulatorSettingsFrom(report([a.report, b.report]));
    assert.equal(s.activeAfterMs, 70_000);
    assert.equal(s.deleteAfterMs, 20_000);
    assert.deepEqual(s.flags, ["--active-after 70000", "--delete-after 20000"]);
  });

  it("suggests nothing it did not measure", () => {
    assert.deepEqual(emulatorSettingsFrom(report([new ScenarioRecorder("a").report])), { errorMessages: {}, flags: [] });
  });

  it("records the AWS errors a Pulumi step quotes, once each, with the first wording kept per name", () => {
    const r = new ScenarioRecorder("x");
    const text = 'error: CreateMonitor for monitor "m" in us-east-1 failed: ConflictException: A monitor named m already exists.\n  ConflictException: A monitor named m already exists.\nno error here';
    r.errorsInText("up", text);
    r.error("GetMonitor", Object.assign(new Error("Monitor m not found."), { name: "ResourceNotFoundException" }));
    assert.deepEqual(r.report.errors, [
      { where: "up", name: "ConflictException", message: "A monitor named m already exists." },
      { where: "GetMonitor", name: "ResourceNotFoundException", message: "Monitor m not found." },
    ]);
    assert.deepEqual(emulatorSettingsFrom(report([r.report])).errorMessages, {
      ConflictException: "A monitor named m already exists.",
      ResourceNotFoundException: "Monitor m not found.",
    });
  });
});
