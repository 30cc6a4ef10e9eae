// WorkloadMonitor's pure planner: classifying entries, construction-time checks, and splitting into monitors.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkWorkload,
  classifyEntry,
  planMonitors,
  resolveLaterType,
  typeOfIdentifier,
  type ValueKind,
  type WorkloadCheckInput,
  type WorkloadEntry,
} from "../../sdk/workloadPlan";
import { localResourceArb, subnetArn, vpcArn, clusterArn } from "../logic/arbitraries";

type V = ValueKind<string>;
const s = (value: string): V => ({ kind: "string", value });
const resource = (pulumiType: string, name: string, arn: string | undefined = `later:${name}`): V => ({
  kind: "resource",
  pulumiType,
  name,
  arn,
});
const later = (value: string): V => ({ kind: "later", value });

function check(partial: Partial<WorkloadCheckInput<string>>) {
  return checkWorkload<string>({
    local: [s("us-east-1a")],
    remote: [],
    region: "us-east-1",
    hasScopeArn: false,
    scope: "absent",
    monitorNamePrefix: undefined,
    ...partial,
  });
}

function entries(n: number, side: "local" | "remote" = "local"): WorkloadEntry<string>[] {
  return Array.from({ length: n }, (_, i) => ({
    side,
    index: i,
    type: "AWS::EC2::Subnet",
    identifier: subnetArn("us-east-1", i.toString(16).padStart(8, "0")),
    known: true,
    sortKey: `1:AWS::EC2::Subnet:${i.toString(16).padStart(8, "0")}`,
  }));
}

describe("WorkloadMonitor planner: what each entry is", () => {
  it("tells ARNs, Availability Zones, Regions and services apart by their shape", () => {
    assert.equal(typeOfIdentifier(vpcArn("us-east-1")), "AWS::EC2::VPC");
    assert.equal(typeOfIdentifier(subnetArn("eu-west-1")), "AWS::EC2::Subnet");
    assert.equal(typeOfIdentifier(clusterArn("us-west-2")), "AWS::EKS::Cluster");
    assert.equal(typeOfIdentifier("us-east-1a"), "AWS::AvailabilityZone");
    assert.equal(typeOfIdentifier("us-gov-west-1"), "AWS::Region");
    assert.equal(typeOfIdentifier("S3"), "AWS::AWSService");
    assert.equal(typeOfIdentifier("DynamoDB"), "AWS::AWSService");
    assert.equal(typeOfIdentifier("s3"), undefined);
    assert.equal(typeOfIdentifier("arn:aws:ec2:us-east-1:123456789012:security-group/sg-1"), undefined);
  });

  it("accepts Vpc, Subnet and Cluster objects by type token, keyed by resource name", () => {
    const vpc = classifyEntry("local", 0, resource("aws:ec2/vpc:Vpc", "main"));
    assert.deepEqual(vpc.entry, { side: "local", index: 0, type: "AWS::EC2::VPC", identifier: "later:main", known: false, sortKey: "2:aws:ec2/vpc:Vpc:main" });
    assert.equal(classifyEntry("local", 0, resource("aws:eks/cluster:Cluster", "eks")).entry?.type, "AWS::EKS::Cluster");
    assert.equal(classifyEntry("remote", 0, resource("aws:ec2/subnet:Subnet", "a")).entry?.type, "AWS::EC2::Subnet");
  });

  it("rejects other resources, services on the local side and clusters on the remote side, saying where they may go", () => {
    assert.match(
      classifyEntry("local", 2, resource("aws:ec2/securityGroup:SecurityGroup", "web")).problem!,
      /^local\[2\]: a aws:ec2\/securityGroup:SecurityGroup resource \("web"\) cannot be monitored: pass a VPC, subnet or EKS cluster/,
    );
    assert.match(classifyEntry("local", 0, s("S3")).problem!, /^local\[0\]: "S3" is an AWS service, which can only be a remote resource: move it to `remote`/);
    assert.match(
      classifyEntry("remote", 1, resource("aws:eks/cluster:Cluster", "eks")).problem!,
      /^remote\[1\]: .*EKS cluster, which can only be a local resource: move it to `local`/,
    );
    assert.match(classifyEntry("remote", 0, s("s3")).problem!, /"s3" is not a service name: write "S3"/);
    assert.match(classifyEntry("remote", 0, s("Kinesis")).problem!, /"Kinesis" is not a resource a monitor accepts: use .*"S3" or "DynamoDB"/);
    assert.match(classifyEntry("local", 0, { kind: "other", description: "the number 5" }).problem!, /^local\[0\]: the number 5 is not/);
    assert.match(
      classifyEntry("local", 0, { kind: "typed", type: "AWS::AWSService", identifier: "S3", identifierKnown: true }).problem!,
      /^local\[0\]\.type: must be one of AWS::EC2::VPC, .* for a local resource; got "AWS::AWSService"/,
    );
  });

  it("leaves Outputs to be typed when resolved, and then names the entry if they name nothing", () => {
    assert.equal(classifyEntry("remote", 3, later("x")).entry?.type, undefined);
    assert.equal(resolveLaterType("shop", "remote", 3, "S3"), "AWS::AWSService");
    assert.throws(() => resolveLaterType("shop", "remote", 3, "nope"), /WorkloadMonitor "shop": remote\[3\] resolved to "nope" is not a resource/);
    assert.throws(() => resolveLaterType("shop", "local", 0, "DynamoDB"), /local\[0\]: .*can only be a remote resource/);
  });
});

