// The acceptance scenarios of `make acceptance`, run here against the emulator with the engine in a box in place of
// the pulumi CLI: the same code, so a scenario that cannot pass against a faithful service is caught before anyone
// spends an AWS account's minutes on it.
import * as assert from "node:assert/strict";
import { runAcceptance } from "../../acceptance/scenarios";
import { ACTIVE_KEY, emulatorSettingsFrom, type AcceptanceReport } from "../../acceptance/report";
import { emulatorTarget, type AcceptanceTarget } from "../../acceptance/target";

describe("acceptance scenarios against the emulator (engine in a box)", function () {
  this.timeout(600_000);
  let target: AcceptanceTarget;
  let report: AcceptanceReport;
  const lines: string[] = [];

  before(async () => {
    target = await emulatorTarget();
    report = await runAcceptance(target, { log: (l) => (lines.push(l), process.env.NFM_ACCEPTANCE_VERBOSE && console.error(l)) });
  });
  after(async () => target?.dispose());

  const scenario = (name: string) => {
    const s = report.scenarios.find((x) => x.name.startsWith(name));
    assert.ok(s, `no scenario "${name}" in ${report.scenarios.map((x) => x.name)}`);
    return s;
  };

  it("passes every scenario, import through the plugin front end (found on PATH by the engine) included", () => {
    for (const s of report.scenarios) assert.equal(s.status, "passed", `${s.name}: ${s.reason}\n${lines.join("\n")}`);
    assert.ok(scenario("import through the plugin"));
  });

  it("creates a scope for the run when the account has none, and leaves the service empty afterwards", () => {
    assert.match(scenario("the account's scope").reason ?? "", /created one/);
    const left = target.emulator!.control.snapshot();
    assert.deepEqual({ monitors: left.monitors.length, scopes: left.scopes.length }, { monitors: 0, scopes: 0 });
  });

  it("tags every monitor and scope it creates with the run's acceptance tag", () => {
    const creates = target.emulator!.requests().filter((r) => (r.operation === "CreateMonitor" || r.operation === "CreateScope") && r.status < 300);
    assert.ok(creates.length >= 5, `${creates.length} creates`);
    for (const c of creates) assert.equal((c.requestBody as { tags?: Record<string, string> }).tags?.acceptance, target.runId, JSON.stringify(c.requestBody));
  });

  it("records durations to ACTIVE and to deleted, and the error names met, which suggest emulator settings", () => {
    const settings = emulatorSettingsFrom(report);
    assert.ok(report.scenarios.some((s) => s.durationsMs[ACTIVE_KEY]?.length), JSON.stringify(report.scenarios.map((s) => s.durationsMs)));
    // The emulator keeps monitors PENDING for 500 ms and DELETING for 200 ms; polls see part of that (a busy machine polls late).
    assert.ok(settings.activeAfterMs! > 0 && settings.activeAfterMs! < 5000, `activeAfterMs ${settings.activeAfterMs}`);
    assert.ok(settings.deleteAfterMs! >= 100 && settings.deleteAfterMs! < 5000, `deleteAfterMs ${settings.deleteAfterMs}`);
    assert.deepEqual(settings.flags, [`--active-after ${settings.activeAfterMs}`, `--delete-after ${settings.deleteAfterMs}`]);
    assert.ok(settings.errorMessages.ResourceNotFoundException, JSON.stringify(settings.errorMessages));
    assert.ok(settings.errorMessages.ConflictException, JSON.stringify(settings.errorMessages));
  });
});
