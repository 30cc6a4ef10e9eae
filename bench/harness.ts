// The benchmarks' I/O edge: emulators with a ready scope, engines over the bench projects, timing, host memory
// sampling and cloned state files.
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../provider/client";
import { startEmulator, type RunningEmulator } from "../testing/emulator";
import type { LocalEngine } from "../testing/engine";
import { saveState } from "../testing/engine/state";
import type { StateFile, StateResource } from "../testing/engine/types";
import type { BenchProject } from "./project";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";

/** Credentials and settings for the provider host: the emulator only checks the credential scope. */
export const hostEnv: Record<string, string> = {
  AWS_ACCESS_KEY_ID: "AKIDBENCH",
  AWS_SECRET_ACCESS_KEY: "bench-secret",
  AWS_REGION: REGION,
  AWS_EC2_METADATA_DISABLED: "true",
};

export interface BenchEmulator {
  emulator: RunningEmulator;
  activeAfterMs: number;
  scopeArn: string;
  /** Forgets every monitor, clears faults and the log, and makes a fresh SUCCEEDED scope. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBenchEmulator(activeAfterMs: number): Promise<BenchEmulator> {
  // Quota raised so hundreds of monitors fit; AWS's default is 20 per account and Region.
  const emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs, limits: { maxMonitors: 10_000 } });
  const api = new NetworkFlowMonitorClient({
    region: REGION,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: hostEnv.AWS_ACCESS_KEY_ID, secretAccessKey: hostEnv.AWS_SECRET_ACCESS_KEY },
  });
  const bench: BenchEmulator = {
    emulator,
    activeAfterMs,
    scopeArn: "",
    async reset() {
      emulator.control.reset();
      emulator.control.setFaults({ throttleRate: 0, throttleEvery: 0, errorRate: 0, errorEvery: 0, errorMonitors: [] });
      const scope = await api.send(
        new CreateScopeCommand({
          targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
        }),
      );
      emulator.control.setScopeStatus(scope.scopeId!, "SUCCEEDED");
      bench.scopeArn = scope.scopeArn!;
      emulator.clearRequests();
    },
    async stop() {
      api.destroy();
      await emulator.stop();
    },
  };
  await bench.reset();
  return bench;
}

/**
 * The engine from dist/ (built JavaScript), so each pass's program process runs plain node instead of compiling
 * the engine's runner with ts-node: that start-up cost is the engine's, not the provider's, and would only add noise.
 */
export function builtEngine(): typeof LocalEngine {
  return (require("../dist/testing/engine") as typeof import("../testing/engine")).LocalEngine;
}

/**
 * An engine over a bench project. The dynamic front end reads `aws:region` and `networkflowmonitor:endpoint`; with
 * `plugin`, the Region is also given as `networkflowmonitor:region`, the provider plugin's own key (a default
 * provider gets only its package's config).
 */
export function engineFor(project: BenchProject, stateFile: string, count: number, scopeArn: string, endpoint?: string, plugin = false): LocalEngine {
  const Engine = builtEngine();
  return new Engine({
    programDir: project.dir,
    stateFile,
    config: {
      "aws:region": REGION,
      "bench:count": String(count),
      "bench:scopeArn": scopeArn,
      ...(endpoint ? { "networkflowmonitor:endpoint": endpoint } : {}),
      ...(plugin ? { "networkflowmonitor:region": REGION } : {}),
    },
    env: hostEnv,
  });
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** VmHWM (peak resident set) of a live process in bytes, or undefined when it is gone. */
export function peakRss(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples the peak RSS of every provider process the engine starts, until stopped; answers the largest seen (one
 * process, not a sum). `hostPids`: the dynamic-provider hosts; `pluginPids`: the resource plugins (a plugin's
 * default provider may run more than one instance in a pass, e.g. one for CheckConfig).
 */
export function sampleHostMemory(engine: LocalEngine, everyMs = 25, which: "hostPids" | "pluginPids" = "hostPids"): () => number {
  let peak = 0;
  const sample = () => {
    for (const pid of engine[which]) peak = Math.max(peak, peakRss(pid) ?? 0);
  };
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/**
 * A state of `count` monitors cloned from a real up of one (`m0` / `bench-m0`): names, URNs, ARNs and VPC ids are
 * rewritten exactly as the fixture program would make them, so a preview of `count` finds every one unchanged.
 */
export function cloneState(template: StateFile, count: number): StateFile {
  const [monitor, ...others] = partitionMonitors(template);
  if (!monitor) throw new Error("cloneState: the template state holds no resource named m0");
  const json = JSON.stringify(monitor);
  const vpc0 = `vpc-${"0".repeat(17)}`;
  const clones: StateResource[] = [];
  for (let i = 0; i < count; i++) {
    const vpc = `vpc-${i.toString(16).padStart(17, "0")}`;
    clones.push(
      JSON.parse(
        json
          .split("bench-m0").join(`bench-m${i}`)
          .split("::m0\"").join(`::m${i}"`)
          .split("\"m0\"").join(`"m${i}"`)
          .split(vpc0).join(vpc),
      ),
    );
  }
  return { ...template, resources: [...others, ...clones] };
}

function partitionMonitors(state: StateFile): [StateResource | undefined, ...StateResource[]] {
  const monitor = state.resources.find((r) => r.name === "m0");
  return [monitor, ...state.resources.filter((r) => r !== monitor)];
}

/** Bytes the dynamic resources add to the state file, per resource (the file with them minus without them). */
export function stateBytesPerResource(stateFile: string, isBenchResource: (r: StateResource) => boolean, scratch: string): number {
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as StateFile;
  const count = state.resources.filter(isBenchResource).length;
  if (count === 0) throw new Error(`${stateFile} holds no benchmark resources`);
  saveState(scratch, { ...state, resources: state.resources.filter((r) => !isBenchResource(r)) });
  const without = fs.statSync(scratch).size;
  fs.rmSync(scratch, { force: true });
  return (fs.statSync(stateFile).size - without) / count;
}