describe("WorkloadMonitor planner: construction-time checks", () => {
  it("accepts a typical workload", () => {
    const r = check({
      local: [resource("aws:ec2/vpc:Vpc", "main"), s(subnetArn("us-east-1")), s("us-east-1a")],
      remote: [s("S3"), resource("aws:ec2/vpc:Vpc", "other"), later("o")],
    });
    assert.deepEqual(r.problems, []);
    assert.equal(r.local.length, 3);
    assert.equal(r.remote.length, 3);
  });

  it("rejects an empty or missing local side with an example of what to write", () => {
    assert.match(check({ local: [] }).problems[0], /^local: must list at least one resource .* e\.g\. `local: \[vpc\]`/);
    assert.match(check({ local: undefined }).problems[0], /^local: is required/);
  });

  it("applies the monitor's Region and format rules to identifiers known now", () => {
    const r = check({ local: [s(subnetArn("eu-west-1"))], remote: [s("S3"), s("eu-west-2")] });
    assert.ok(r.problems.some((p) => /^local\[0\]\.identifier: must be a subnet ARN in us-east-1, like .*: local resources must be in the monitor's Region/.test(p)), r.problems.join("\n"));
    assert.ok(r.problems.some((p) => /^remote\[1\]\.identifier: must be us-east-1: remote\[0\] is an AWS::AWSService/.test(p)), r.problems.join("\n"));
    assert.match(check({ local: [s("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1")] }).problems[0], /^local\[0\]\.identifier: must be a VPC ARN in us-east-1/);
    // Region not known yet: only formats are checked.
    assert.deepEqual(check({ local: [s(subnetArn("eu-west-1"))], region: undefined, regionLater: true }).problems, []);
    assert.match(check({ region: "mars-1" }).problems[0], /^region: must be a Region name like us-east-1/);
  });

  it("rejects duplicates, scopeArn with scope, and bad name prefixes", () => {
    assert.match(check({ local: [s("us-east-1a"), s("us-east-1b"), s("us-east-1a")] }).problems[0], /^local\[2\]: repeats local\[0\]: list each resource once/);
    assert.match(check({ local: [resource("aws:ec2/vpc:Vpc", "v"), resource("aws:ec2/vpc:Vpc", "v")] }).problems[0], /^local\[1\]: repeats local\[0\]/);
    assert.match(check({ hasScopeArn: true, scope: "create" }).problems[0], /^scopeArn, scope: give one of them/);
    assert.match(check({ scope: { invalid: 'must be "create" or a Scope resource; got the number 1' } }).problems[0], /^scope: must be "create"/);
    assert.match(check({ monitorNamePrefix: "shop monitors" }).problems[0], /^monitorNamePrefix: must be 1 to 245 characters.*got "shop monitors"/);
    assert.deepEqual(check({ monitorNamePrefix: "shop.prod_1" }).problems, []);
  });

  it("property: valid local resources pass; one unknown service name in remote is reported at its index", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(localResourceArb("us-east-1"), { minLength: 1, maxLength: 40, selector: (r) => r.identifier }),
        fc.array(fc.constantFrom("S3", "DynamoDB"), { maxLength: 2 }).map((a) => [...new Set(a)]),
        fc.string({ minLength: 1, maxLength: 12 }).filter((x) => typeOfIdentifier(x) === undefined),
        fc.nat(),
        (local, services, bad, at) => {
          const remote = services.map(s);
          assert.deepEqual(check({ local: local.map((r) => s(r.identifier)), remote }).problems, []);
          const i = at % (remote.length + 1);
          remote.splice(i, 0, s(bad));
          const problems = check({ local: local.map((r) => s(r.identifier)), remote }).problems;
          assert.equal(problems.length, 1, problems.join("\n"));
          assert.ok(problems[0].startsWith(`remote[${i}]: ${JSON.stringify(bad)} is not`), problems[0]);
        },
      ),
    );
  });
});

