// Provider plugin vs dynamic-provider host: cold start (spawn to the first answered Check of a monitor) and the
// bytes one monitor's state holds (inputs + outputs, as the engine stores them). Quick: `npx ts-node
// --transpile-only bench/plugin.ts [runs]` after `npm run build`. The dynamic host gets a `__provider` written
// like the SDK's (one-line forwarders to the package's provider module), so both load the same core.
import * as path from "node:path";
import type * as hostModule from "../testing/engine/host";
import { startEmulator } from "../testing";
import { summarize } from "./stats";

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

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
