// A secret anywhere in a Monitor's or Scope's inputs is never in plain text in state, the plan or messages,
// under the engine's real rule (annotateSecrets; see tests/logic/pulumiRules.ts): the inputs are what the SDK
// registers, the provider runs as the host runs it (secrets stripped), and what comes back is re-marked only
// where the same path was secret in what was sent.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import * as monitor from "../../provider/monitor/provider";
import * as scope from "../../provider/scope/provider";
import { realClock } from "../../provider/wait";
import { startEmulator, type RunningEmulator } from "../../testing";
import { monitorProps } from "../../sdk/monitor";
import { scopeProps } from "../../sdk/scope";
import { annotateSecrets, isSecret, plainLeaves, secret, stripSecrets } from "../logic/pulumiRules";

const REGION = "us-east-1";
const ACCOUNT = "123456789012";
const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
const SECRET = "s3cr3t-owner-7d1c";

/** The registered properties with Pulumi's secrets as markers, resolved the way the SDK serializes them. */
async function resolve(v: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(v)) {
    const [value, isSecretValue] = await Promise.all([new Promise((r) => v.apply(r)), pulumi.isSecret(v)]);
    const inner = await resolve(value);
    return isSecretValue ? secret(inner) : inner;
  }
  if (v instanceof Promise) return resolve(await v);
  if (Array.isArray(v)) return Promise.all(v.map(resolve));
  if (v !== null && typeof v === "object") {
    const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await resolve(x)] as const));
    return Object.fromEntries(entries.filter(([, x]) => x !== undefined));
  }
  return v;
}

describe("secrets through the dynamic host", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator;
  let now = Date.now();
  let scopeArn = "";
  const savedEnv = { ...process.env };

  before(async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    delete process.env.AWS_PROFILE;
    emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 2_000, clock: () => now, limits: { maxScopes: 5 } });
    process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
    const clock = { now: () => now, sleep: async (ms: number) => { now += ms; }, random: () => 0 };
    monitor.setClockForTesting(clock, () => undefined);
    scope.setClockForTesting(clock, () => undefined);
    const config = { config: { get: (k: string) => ({ "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint, "aws:defaultTags": JSON.stringify({ tags: { env: "dev" } }) } as Record<string, string>)[k] } } as any;
    await monitor.configure(config);
    await scope.configure(config);
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
    const s = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
    emulator.control.setScopeStatus(s.scopeId, "SUCCEEDED");
    scopeArn = s.scopeArn;
  });

  after(async () => {
    monitor.setClockForTesting(realClock);
    scope.setClockForTesting(realClock);
    await emulator.stop();
    process.env = savedEnv;
  });

  /** Check, then create, as the engine runs them for a provider that takes no secrets. */
  async function checkAndCreate(p: typeof monitor | typeof scope, news: Record<string, unknown>) {
    const checked = await p.check({}, stripSecrets(news));
    assert.deepEqual(checked.failures, []);
    const inputs = annotateSecrets(checked.inputs!, news);
    const created = await p.create(stripSecrets(inputs));
    const outputs = annotateSecrets(created.outs!, inputs);
    return { inputs, outputs };
  }

  const leaked = (v: unknown) => plainLeaves(v).filter(([, x]) => typeof x === "string" && x.includes(SECRET)).map(([p]) => p);

  it("Monitor: a secret tag stays secret in tags and tagsAll, in the stored inputs and outputs, and in a refresh", async () => {
    const news = (await resolve(monitorProps("web", {
      localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }],
      scopeArn,
      tags: { team: "net", owner: pulumi.secret(SECRET) },
    }))) as Record<string, unknown>;
    const { inputs, outputs } = await checkAndCreate(monitor, news);
    assert.deepEqual(leaked(inputs), [], "stored inputs");
    assert.deepEqual(leaked(outputs), [], "stored outputs");
    assert.ok(isSecret((outputs.tagsAll as any).owner));
    assert.deepEqual((stripSecrets(outputs.tagsAll) as any), { env: "dev", team: "net", owner: SECRET }, "the monitor still carries every tag");
    // A refresh: Read gets the state without secrets, and the result is re-marked from the old state and inputs.
    const read = await monitor.read(String(outputs.monitorName), stripSecrets(outputs));
    assert.deepEqual(leaked(annotateSecrets(read.props!, outputs)), []);
    assert.deepEqual(leaked(annotateSecrets(read.inputs!, inputs)), []);
  });

  it("Monitor: a wholly secret tags map makes tagsAll wholly secret", async () => {
    const news = (await resolve(monitorProps("whole", {
      localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }],
      scopeArn,
      tags: pulumi.secret({ owner: SECRET }),
    }))) as Record<string, unknown>;
    const { outputs } = await checkAndCreate(monitor, news);
    assert.deepEqual(leaked(outputs), []);
    assert.ok(isSecret(outputs.tagsAll));
  });

  it("Monitor: a secret monitorName or region is refused (they are the id and part of the ARN, never encrypted); check's messages never show a secret", async () => {
    const named = (await resolve(monitorProps("n", {
      monitorName: pulumi.secret("hidden-name"),
      localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }],
      scopeArn,
      tags: { bad: pulumi.secret(SECRET + "x".repeat(300)) },
    }))) as Record<string, unknown>;
    const checked = await monitor.check({}, stripSecrets(named));
    const byProperty = Object.fromEntries(checked.failures!.map((f) => [f.property, f.reason]));
    assert.match(byProperty.monitorName, /must not be a secret/);
    assert.ok(!JSON.stringify(checked.failures).includes(SECRET), JSON.stringify(checked.failures));
    assert.ok(!JSON.stringify(checked.failures).includes("hidden-name"), JSON.stringify(checked.failures));
  });

  it("Scope: a secret tag or target stays secret in tags, tagsAll and targets", async () => {
    const news = (await resolve(scopeProps("s", {
      targets: [{ accountId: pulumi.secret(ACCOUNT), region: REGION }],
      tags: { owner: pulumi.secret(SECRET) },
    }))) as Record<string, unknown>;
    emulator.control.reset();
    const { inputs, outputs } = await checkAndCreate(scope, news);
    const secretsGone = (v: unknown) => plainLeaves(v).filter(([, x]) => x === SECRET || x === ACCOUNT).map(([p]) => p);
    // The scope's ARN names the caller's account (not an input), so only the inputs' paths are held to it.
    assert.deepEqual(secretsGone({ ...inputs }), []);
    assert.deepEqual(secretsGone({ tags: outputs.tags, tagsAll: outputs.tagsAll, targets: outputs.targets }), []);
  });
});
