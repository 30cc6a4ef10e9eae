// The agents, alarms and dashboard components on their own, under pulumi.runtime.setMocks: what each registers
// (type token, parent, inputs), the checks of their own arguments, and the warning for alarms nobody hears.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  parent?: string;
}

describe("agents, alarms and dashboard components under pulumi.runtime.setMocks", () => {
  const registered: Registered[] = [];
  const warnings: string[] = [];
  let sdk: typeof import("../../sdk");
  let savedWarn: typeof console.warn;

  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          const state: Record<string, unknown> = { ...args.inputs };
          if (args.type === "aws:iam/role:Role") Object.assign(state, { name: `${args.name}-r`, arn: `arn:aws:iam::123456789012:role/${args.name}-r` });
          if (args.type === "aws:cloudwatch/metricAlarm:MetricAlarm") state.arn = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${args.name}`;
          return { id: `${args.name}-id`, state };
        },
        call: (args) => (args.token === "aws:index/getRegion:getRegion" ? { region: "eu-west-1", name: "eu-west-1" } : {}),
      },
      "proj",
      "dev",
      false,
    );
    sdk = require("../../sdk");
    savedWarn = console.warn;
    console.warn = (...a: unknown[]) => void warnings.push(a.join(" "));
  });
  after(() => {
    console.warn = savedWarn;
  });

  const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
  const byName = (name: string) => registered.find((r) => r.name === name)!;

  it("EksAgent on a cluster given by ARN: the cluster's name, a partition from the provider's Region, no second Pod Identity agent when told", async () => {
    const agent = new sdk.EksAgent("solo", { cluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod", podIdentityAgentInstalled: true });
    await output(agent.addon.urn);
    assert.equal(await output(agent.roleArn), "arn:aws:iam::123456789012:role/solo-role-r");
    assert.equal(byName("solo").type, "networkflowmonitor:index:EksAgent");
    assert.equal(byName("solo-addon").inputs.clusterName, "prod");
    assert.equal(byName("solo-pod-identity").inputs.roleArn, "arn:aws:iam::123456789012:role/solo-role-r");
    assert.equal(byName("solo-publish").inputs.policyArn, "arn:aws:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy");
    assert.equal(registered.some((r) => r.name === "solo-pod-identity-agent"), false);
  });

  it("Ec2Agents by instance ids, and AgentPublishPolicy over role names and ARNs", async () => {
    const ec2 = new sdk.Ec2Agents("fleet", { instanceIds: ["i-0123456789abcdef0", pulumi.output("i-0fedcba9876543210")] });
    await output(ec2.activate.urn);
    assert.deepEqual(byName("fleet-install").inputs.targets, [{ key: "InstanceIds", values: ["i-0123456789abcdef0", "i-0fedcba9876543210"] }]);
    const policy = new sdk.AgentPublishPolicy("pub", { roles: ["web", "arn:aws:iam::123456789012:role/team/batch"] });
    await output(policy.attachments[1].urn);
    assert.deepEqual(
      registered.filter((r) => r.name.startsWith("pub-")).map((r) => [r.name, r.inputs.role]),
      [["pub-batch", "batch"], ["pub-web", "web"]],
    );
    assert.throws(() => new sdk.Ec2Agents("none", {}), /Ec2Agents "none" has invalid arguments:\n {2}- instanceTags, instanceIds: give exactly one/);
    assert.throws(() => new sdk.AgentPublishPolicy("bad", { roles: ["no spaces allowed"] }), /roles\[0\]: must be an IAM role name/);
  });

  it("MonitorAlarms without actions warns that nobody hears them; its checks name each bad setting", async () => {
    const alarms = new sdk.MonitorAlarms("solo-alarms", { monitors: ["existing-monitor"], timeouts: { threshold: 10 } });
    assert.deepEqual(await output(alarms.alarmArns), [
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:existing-monitor-health-indicator",
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:existing-monitor-timeouts",
    ]);
    assert.ok(warnings.some((w) => /MonitorAlarms "solo-alarms": alarms: no `actions` given/.test(w)), warnings.join("\n"));
    assert.match(
      byName("existing-monitor-timeouts").inputs.metricQueries[0].expression,
      /^SELECT MAX\(Timeouts\) FROM SCHEMA\("AWS\/NetworkFlowMonitor", MeasurementSource, MonitorName\) WHERE MonitorName = 'existing-monitor'$/,
    );
    assert.throws(
      () => new sdk.MonitorAlarms("bad", { monitors: [], retransmissions: { threshold: 0 } }),
      /retransmissions\.threshold: must be a positive number[\s\S]*monitors: must list at least one/,
    );
  });

  it("MonitorDashboard named after the component and stack, in the provider's Region", async () => {
    const d = new sdk.MonitorDashboard("ops", { monitors: ["a", pulumi.output("b")] });
    assert.equal(await output(d.dashboardName), "ops-dev");
    assert.equal(await output(d.dashboardUrl), "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/ops-dev");
    const body = JSON.parse(byName("ops").inputs.dashboardBody ?? (await output(d.dashboard.dashboardBody)));
    assert.equal(body.widgets[0].properties.metrics.length, 2);
    assert.throws(() => new sdk.MonitorDashboard("x", { monitors: ["a"], dashboardName: "has space" }), /dashboardName: must be 1 to 255 letters/);
  });
});

describe("loading the package", () => {
  it("does not load @pulumi/aws until an agents, alarms or dashboard component is constructed", () => {
    const script = `
      require("./sdk");
      const loaded = () => Object.keys(require.cache).filter((k) => k.includes("@pulumi/aws/")).length;
      const before = loaded();
      require("./sdk/workload/aws").loadAws();
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const root = path.resolve(__dirname, "..", "..");
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: root, encoding: "utf8" });
    const { before, after } = JSON.parse(out.trim().split("\n").pop()!);
    assert.equal(before, 0, "importing the package loaded @pulumi/aws");
    assert.ok(after > 0);
  });
});
