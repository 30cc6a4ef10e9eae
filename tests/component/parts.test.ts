// End-to-end: examples/workload (agents, alarms, dashboard) through the engine in a box against the emulator;
// the @pulumi/aws resources the components register (type token and inputs), preview, a no-op second up,
// dropping the dashboard, construction-time checks, and that a WorkloadMonitor without the new arguments
// registers exactly what it did before. Needs `npm run build` first (the host loads the provider from dist/).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { OperationResult, StateResource } from "../../testing/engine";
import { repoRoot, useWorkloadEngines } from "./helpers";

const T = {
  component: "networkflowmonitor:index:WorkloadMonitor",
  monitor: "pulumi-nodejs:dynamic/networkflowmonitor:Monitor",
  eksAgent: "networkflowmonitor:index:EksAgent",
  ec2Agents: "networkflowmonitor:index:Ec2Agents",
  publish: "networkflowmonitor:index:AgentPublishPolicy",
  alarms: "networkflowmonitor:index:MonitorAlarms",
  dashboard: "networkflowmonitor:index:MonitorDashboard",
  role: "aws:iam/role:Role",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  addon: "aws:eks/addon:Addon",
  association: "aws:ssm/association:Association",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  cwDashboard: "aws:cloudwatch/dashboard:Dashboard",
};
const PARTS = new Set([T.eksAgent, T.ec2Agents, T.publish, T.alarms, T.dashboard, T.podIdentity, T.addon, T.association, T.alarm, T.cwDashboard]);
const MUTATING = /^(Create|Update|Delete|Tag|Untag)/;

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

