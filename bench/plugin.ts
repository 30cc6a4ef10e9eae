// Provider plugin vs dynamic-provider host, after `npm run build`:
//
//   npx ts-node --transpile-only bench/plugin.ts [runs]
//     Cold start (spawn to the first answered Check of a monitor) and the bytes one monitor's state holds (inputs +
//     outputs, as the engine stores them). The dynamic host gets a `__provider` written like the SDK's (one-line
//     forwarders to the package's provider module), so both load the same core.
//
//   npx ts-node --transpile-only bench/plugin.ts preview [runs] [sizes, default 1,500]
//     Whole previews through the engine in a box, as `npm run bench` measures them but with more runs: the
//     plugin fixture (bench/fixtures/plugin) against the dynamic path (bench/fixtures/monitors), back to back in
//     each run, order alternating, for new and already-up stacks of each size; then where the time goes: warm
//     Check + Diff round trips for one already-up monitor after another, straight to each provider process.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as hostModule from "../testing/engine/host";
import { toProviderValue } from "../testing/engine/plan";
import { saveState } from "../testing/engine/state";
import type { StateFile } from "../testing/engine/types";
import { startEmulator } from "../testing";
import { cloneState, engineFor, hostEnv, sampleHostMemory, startBenchEmulator, timed } from "./harness";
import { assertBuilt, makeBenchProject, PLUGIN_MAIN, type BenchProject } from "./project";
import { interleaved, pairedRatio, summarize } from "./stats";

const root = path.resolve(__dirname, "..");
const { ProviderHost, resolvePulumiDir } = require("../dist/testing/engine/host") as typeof hostModule;
const REGION = "us-east-1";
const env = { ...process.env, AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_REGION: REGION, AWS_EC2_METADATA_DISABLED: "true" };
const MODULE = "pulumi-networkflowmonitor/dist/provider/monitor/provider.js";
const FORWARDERS =
  "exports.handler = () => ({ " +
  ["configure(r)", "check(o, n)", "diff(i, o, n)", "create(i)", "read(i, p)", "update(i, o, n)", "delete(i, p)"]
    .map((sig) => `${sig.slice(0, sig.indexOf("("))}: (${sig.slice(sig.indexOf("(") + 1, -1)}) => require("${MODULE}").${sig}`)
    .join(", ") +
  " });";

