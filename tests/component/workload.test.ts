// End-to-end: WorkloadMonitor programs through the local engine and Pulumi's real dynamic-provider host,
// against the emulator. Needs `npm run build` first (the host loads the provider from dist/ by package name).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { OperationResult } from "../../testing/engine";
import { useWorkloadEngines, type LinkedProject } from "./helpers";

const MONITOR = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
const COMPONENT = "networkflowmonitor:index:WorkloadMonitor";
const fixture = path.join(__dirname, "fixtures", "workload");

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

describe("WorkloadMonitor through the engine", function () {
  this.timeout(120_000);
  const harness = useWorkloadEngines();
  let project: LinkedProject;
  const engine = (config: Record<string, string>) => harness.engine(project, config);
  beforeEach(() => {
    project = harness.open(fixture);
  });

  it("plans and creates one monitor over a VPC, subnets and an AZ towards S3 and another VPC, with the scope from getScope", async () => {
    const config = { "workload:scenario": "mixed" };
    const preview = await engine(config).preview();
    assert.equal(preview.ok, true, explain(preview));
    assert.deepEqual(
      preview.steps.filter((s) => s.type === MONITOR || s.type === COMPONENT).map((s) => `${s.op} ${s.name}`),
      ["create shop", "create shop-1"],
    );
    assert.deepEqual(harness.env.emulator.control.snapshot().monitors, [], "preview must create nothing");

    const up = await engine(config).up();
    assert.equal(up.ok, true, explain(up));
    const monitors = harness.env.emulator.control.snapshot().monitors;
    assert.deepEqual(monitors.map((m) => m.name), ["shop-1"]);
    const [m] = monitors;
    assert.equal(m.scopeArn, harness.scopeArn);
    // The user's tags, and the ownership tag naming the child monitor's resource (see docs/monitor.md, interrupted runs).
    const { "pulumi-networkflowmonitor:owner": owner, ...userTags } = m.tags;
    assert.deepEqual(userTags, { team: "shop" });
    assert.match(owner, /\/shop-1$/);
    assert.deepEqual(
      m.localResources.map((r) => r.type).sort(),
      ["AWS::AvailabilityZone", "AWS::EC2::Subnet", "AWS::EC2::Subnet", "AWS::EC2::VPC"],
    );
    assert.ok(m.localResources.some((r) => r.identifier === "us-east-1b"));
    assert.ok(m.localResources.every((r) => r.type === "AWS::AvailabilityZone" || r.identifier.startsWith("arn:aws:ec2:us-east-1:123456789012:")));
    assert.deepEqual(m.remoteResources.map((r) => r.type).sort(), ["AWS::AWSService", "AWS::EC2::VPC"]);
    assert.deepEqual(up.outputs.monitorArns, [m.arn]);
    assert.deepEqual(up.outputs.monitorStatuses, ["ACTIVE"]);
    assert.equal(up.outputs.scopeArn, harness.scopeArn);
    // The monitor is the component's child.
    const state = engine(config).readState();
    const child = state.resources.find((r) => r.type === MONITOR)!;
    assert.match(child.parent ?? "", /networkflowmonitor:index:WorkloadMonitor::shop$/);

    // Reordering both lists changes nothing.
    const again = await engine({ ...config, "workload:reversed": "true" }).up();
    assert.equal(again.ok, true, explain(again));
    assert.deepEqual(again.steps.filter((s) => s.type === MONITOR).map((s) => s.op), ["same"]);

    const destroyed = await engine(config).destroy();
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.deepEqual(harness.env.emulator.control.snapshot().monitors, []);
  });

  it("splits 30 subnets into two monitors of 25 and 5", async () => {
    const config = { "workload:scenario": "thirty", "workload:scopeArn": harness.scopeArn };
    const up = await engine(config).up();
    assert.equal(up.ok, true, explain(up));
    assert.deepEqual(up.outputs.resourceNames, ["many-1", "many-2"]);
    const monitors = harness.env.emulator.control.snapshot().monitors;
    assert.equal(monitors.length, 2);
    const sizes = monitors.map((m) => m.localResources.length).sort((a, b) => a - b);
    assert.deepEqual(sizes, [5, 25]);
    const all = new Set(monitors.flatMap((m) => m.localResources.map((r) => r.identifier)));
    assert.equal(all.size, 30, "every subnet is watched exactly once");
    for (const m of monitors) {
      assert.match(m.name, /^many-[12]-[0-9a-f]{7}$/);
      assert.deepEqual(m.remoteResources, [{ type: "AWS::AWSService", identifier: "DynamoDB" }]);
    }
    assert.deepEqual([...(up.outputs.monitorArns as string[])].sort(), monitors.map((m) => m.arn).sort());
  });

  it("fails at construction with every problem named, before any monitor is planned", async () => {
    const preview = await engine({ "workload:scenario": "invalid" }).preview();
    assert.equal(preview.ok, false);
    const text = explain(preview);
    assert.match(text, /WorkloadMonitor "bad" has invalid arguments/);
    assert.match(text, /local: must list at least one resource/);
    assert.match(text, /remote\[0\]: "s3" is not a service name: write "S3"/);
    assert.match(text, /remote\[1\]: a aws:ssm\/parameter:Parameter resource \("p"\) cannot be monitored/);
    assert.deepEqual(preview.steps.filter((s) => s.type === MONITOR || s.type === COMPONENT), []);
  });
});

