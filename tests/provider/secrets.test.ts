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
import { OWNER_TAG } from "../../provider/common/ownership";
import { NOT_READ, SECRET_TAGS_TAG, secretTagsMarker } from "../../provider/common/secretTags";

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
    assert.deepEqual(outputs.__secretTags, ["env", "owner"], "every tag the monitor carries is marked secret, the default ones too");
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
  describe("a secret tag AWS holds but the state has not seen (an update cut after it reached AWS, then a refresh)", () => {
    before(async () => {
      // The scope test above reset the service: these monitors need the account's scope again.
      emulator.control.reset();
      scopeArn = String((await checkAndCreate(scope, (await resolve(scopeProps("account", {}))) as Record<string, unknown>)).outputs.scopeArn);
    });

    /** Check as the engine runs it: secrets stripped on the way in, re-marked from the program's inputs. */
    async function checked(p: typeof monitor | typeof scope, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const r = await p.check(stripSecrets(olds), stripSecrets(news));
      assert.deepEqual(r.failures, []);
      return annotateSecrets(r.inputs!, news);
    }
    const withTags = async (name: string, tags: Record<string, pulumi.Input<string>>) =>
      (await resolve(monitorProps(name, { localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }], scopeArn, tags }))) as Record<string, unknown>;

    it("Monitor: the refresh stores NOT_READ, never the value; the next up writes the secret again, and then all is still", async () => {
      const { inputs, outputs } = await checkAndCreate(monitor, await withTags("cut", { team: "net" }));
      const id = String(outputs.monitorName);
      const program = await withTags("cut", { team: "net", pin: pulumi.secret(SECRET) });
      const next = await checked(monitor, inputs, program);
      // The update reaches AWS, with the marker; the engine dies before it writes the state.
      await monitor.update(id, stripSecrets(outputs), stripSecrets(next));
      const aws = emulator.control.getMonitor(id)!.tags;
      assert.equal(aws.pin, SECRET);
      assert.equal(aws[SECRET_TAGS_TAG], secretTagsMarker(["pin"]), "the marker says pin is secret");

      // The recovering refresh starts from the old state, which has no pin.
      const read = await monitor.read(id, stripSecrets(outputs));
      const refreshed = { outputs: annotateSecrets(read.props!, outputs), inputs: annotateSecrets(read.inputs!, inputs) };
      assert.deepEqual(leaked(refreshed.outputs), [], "refreshed outputs");
      assert.deepEqual(leaked(refreshed.inputs), [], "refreshed inputs");
      assert.equal((read.props!.tags as Record<string, string>).pin, NOT_READ);

      // The next up: a change (pin differs), an update that stores the program's secret.
      const again = await checked(monitor, refreshed.inputs, program);
      assert.equal((await monitor.diff(id, stripSecrets(refreshed.outputs), stripSecrets(again))).changes, true);
      const updated = annotateSecrets((await monitor.update(id, stripSecrets(refreshed.outputs), stripSecrets(again))).outs!, again);
      assert.deepEqual(leaked(updated), []);
      assert.ok(isSecret((updated.tags as Record<string, unknown>).pin));
      // Now the state holds pin as a secret: a refresh reads its value (Pulumi re-marks it) and finds nothing to change.
      const read2 = await monitor.read(id, stripSecrets(updated));
      assert.equal((read2.props!.tags as Record<string, string>).pin, SECRET);
      const settled = annotateSecrets(read2.props!, updated);
      assert.deepEqual(leaked(settled), []);
      assert.equal((await monitor.diff(id, stripSecrets(settled), stripSecrets(again))).changes, false);
    });

    it("Monitor: dropping the secret tags removes the marker and the state's record of them: the next diff is still", async () => {
      const { inputs, outputs } = await checkAndCreate(monitor, await withTags("unpin", { team: "net", pin: pulumi.secret(SECRET) }));
      const id = String(outputs.monitorName);
      assert.deepEqual(outputs.__secretTags, ["pin"]);
      const plain = await checked(monitor, inputs, await withTags("unpin", { team: "net" }));
      const updated = (await monitor.update(id, stripSecrets(outputs), stripSecrets(plain))).outs!;
      assert.equal(updated.__secretTags, undefined);
      assert.deepEqual(Object.keys(emulator.control.getMonitor(id)!.tags).sort(), ["env", OWNER_TAG, "team"].sort(), "no pin, no marker");
      assert.equal((await monitor.diff(id, updated, stripSecrets(plain))).changes, false);
    });

    it("Scope: the refresh stores NOT_READ for a secret tag it has not seen", async () => {
      emulator.control.reset();
      const program = async (tags: Record<string, pulumi.Input<string>>) => (await resolve(scopeProps("s2", { tags }))) as Record<string, unknown>;
      const { inputs, outputs } = await checkAndCreate(scope, await program({ team: "net" }));
      const id = String(outputs.scopeId);
      const next = await checked(scope, inputs, await program({ team: "net", pin: pulumi.secret(SECRET) }));
      await scope.update(id, stripSecrets(outputs) as never, stripSecrets(next) as never);
      assert.equal(emulator.control.getScope(id)!.tags[SECRET_TAGS_TAG], secretTagsMarker(["pin"]));
      const read = await scope.read(id, stripSecrets(outputs));
      assert.deepEqual(leaked(annotateSecrets(read.props!, outputs)), []);
      assert.deepEqual(leaked(annotateSecrets(read.inputs!, inputs)), []);
      assert.equal((read.props!.tags as Record<string, string>).pin, NOT_READ);
    });
  });
});