async function coldAndState(runs: number): Promise<void> {
  const emulator = await startEmulator({ region: REGION });
  const pulumiDir = resolvePulumiDir(root);
  const scopeArn = `arn:aws:networkflowmonitor:${REGION}:123456789012:scope/bench`;
  const monitor = { monitorName: "m0", scopeArn, localResources: [{ type: "AWS::EC2::VPC", identifier: `arn:aws:ec2:${REGION}:123456789012:vpc/vpc-0123456789abcdef0` }], tags: { team: "net" } };
  const urn = (type: string) => `urn:pulumi:dev::bench::${type}::m0`;
  const naming = { resourceName: "m0", project: "bench", stack: "dev" };
  const cold: Record<"plugin" | "dynamic", number[]> = { plugin: [], dynamic: [] };
  try {
    for (let r = 0; r < runs; r++) {
      for (const kind of r % 2 === 0 ? (["plugin", "dynamic"] as const) : (["dynamic", "plugin"] as const)) {
        const t0 = performance.now();
        const host = kind === "plugin"
          ? ProviderHost.start({ pulumiDir, script: path.join(root, "dist/provider/plugin/main.js"), cwd: root, env, log: () => undefined })
          : ProviderHost.start({ pulumiDir, cwd: root, env, log: () => undefined });
        try {
          let first;
          if (kind === "plugin") {
            const checked = await host.checkConfig("urn:pulumi:dev::bench::pulumi:providers:networkflowmonitor::default", {}, { region: REGION, endpoint: emulator.endpoint });
            await host.configureArgs(checked.inputs);
            first = await host.check(urn("networkflowmonitor:index:Monitor"), {}, monitor);
          } else {
            await host.configure({ "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint });
            first = await host.check(urn("pulumi-nodejs:dynamic/networkflowmonitor:Monitor"), {}, { ...monitor, __naming: naming, __provider: FORWARDERS });
          }
          if (first.failures.length > 0) throw new Error(`${kind}: ${JSON.stringify(first.failures)}`);
          cold[kind].push(performance.now() - t0);
        } finally {
          await host.stop();
        }
      }
    }
    // State of one monitor from the plugin: created for real against the emulator.
    const plugin = ProviderHost.start({ pulumiDir, script: path.join(root, "dist/provider/plugin/main.js"), cwd: root, env, log: () => undefined });
    try {
      await plugin.configureArgs({ region: REGION, endpoint: emulator.endpoint });
      const scope = await plugin.create(urn("networkflowmonitor:index:Scope"), (await plugin.check(urn("networkflowmonitor:index:Scope"), {}, { targets: [{ accountId: "123456789012", region: REGION }] })).inputs);
      const checked = await plugin.check(urn("networkflowmonitor:index:Monitor"), {}, { ...monitor, scopeArn: scope.properties.scopeArn });
      const created = await plugin.create(urn("networkflowmonitor:index:Monitor"), checked.inputs);
      const stateBytes = Buffer.byteLength(JSON.stringify({ inputs: checked.inputs, outputs: created.properties }), "utf8");
      console.log(JSON.stringify({
        runs,
        msSpawnToFirstCheck: { plugin: summarize(cold.plugin), dynamic: summarize(cold.dynamic) },
        dynamicProviderBytes: Buffer.byteLength(FORWARDERS, "utf8"),
        pluginStateBytesPerMonitor: stateBytes,
      }, null, 2));
    } finally {
      await plugin.stop();
    }
  } finally {
    await emulator.stop();
  }
}

type Front = "plugin" | "dynamic";

/** Previews of `sizes` monitors, new and already up, plugin and dynamic path interleaved; then warm round trips. */
async function previews(runs: number, sizes: number[]): Promise<void> {
  assertBuilt();
  const started = performance.now();
  const load = [uptime()];
  const fast = await startBenchEmulator(0);
  const projects: Record<Front, BenchProject> = { plugin: makeBenchProject("plugin"), dynamic: makeBenchProject("monitors") };
  const engine = (front: Front, file: string, n: number) => engineFor(projects[front], file, n, fast.scopeArn, fast.emulator.endpoint, front === "plugin");
  const report: Record<string, unknown> = {};
  try {
    const templates = {} as Record<Front, StateFile>;
    for (const front of ["plugin", "dynamic"] as const) {
      const e = engine(front, projects[front].stateFile("template"), 1);
      const up = await e.up();
      if (!up.ok) throw new Error(`template up (${front}) failed:\n${up.planText}`);
      templates[front] = e.readState();
    }
    for (const n of sizes) {
      for (const existing of [true, false]) {
        const key = `${existing ? "up" : "new"}-${n}`;
        const ms: Record<Front, number[]> = { plugin: [], dynamic: [] };
        const rss: Record<Front, number[]> = { plugin: [], dynamic: [] };
        for (let r = 0; r < runs; r++) {
          for (const front of interleaved<Front>(["plugin", "dynamic"], r)) {
            const file = projects[front].stateFile(key);
            if (existing) saveState(file, cloneState(templates[front], n));
            const e = engine(front, file, n);
            fast.emulator.clearRequests();
            const stop = sampleHostMemory(e, 25, front === "plugin" ? "pluginPids" : "hostPids");
            const { ms: took, value } = await timed(() => e.preview());
            rss[front].push(stop());
            if (!value.ok) throw new Error(`preview ${key} (${front}) failed:\n${value.planText}`);
            const monitors = value.steps.filter((s) => s.op === (existing ? "same" : "create") && /Monitor$/.test(s.type)).length;
            if (monitors !== n) throw new Error(`preview ${key} (${front}): ${monitors} monitors ${existing ? "unchanged" : "to create"}, expected ${n}`);
            if (fast.emulator.requests().length) throw new Error(`preview ${key} (${front}) called the service ${fast.emulator.requests().length} times`);
            ms[front].push(took);
            fs.rmSync(file, { force: true });
          }
        }
        report[key] = {
          n,
          runs,
          msPerRun: { plugin: ms.plugin.map(Math.round), dynamic: ms.dynamic.map(Math.round) },
          totalMs: { plugin: summarize(ms.plugin), dynamic: summarize(ms.dynamic) },
          ratioPluginToDynamic: pairedRatio(ms.plugin, ms.dynamic),
          providerPeakRssMB: { plugin: summarize(rss.plugin.map(toMB)), dynamic: summarize(rss.dynamic.map(toMB)) },
        };
        load.push(uptime());
        console.error(`[${((performance.now() - started) / 1000).toFixed(0)}s] preview ${key} done`);
      }
    }

    // Where the time goes: the Check and Diff an already-up monitor costs, sent straight to a warm provider
    // process one monitor after another (the engine generates steps one registration at a time). The news are
    // the stored inputs, as a no-change program sends them (near enough: the SDK recomputes a few carriers).
    const n = sizes[sizes.length - 1];
    const rpc: Record<Front, number[]> = { plugin: [], dynamic: [] };
    const checkMs: Record<Front, number[]> = { plugin: [], dynamic: [] };
    for (let r = 0; r < runs; r++) {
      for (const front of interleaved<Front>(["plugin", "dynamic"], r)) {
        const host = ProviderHost.start({
          pulumiDir: resolvePulumiDir(projects[front].dir),
          script: front === "plugin" ? PLUGIN_MAIN : undefined,
          cwd: projects[front].dir,
          env: { ...process.env, ...hostEnv },
          log: () => undefined,
        });
        try {
          if (front === "plugin") await host.configureArgs({ region: REGION, endpoint: fast.emulator.endpoint });
          else await host.configure({ "aws:region": REGION, "networkflowmonitor:endpoint": fast.emulator.endpoint });
          const monitors = cloneState(templates[front], n).resources.filter((x) => /Monitor$/.test(x.type));
          let checking = 0;
          const t0 = performance.now();
          for (const m of monitors) {
            const inputs = toProviderValue(m.inputs) as Record<string, unknown>;
            const c0 = performance.now();
            const checked = await host.check(m.urn, inputs, inputs);
            checking += performance.now() - c0;
            if (checked.failures.length) throw new Error(`${front} Check failed: ${JSON.stringify(checked.failures)}`);
            const diff = await host.diff(m.urn, m.id!, toProviderValue(m.outputs) as Record<string, unknown>, checked.inputs, inputs);
            if (diff.changes === "some") throw new Error(`${front} Diff of an unchanged monitor found changes`);
          }
          rpc[front].push(performance.now() - t0);
          checkMs[front].push(checking);
        } finally {
          await host.stop();
        }
      }
    }
    report.warmCheckDiff = {
      monitors: n,
      runs,
      msPerMonitor: { plugin: summarize(rpc.plugin.map((t) => t / n)), dynamic: summarize(rpc.dynamic.map((t) => t / n)) },
      ofWhichCheckMs: { plugin: summarize(checkMs.plugin.map((t) => t / n)), dynamic: summarize(checkMs.dynamic.map((t) => t / n)) },
      ratioPluginToDynamic: pairedRatio(rpc.plugin, rpc.dynamic),
    };
    load.push(uptime());
  } finally {
    await fast.stop();
    for (const p of Object.values(projects)) p.cleanup();
  }
  console.log(JSON.stringify({ generatedAt: new Date().toISOString(), loadAverage: load, totalSeconds: Math.round((performance.now() - started) / 1000), ...report }, null, 2));
}

function toMB(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
function uptime(): number[] {
  return require("node:os").loadavg().map((l: number) => Math.round(l * 100) / 100);
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "preview") {
    const runs = Number(rest[0] ?? 5);
    const sizes = (rest[1] ?? "1,500").split(",").map(Number);
    if (!Number.isInteger(runs) || runs < 1 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new Error("usage: bench/plugin.ts preview [runs >= 1] [sizes, e.g. 1,500]");
    }
    await previews(runs, sizes);
  } else {
    await coldAndState(Number(mode ?? 5));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
