// The fuzzer's in-process path against the real thing: the same program spec through the engine in a box with
// Pulumi's real dynamic-provider host and a program process (fidelity), and real SIGKILLs of `nfm-engine up` at
// seeded points, recovered and checked with the fuzzer's invariants.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deleteOwned, listOwned } from "../../provider/orphans/account";
import { findOrphans, stateHoldings } from "../../provider/orphans/find";
import { NetworkFlowMonitorClient } from "../../provider/client";
import { LocalEngine, startEmulator, type RunningEmulator } from "../../testing";
import type { StateFile } from "../../testing/engine/types";
import { InProcessEngine } from "../../testing/fuzz/engine";
import { REGION, subnetArn, type ProgramSpec } from "../../testing/fuzz/program";
import { PROJECT, serviceProblems, startWorld, stateProblems, WRITE_OPERATIONS } from "../../testing/fuzz/run";

const PROGRAM = path.join(__dirname, "fixtures", "program");
const CLI = path.resolve(__dirname, "..", "..", "dist", "testing", "engine", "cli.js");

const spec: ProgramSpec = {
  scope: true,
  monitors: [
    { name: "m0", local: [subnetArn(1), subnetArn(2)], remote: ["S3"], tags: { team: "net", token: "secret-fidelity-1" }, secretTags: ["token"] },
    { name: "m1", monitorName: "fz-explicit", local: [subnetArn(3)], remote: [], tags: {}, secretTags: [] },
  ],
  set: { name: "ws", size: 27, tags: { set: "ws" } },
};

/** A state with what differs between two runs by design (ids, hashes, times, the serialized provider) masked. */
function normalized(state: StateFile): unknown {
  const text = JSON.stringify(
    [...state.resources].sort((a, b) => a.urn.localeCompare(b.urn)).map((r) => {
      const { __provider: _p, __secretInputs: _s, ...inputs } = r.inputs;
      const { __provider: _q, createdAt: _c, modifiedAt: _m, ...outputs } = r.outputs;
      return { urn: r.urn, type: r.type, parent: r.parent, dependencies: r.dependencies, id: r.id, inputs, outputs };
    }),
  );
  return JSON.parse(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "UUID").replace(/\b(m\d+|ws-\d+)-[0-9a-f]{7}\b/g, "$1-HASH"));
}

async function realEmulator(): Promise<RunningEmulator> {
  return startEmulator({ region: REGION, activeAfterMs: 300, deleteAfterMs: 200 });
}

function realEngine(emu: RunningEmulator, dir: string, stack: string, program: ProgramSpec): LocalEngine {
  return new LocalEngine({
    programDir: PROGRAM,
    stack,
    stateFile: path.join(dir, `${stack}.json`),
    config: { "aws:region": REGION, "networkflowmonitor:endpoint": emu.endpoint, "nfm-fuzz:program": JSON.stringify(program) },
    env: { AWS_ENDPOINT_URL_STS: emu.endpoint, AWS_ACCESS_KEY_ID: "AKIDREAL", AWS_SECRET_ACCESS_KEY: "real" },
  });
}

describe("fuzzing: the in-process path against the real engine in a box", function () {
  this.timeout(600_000);
  let dir: string;
  const saved = { ...process.env };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-fuzz-real-"));
    process.env.AWS_ACCESS_KEY_ID = "AKIDREAL";
    process.env.AWS_SECRET_ACCESS_KEY = "real";
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.env = saved;
  });

  it("writes the same state as Pulumi's dynamic-provider host with a real program for the same spec", async () => {
    const emu = await realEmulator();
    const world = await startWorld();
    try {
      const real = realEngine(emu, dir, "dev", spec);
      const r = await real.up();
      assert.ok(r.ok, r.planText);
      const inProcess = new InProcessEngine({ project: PROJECT, stack: "dev", config: { "aws:region": REGION, "networkflowmonitor:endpoint": world.emulator.endpoint } });
      const f = await inProcess.up(spec);
      assert.ok(f.ok, JSON.stringify(f.diagnostics));
      assert.deepEqual(normalized(inProcess.state), normalized(real.readState()));
      await real.destroy();
      await real.dispose();
    } finally {
      await world.stop();
      await emu.stop();
    }
  });

  for (const [seed, killAfterWrites] of [[1, 1], [2, 3]] as const) {
    it(`recovers from a SIGKILL of nfm-engine up after ${killAfterWrites} write request(s) (seed ${seed}), dropping a monitor from the program`, async () => {
      const emu = await realEmulator();
      const stack = `killed${seed}`;
      const state = path.join(dir, `${stack}.json`);
      try {
        const child = spawn(process.execPath, [CLI, "up", "--cwd", PROGRAM, "--stack", stack, "--state", state,
          "--config", `aws:region=${REGION}`, "--config", `networkflowmonitor:endpoint=${emu.endpoint}`, "--config", `nfm-fuzz:program=${JSON.stringify(spec)}`], {
          env: { ...process.env, AWS_ENDPOINT_URL_STS: emu.endpoint },
          stdio: "ignore",
        });
        const exited = new Promise((resolve) => child.on("exit", resolve));
        const writes = () => emu.requests().filter((q) => q.operation && WRITE_OPERATIONS.has(q.operation)).length;
        while (writes() < killAfterWrites && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
        child.kill("SIGKILL");
        await exited;

        const next: ProgramSpec = { ...spec, monitors: spec.monitors.filter((m) => m.name !== "m1") };
        const engine = realEngine(emu, dir, stack, next);
        const refreshed = await engine.refresh({ clearPendingCreates: true });
        assert.ok(refreshed.ok, refreshed.planText);
        const up = await engine.up();
        assert.ok(up.ok, up.planText);
        const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emu.endpoint });
        const report = findOrphans(await listOwned(api, PROJECT, stack), stateHoldings(engine.readState()), PROJECT, stack);
        for (const o of report.orphans) await deleteOwned(api, o);
        api.destroy();
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.deepEqual(serviceProblems(emu, next, stack), []);
        assert.deepEqual(stateProblems(emu, engine.readState(), next), []);
        const again = await engine.up();
        assert.deepEqual(Object.entries(again.changeSummary).filter(([k, n]) => k !== "same" && n > 0), []);
        assert.ok((await engine.destroy()).ok);
        await engine.dispose();
      } finally {
        await emu.stop();
      }
    });
  }
});