describe("WorkloadMonitor agents, alarms and dashboard through the engine (examples/workload)", function () {
  this.timeout(180_000);
  const harness = useWorkloadEngines();
  const { open, engine } = harness;
  const emulator = () => harness.env.emulator;

  it("previews every part with no write to the service, then creates them with the documented inputs", async () => {
    const project = open(path.join(repoRoot, "examples", "workload"));
    const preview = await engine(project).preview();
    assert.equal(preview.ok, true, explain(preview));
    const planned = preview.steps.filter((s) => s.op === "create").map((s) => `${s.type} ${s.name}`);
    for (const expected of [
      `${T.component} shop`,
      `${T.monitor} shop-1`,
      `${T.eksAgent} shop-eks-shop`,
      `${T.role} shop-eks-shop-role`,
      `${T.attachment} shop-eks-shop-publish`,
      `${T.podIdentity} shop-eks-shop-pod-identity`,
      `${T.addon} shop-eks-shop-pod-identity-agent`,
      `${T.addon} shop-eks-shop-addon`,
      `${T.ec2Agents} shop-ec2`,
      `${T.association} shop-ec2-install`,
      `${T.association} shop-ec2-activate`,
      `${T.publish} shop-publish`,
      `${T.attachment} shop-publish-shop-web`,
      `${T.alarms} shop-alarms`,
      `${T.alarm} shop-1-health-indicator`,
      `${T.alarm} shop-1-retransmissions`,
      `${T.alarm} shop-1-round-trip-time`,
      `${T.dashboard} shop-dashboard`,
      `${T.cwDashboard} shop-dashboard`,
    ]) {
      assert.ok(planned.includes(expected), `preview does not show ${expected}:\n${planned.join("\n")}`);
    }
    assert.deepEqual(emulator().requests().filter((r) => MUTATING.test(r.operation ?? "")), [], "preview must write nothing");
    assert.deepEqual(emulator().control.snapshot().monitors, []);

    const up = await engine(project).up();
    assert.equal(up.ok, true, explain(up));
    const state = engine(project).readState().resources;
    const one = (type: string, name: string): StateResource => {
      const r = state.find((x) => x.type === type && x.name === name);
      assert.ok(r, `no ${type} ${name} in state`);
      return r;
    };
    const [monitor] = emulator().control.snapshot().monitors;
    const cluster = one("aws:eks/cluster:Cluster", "shop");
    const componentUrn = one(T.component, "shop").urn;

    // EKS: a Pod Identity role with the publish policy, associated with the agent's service account; both add-ons.
    const role = one(T.role, "shop-eks-shop-role");
    assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0], {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    });
    assert.deepEqual(one(T.attachment, "shop-eks-shop-publish").inputs, {
      role: role.outputs.name,
      policyArn: "arn:aws:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy",
    });
    const association = one(T.podIdentity, "shop-eks-shop-pod-identity");
    assert.equal(association.inputs.clusterName, cluster.outputs.name);
    assert.equal(association.inputs.namespace, "amazon-network-flow-monitor");
    assert.equal(association.inputs.serviceAccount, "aws-network-flow-monitor-agent-service-account");
    assert.equal(association.inputs.roleArn, role.outputs.arn);
    assert.equal(one(T.addon, "shop-eks-shop-pod-identity-agent").inputs.addonName, "eks-pod-identity-agent");
    const addon = one(T.addon, "shop-eks-shop-addon");
    assert.equal(addon.inputs.addonName, "aws-network-flow-monitoring-agent");
    assert.equal(addon.inputs.clusterName, cluster.outputs.name);
    assert.ok(addon.dependencies.includes(association.urn), "the add-on starts after its Pod Identity association exists");
    assert.match(one(T.eksAgent, "shop-eks-shop").parent ?? "", new RegExp(`${componentUrn.split("::").pop()}$`));

    // EC2: install, then activate, on the instances tagged app=shop.
    const install = one(T.association, "shop-ec2-install");
    const activate = one(T.association, "shop-ec2-activate");
    assert.equal(install.inputs.name, "AWS-ConfigureAWSPackage");
    assert.deepEqual(install.inputs.parameters, { action: "Install", name: "AmazonCloudWatchNetworkFlowMonitorAgent" });
    assert.deepEqual(install.inputs.targets, [{ key: "tag:app", values: ["shop"] }]);
    assert.equal(activate.inputs.name, "AmazonCloudWatch-NetworkFlowMonitorManageAgent");
    assert.deepEqual(activate.inputs.parameters, { Action: "Activate" });
    assert.ok(activate.dependencies.includes(install.urn));

    // The instance role gets the publish policy.
    assert.deepEqual(one(T.attachment, "shop-publish-shop-web").inputs, {
      role: one(T.role, "shop-web").outputs.name,
      policyArn: "arn:aws:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy",
    });

    // Alarms: Metrics Insights on the monitor's real name, into the topic, quiet without data.
    const topicArn = one("aws:sns/topic:Topic", "shop-network-alerts").outputs.arn;
    const alarms = state.filter((r) => r.type === T.alarm);
    assert.equal(alarms.length, 3);
    for (const a of alarms) {
      assert.deepEqual(a.inputs.alarmActions, [topicArn]);
      assert.deepEqual(a.inputs.okActions, [topicArn]);
      assert.equal(a.inputs.treatMissingData, "notBreaching");
      const [q] = a.inputs.metricQueries as { expression: string; period: number; returnData: boolean }[];
      assert.match(q.expression, new RegExp(`^SELECT MAX\\(\\w+\\) FROM SCHEMA\\("AWS/NetworkFlowMonitor", MeasurementSource, MonitorName\\) WHERE MonitorName = '${monitor.name}'$`));
      assert.equal(q.returnData, true);
    }
    const health = one(T.alarm, "shop-1-health-indicator").inputs;
    assert.equal(health.comparisonOperator, "GreaterThanOrEqualToThreshold");
    assert.equal(health.threshold, 1);
    const rtt = one(T.alarm, "shop-1-round-trip-time").inputs;
    assert.deepEqual([rtt.threshold, rtt.evaluationPeriods, rtt.comparisonOperator], [20000, 3, "GreaterThanThreshold"]);
    assert.deepEqual(up.outputs.alarmArns, alarms.map((a) => a.outputs.arn).sort());

    // Dashboard: valid JSON naming the monitor, a console link for the Region.
    const dashboard = one(T.cwDashboard, "shop-dashboard");
    assert.equal(dashboard.inputs.dashboardName, "shop-dev");
    const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: { properties: { region: string; metrics: { expression: string }[][] } }[] };
    assert.equal(body.widgets.length, 5);
    assert.ok(body.widgets.every((w) => w.properties.region === "us-east-1" && w.properties.metrics[0][0].expression.includes(`'${monitor.name}'`)));
    assert.equal(up.outputs.dashboardName, "shop-dev");
    assert.equal(up.outputs.dashboardUrl, "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/shop-dev");

    // A second up changes nothing.
    const again = await engine(project).up();
    assert.equal(again.ok, true, explain(again));
    assert.deepEqual(again.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.type} ${s.name}`), []);

    // Dropping the dashboard deletes the dashboard and nothing else.
    const without = await engine(project, { "workload:dashboard": "false" }).up();
    assert.equal(without.ok, true, explain(without));
    assert.deepEqual(
      without.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.type} ${s.name}`).sort(),
      [`delete ${T.cwDashboard} shop-dashboard`, `delete ${T.dashboard} shop-dashboard`],
    );
    assert.equal(without.outputs.dashboardUrl, undefined);
    assert.deepEqual(emulator().control.snapshot().monitors.map((m) => m.arn), [monitor.arn]);

    const destroyed = await engine(project, { "workload:dashboard": "false" }).destroy();
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.deepEqual(emulator().control.snapshot().monitors, []);
  });

  it("lists every problem with the new arguments in one message before planning anything; alarms without actions are no error", async () => {
    const project = open(path.join(__dirname, "fixtures", "workload"));
    const bad = await engine(project, { "workload:scenario": "parts-invalid" }).preview();
    assert.equal(bad.ok, false, explain(bad));
    const text = explain(bad);
    assert.match(text, /WorkloadMonitor "bad-parts" has invalid arguments/);
    assert.match(text, /agents\.eks: `local` lists no EKS cluster/);
    assert.match(text, /agents\.ec2: give exactly one of instanceTags and instanceIds \(neither is given\)/);
    assert.match(text, /alarms\.retransmissions\.threshold: must be a positive number \(retransmissions\); got -5/);
    assert.match(text, /alarms\.packetLoss: unknown metric or setting/);
    assert.deepEqual(bad.steps.filter((s) => PARTS.has(s.type) || s.type === T.monitor || s.type === T.component), []);

    // (The warning itself is asserted under mocks in partsMocks.test.ts: the engine in a box does not collect program logs.)
    const quiet = await engine(project, { "workload:scenario": "parts-no-actions" }).preview();
    assert.equal(quiet.ok, true, explain(quiet));
    assert.ok(quiet.steps.some((s) => s.type === T.alarm && s.name === "quiet-1-health-indicator"));
  });

  it("without the new arguments registers exactly the resources it did before, and spelling them out as off changes nothing", async () => {
    const project = open(path.join(__dirname, "fixtures", "workload"));
    const config = { "workload:scenario": "mixed" };
    const up = await engine(project, config).up();
    assert.equal(up.ok, true, explain(up));
    const resources = engine(project, config).readState().resources;
    // The 0.1.0 component: the stack, the @pulumi/aws network, the component and its one monitor. Nothing else.
    assert.deepEqual(
      resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")).map((r) => `${r.type} ${r.name}`).sort(),
      [`${T.monitor} shop-1`, "aws:ec2/subnet:Subnet shop-1", "aws:ec2/subnet:Subnet shop-2", "aws:ec2/vpc:Vpc partner", "aws:ec2/vpc:Vpc shop", `${T.component} shop`].sort(),
    );

    const off = await engine(project, { ...config, "workload:partsOff": "true" }).up();
    assert.equal(off.ok, true, explain(off));
    assert.deepEqual(off.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.type} ${s.name}`), []);
  });
});