describe("WorkloadMonitor planner: splitting into monitors", () => {
  it("keeps a small workload in one monitor named <name>-1", () => {
    const plan = planMonitors("shop", entries(3), entries(2, "remote"), { monitorNamePrefix: "shop-prod" });
    assert.deepEqual(
      plan.map((p) => [p.resourceName, p.monitorName, p.local.length, p.remote.length]),
      [["shop-1", "shop-prod-1", 3, 2]],
    );
  });

  it("splits 30 subnets into 25 + 5, and both sides past 25 into every local group × remote group", () => {
    assert.deepEqual(
      planMonitors("w", entries(30), []).map((p) => [p.resourceName, p.monitorName, p.local.length, p.remote.length]),
      [
        ["w-1", undefined, 25, 0],
        ["w-2", undefined, 5, 0],
      ],
    );
    assert.deepEqual(
      planMonitors("w", entries(26), entries(60, "remote")).map((p) => `${p.resourceName}:${p.local.length}x${p.remote.length}`),
      ["w-1:25x25", "w-1-r2:25x25", "w-1-r3:25x10", "w-2:1x25", "w-2-r2:1x25", "w-2-r3:1x10"],
    );
  });

  const sideArb = (side: "local" | "remote", min: number) =>
    fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { minLength: min, maxLength: 80 }).map((ids) =>
      ids.map((id, index): WorkloadEntry<string> => ({ side, index, type: "AWS::EC2::Subnet", identifier: `id-${id}`, known: true, sortKey: `1:${id}` })),
    );

  it("property: every local-remote pair is watched by exactly one monitor, within the quotas, under unique names", () => {
    fc.assert(
      fc.property(sideArb("local", 1), sideArb("remote", 0), (local, remote) => {
        const plan = planMonitors("w", local, remote);
        assert.equal(plan.length, Math.ceil(local.length / 25) * Math.max(1, Math.ceil(remote.length / 25)));
        assert.equal(new Set(plan.map((p) => p.resourceName)).size, plan.length);
        for (const p of plan) {
          assert.ok(p.local.length >= 1 && p.local.length <= 25);
          assert.ok(p.remote.length <= 25);
        }
        const pairs = new Map<string, number>();
        for (const p of plan) {
          for (const l of p.local) for (const r of p.remote.length ? p.remote : [undefined]) {
            const key = `${l.identifier}|${r?.identifier ?? "*"}`;
            pairs.set(key, (pairs.get(key) ?? 0) + 1);
          }
        }
        assert.equal(pairs.size, local.length * Math.max(1, remote.length));
        assert.ok([...pairs.values()].every((n) => n === 1));
      }),
    );
  });

  it("property: reordering the lists gives the same monitors with the same contents", () => {
    fc.assert(
      fc.property(sideArb("local", 1), sideArb("remote", 0), fc.integer(), (local, remote, seed) => {
        const shuffle = <T>(xs: T[]) => fc.sample(fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }), { seed, numRuns: 1 })[0];
        const summary = (l: WorkloadEntry<string>[], r: WorkloadEntry<string>[]) =>
          planMonitors("w", l, r).map((p) => ({ name: p.resourceName, local: p.local.map((e) => e.identifier), remote: p.remote.map((e) => e.identifier) }));
        assert.deepEqual(summary(shuffle(local), shuffle(remote)), summary(local, remote));
      }),
    );
  });

  it("property: growing a side keeps the names of the existing monitors", () => {
    fc.assert(
      fc.property(sideArb("local", 1), sideArb("remote", 0), fc.integer({ min: 1, max: 30 }), (local, remote, extra) => {
        const before = planMonitors("w", local, remote).map((p) => p.resourceName);
        const more = entries(extra, "remote").map((e) => ({ ...e, sortKey: `9:${e.index}`, identifier: `extra-${e.index}` }));
        const after = planMonitors("w", local, [...remote, ...more]).map((p) => p.resourceName);
        for (const n of before) assert.ok(after.includes(n), `${n} disappeared`);
      }),
    );
  });
});
