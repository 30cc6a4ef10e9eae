// `make demo`: examples/basic against the local emulator, through preview, up, a second up that
// changes nothing, an in-place update, a replacement, a refresh that finds an out-of-band change,
// and destroy. Uses a real `pulumi` CLI when one is on PATH, else the engine in a box. Exits
// non-zero when any step misbehaves.
import * as path from "node:path";
import { CreateScopeCommand, GetScopeCommand, NetworkFlowMonitorClient } from "../provider/client";
import { startEmulator, type RunningEmulator } from "../testing/emulator";
import { createStackDriver, type StackDriver, type StepResult } from "./stackDriver";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const WRITES = new Set(["CreateMonitor", "UpdateMonitor", "DeleteMonitor", "TagResource", "UntagResource"]);

export interface DemoOptions {
  log?: (line: string) => void;
  kind?: StackDriver["kind"];
  /** Seconds a monitor stays PENDING in the emulator (the real service takes minutes). */
  activeAfterMs?: number;
}

export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: opts.activeAfterMs ?? 1500, deleteAfterMs: 500 });
  let driver: StackDriver | undefined;
  try {
    const scopeArn = await createScope(emulator);
    const env = {
      AWS_ACCESS_KEY_ID: "demo",
      AWS_SECRET_ACCESS_KEY: "demo-secret",
      AWS_REGION: REGION,
      // The one setting that points the provider at the emulator instead of AWS.
      AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: emulator.endpoint,
    };
    const config: Record<string, string> = { "aws:region": REGION, "basic:scopeArn": scopeArn };
    driver = createStackDriver({ programDir: path.resolve(__dirname, "..", "examples", "basic"), stack: "demo", config, env, kind: opts.kind });
    if (driver.kind === "pulumi-cli") {
      // The real CLI would create the VPC and subnet in AWS: monitor existing ones instead.
      await driver.setConfig("basic:existingVpcArn", `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0a1b2c3d4e5f60718`);
      await driver.setConfig("basic:existingSubnetArn", `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0a1b2c3d4e5f60718`);
    }
    log(`Stack driver: ${driver.kind === "pulumi-cli" ? "the pulumi CLI on PATH" : "engine in a box (no pulumi CLI on PATH)"}; emulator at ${emulator.endpoint}\n`);
    const d = driver;

    const writes = () => emulator.requests().filter((r) => r.operation && WRITES.has(r.operation)).map((r) => r.operation as string);
    const step = async (title: string, run: () => Promise<StepResult>, expect: (r: StepResult) => string | undefined) => {
      emulator.clearRequests();
      log(`=== ${title}`);
      const r = await run();
      log(r.text.trimEnd());
      const calls = emulator.requests().map((q) => q.operation).filter(Boolean);
      log(`    service calls: ${calls.length ? summarize(calls as string[]) : "none"}\n`);
      const problem = r.ok ? expect(r) : "the operation failed";
      if (problem) throw new Error(`demo step "${title}" misbehaved: ${problem}`);
    };
    const monitorOps = (r: StepResult) => r.ops.app ?? [];

    await step("pulumi preview (new stack)", d.preview, (r) =>
      !monitorOps(r).includes("create") ? "the monitor is not planned for create"
        : writes().length ? `preview made write calls: ${writes()}` : undefined);

    await step("pulumi up", d.up, () => (writes().filter((w) => w === "CreateMonitor").length !== 1 ? "expected one CreateMonitor" : undefined));
    const first = await d.outputs();
    log(`    outputs: monitorArn=${first.monitorArn} monitorStatus=${first.monitorStatus}\n`);
    if (first.monitorStatus !== "ACTIVE") throw new Error(`monitorStatus is ${first.monitorStatus}, expected ACTIVE`);

    await step("pulumi up (nothing changed)", d.up, (r) =>
      writes().length ? `a no-change up made write calls: ${writes()}` : monitorOps(r).some((o) => o !== "same") ? "the monitor was not left unchanged" : undefined);

    await d.setConfig("basic:addDynamoDB", "true");
    await d.setConfig("basic:owner", "platform-team");
    await step("pulumi up (add DynamoDB as a remote resource and an owner tag: update in place)", d.up, (r) =>
      !monitorOps(r).includes("update") ? "the monitor was not updated in place"
        : summarize(writes()) !== "TagResource×1, UpdateMonitor×1" ? `expected one UpdateMonitor and one TagResource, got ${summarize(writes())}` : undefined);

    await d.setConfig("basic:monitorName", "app-flows-v2");
    await step("pulumi up (rename: replace, new monitor before the old one is deleted)", d.up, (r) => {
      const w = writes();
      if (!monitorOps(r).includes("replace")) return "the monitor was not replaced";
      if (w.indexOf("CreateMonitor") < 0 || w.indexOf("CreateMonitor") > w.indexOf("DeleteMonitor")) return `expected create before delete, got ${w}`;
      return emulator.control.getMonitor("app-flows") ? "the old monitor is still there" : undefined;
    });

    emulator.control.setMonitorTags("app-flows-v2", { app: "basic", owner: "changed-in-the-console" });
    log("(out of band: the monitor's owner tag was changed in the console)\n");
    await step("pulumi refresh (finds the out-of-band change)", d.refresh, () => (writes().length ? "refresh made write calls" : undefined));
    await step("pulumi up (puts the tag back)", d.up, () =>
      emulator.control.getMonitor("app-flows-v2")?.tags.owner !== "platform-team" ? "the owner tag was not restored" : undefined);

    await step("pulumi destroy", d.destroy, () => (emulator.control.snapshot().monitors.length ? "monitors are left in the service" : undefined));
    log("Demo finished: every step behaved.");
  } finally {
    await driver?.dispose();
    await emulator.stop();
  }
}

async function createScope(emulator: RunningEmulator): Promise<string> {
  const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint, credentials: { accessKeyId: "demo", secretAccessKey: "demo-secret" } });
  const scope = await api.send(new CreateScopeCommand({
    targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }],
  }));
  for (let i = 0; i < 100; i++) {
    if ((await api.send(new GetScopeCommand({ scopeId: scope.scopeId }))).status === "SUCCEEDED") return scope.scopeArn;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the emulator's scope never reached SUCCEEDED");
}

function summarize(ops: string[]): string {
  const counts = new Map<string, number>();
  for (const o of ops) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o}×${n}`).join(", ");
}

if (require.main === module) {
  runDemo().catch((err) => {
    console.error(`\n${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
