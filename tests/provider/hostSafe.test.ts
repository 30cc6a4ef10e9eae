// Nothing a provider method returns may hold `undefined` at any depth: Pulumi's dynamic host turns every result
// into a protobuf Struct, which rejects it ("Unexpected struct type."), and the user then sees that instead of
// check's own message. Each method is run with every optional input absent or `undefined`, and each result goes
// through the same Struct conversion the host uses. Also: a missing required input is named with where its
// value usually comes from, and check validates every known part of an input beside an unknown one.
import * as assert from "node:assert/strict";
import * as monitor from "../../provider/monitor/provider";
import * as scope from "../../provider/scope/provider";
import { UNKNOWN } from "../../provider/monitor/types";
import { ACCOUNT, REGION, startBothProviders, type BothProviders } from "./bothProviders";

// The host's conversion (@pulumi/pulumi/cmd/dynamic-provider uses google-protobuf's Struct.fromJavaScript).
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: object): unknown } };
const toHost = (label: string, v: object) => assert.doesNotThrow(() => Struct.fromJavaScript(v), `${label} would fail in the host`);

const VPC = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0123456789abcdef0`;
const MONITOR_OPTIONAL = ["monitorName", "remoteResources", "tags", "region", "timeouts", "adoptExisting"];
const SCOPE_OPTIONAL = ["targets", "tags", "region", "timeouts"];

/** The base with `key` absent, and with it set to undefined. */
function variants(base: Record<string, unknown>, keys: string[]): [string, Record<string, unknown>][] {
  return keys.flatMap((k) => {
    const { [k]: _drop, ...absent } = base;
    return [[`${k} absent`, absent], [`${k}: undefined`, { ...base, [k]: undefined }]] as [string, Record<string, unknown>][];
  });
}

describe("no undefined reaches Pulumi's host", function () {
  this.timeout(60_000);
  let scopeArn = "";
  let env: BothProviders;

  before(async () => {
    env = await startBothProviders();
    scopeArn = env.scopeArn;
  });

  after(() => env?.stop());

  it("Monitor: check, diff, create, read and update, with each optional input absent or undefined", async () => {
    const base = {
      monitorName: "m",
      localResources: [{ type: "AWS::EC2::VPC", identifier: VPC }],
      remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
      scopeArn,
      tags: { team: "net" },
      region: REGION,
      timeouts: { create: "5m" },
      adoptExisting: false,
      __naming: { resourceName: "web", project: "p", stack: "s" },
      __provider: "code",
    };
    let n = 0;
    for (const [label, news] of variants(base, MONITOR_OPTIONAL)) {
      const checked = await monitor.check({}, news);
      toHost(`check (${label})`, checked);
      assert.deepEqual(checked.failures, [], label);
      const inputs = checked.inputs as any;
      inputs.monitorName = `m-${n++}`; // one monitor per case
      const created = await monitor.create(inputs);
      toHost(`create (${label})`, created);
      toHost(`diff (${label})`, await monitor.diff(created.id, created.outs!, inputs));
      const read = await monitor.read(created.id, created.outs!);
      toHost(`read (${label})`, read);
      toHost(`update (${label})`, await monitor.update(created.id, created.outs as any, { ...inputs, tags: { team: "x" }, tagsAll: { team: "x" } }));
      // A get: no state at all.
      toHost(`read without state (${label})`, await monitor.read(created.id, { __provider: "code" }));
    }
  });

  it("Monitor: check with required inputs missing or undefined answers failures the host can carry, naming each input and where it comes from", async () => {
    for (const news of [{}, { localResources: undefined, scopeArn: undefined, region: undefined, monitorName: undefined, __naming: undefined }]) {
      const checked = await monitor.check({}, news);
      toHost("check", checked);
      const byProperty = Object.fromEntries(checked.failures!.map((f) => [f.property, f.reason]));
      assert.match(byProperty.scopeArn, /is required/);
      assert.match(byProperty.scopeArn, /getScope\(\)/);
      assert.match(byProperty.scopeArn, /config\.require\("scopeArn"\)/);
      assert.match(byProperty.localResources, /is required/);
      assert.match(byProperty.localResources, /vpc\.arn/);
      assert.match(byProperty.monitorName, /is required/);
    }
  });

  it("Scope: check, diff, create, read and update, with each optional input absent or undefined", async () => {
    const base = { targets: [{ accountId: ACCOUNT, region: REGION }], tags: { team: "net" }, region: REGION, timeouts: { create: "5m" }, __provider: "code" };
    for (const [label, news] of variants(base, SCOPE_OPTIONAL)) {
      const checked = await scope.check({}, news);
      toHost(`check (${label})`, checked);
      assert.deepEqual(checked.failures, [], label);
      const inputs = checked.inputs as any;
      const created = await scope.create(inputs);
      toHost(`create (${label})`, created);
      toHost(`diff (${label})`, await scope.diff(created.id, created.outs!, inputs));
      toHost(`read (${label})`, await scope.read(created.id, created.outs!));
      toHost(`update (${label})`, await scope.update(created.id, created.outs as any, { ...inputs, tags: { team: "x" }, tagsAll: { team: "x" } }));
      toHost(`read without state (${label})`, await scope.read(created.id, { __provider: "code" }));
      await scope.delete(created.id, created.outs as any);
    }
  });

  it("check validates every known part of an input beside an unknown one", async () => {
    const checked = await monitor.check({}, {
      localResources: [{ type: "AWS::EC2::VPc", identifier: UNKNOWN }],
      remoteResources: [{ type: "AWS::S3", identifier: UNKNOWN }],
      scopeArn: UNKNOWN,
      __naming: { resourceName: "web", project: "p", stack: "s" },
    });
    const properties = checked.failures!.map((f) => f.property);
    assert.deepEqual(properties, ["localResources[0].type", "remoteResources[0].type"]);
    assert.match(checked.failures![0].reason, /AWS::EC2::VPC/);
    const targets = await scope.check({}, { targets: [{ accountId: "12345", region: UNKNOWN }], region: REGION });
    assert.deepEqual(targets.failures!.map((f) => f.property), ["targets[0].accountId"]);
  });
});
