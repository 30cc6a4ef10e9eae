// A secret anywhere in a Monitor's or Scope's inputs is never in plain text in state, the plan or messages,
// under the engine's real rule (annotateSecrets; see tests/logic/pulumiRules.ts): the inputs are what the SDK
// registers, the provider runs as the host runs it (secrets stripped), and what comes back is re-marked only
// where the same path was secret in what was sent.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "../../provider/monitor/provider";
import * as scope from "../../provider/scope/provider";
import type { RunningEmulator } from "../../testing";
import { ACCOUNT, REGION, startBothProviders, type BothProviders } from "./bothProviders";
import { monitorProps } from "../../sdk/monitor";
import { scopeProps } from "../../sdk/scope";
import { annotateSecrets, isSecret, plainLeaves, secret, stripSecrets } from "../logic/pulumiRules";

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
  let scopeArn = "";
  let env: BothProviders;

  before(async () => {
    env = await startBothProviders({ "aws:defaultTags": JSON.stringify({ tags: { env: "dev" } }) });
    emulator = env.emulator;
    scopeArn = env.scopeArn;
  });

  after(() => env?.stop());

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
