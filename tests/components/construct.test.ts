// The plugin's Construct in-process under pulumi.runtime.setMocks: the inputs go through the wire form and the
// provider server's own deserialization, as a Python or YAML program's would, and the test reads what the component
// registers (the plugin's Monitor and Scope custom resources, ordinary @pulumi/aws resources, never a dynamic one)
// and what it returns as Construct's state.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { construct, PLUGIN_FRONT_END, PLUGIN_MONITOR_TYPE, PLUGIN_SCOPE_TYPE } from "../../provider/plugin/components";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  custom: boolean;
}

const ACCOUNT = "123456789012";
const SCOPE_ARN = `arn:aws:networkflowmonitor:us-east-1:${ACCOUNT}:scope/account-scope`;
const subnetArn = (i: number) => `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-${i.toString(16).padStart(17, "0")}`;
const vpcArn = (i: number) => `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-${i.toString(16).padStart(17, "0")}`;

const structproto = require("google-protobuf/google/protobuf/struct_pb");
const { deserializeInputs } = require("@pulumi/pulumi/provider/server") as {
  deserializeInputs(struct: unknown, deps: Map<string, unknown>): Promise<pulumi.Inputs>;
};

/** The inputs as the plugin's Construct receives them: serialized as the engine sends them, then deserialized. */
async function wire(inputs: pulumi.Inputs): Promise<pulumi.Inputs> {
  const serialized = await pulumi.runtime.serializeProperties("test", inputs, { keepOutputValues: true });
  return deserializeInputs(structproto.Struct.fromJavaScript(serialized), new Map());
}

const output = (o: unknown) => new Promise<any>((resolve) => pulumi.output(o as pulumi.Input<any>).apply((v: unknown) => void resolve(v)));

/** Resolves every Output in Construct's state. */
async function stateOf(result: { state: pulumi.Inputs }): Promise<Record<string, any>> {
  const entries = await Promise.all(Object.entries(result.state).map(async ([k, v]) => [k, v === undefined ? undefined : await output(v)] as const));
  return Object.fromEntries(entries);
}

describe("the plugin's components through Construct, under pulumi.runtime.setMocks", () => {
  const registered: Registered[] = [];
  const invokes: { token: string; inputs: Record<string, any> }[] = [];

  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? false });
          const state: Record<string, unknown> = { ...args.inputs };
          if (args.type === PLUGIN_MONITOR_TYPE) {
            const monitorName = args.inputs.monitorName ?? `${args.name}-0a1b2c3`;
            Object.assign(state, { monitorName, monitorArn: `arn:aws:networkflowmonitor:us-east-1:${ACCOUNT}:monitor/${monitorName}`, monitorStatus: "ACTIVE" });
          }
          if (args.type === PLUGIN_SCOPE_TYPE) Object.assign(state, { scopeArn: `arn:aws:networkflowmonitor:us-east-1:${ACCOUNT}:scope/${args.name}` });
          if (args.type === "aws:iam/role:Role") Object.assign(state, { name: `${args.name}-r`, arn: `arn:aws:iam::${ACCOUNT}:role/${args.name}-r` });
          if (args.type === "aws:eks/addon:Addon") state.arn = `arn:aws:eks:us-east-1:${ACCOUNT}:addon/${args.name}`;
          if (args.type === "aws:ssm/association:Association") state.associationId = `${args.name}-assoc`;
          if (args.type === "aws:cloudwatch/metricAlarm:MetricAlarm") state.arn = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:${args.name}`;
          return { id: `${args.name}-id`, state };
        },
        call(args) {
          invokes.push({ token: args.token, inputs: args.inputs });
          if (args.token === "networkflowmonitor:index:getScope") return { scopeArn: SCOPE_ARN, scopeId: "account-scope", status: "SUCCEEDED", region: "us-east-1" };
          if (args.token === "aws:index/getRegion:getRegion") return { region: "us-east-1", name: "us-east-1" };
          return {};
        },
      },
      "proj",
      "dev",
      false,
    );
  });

  /** What a construct registered: resources whose name starts with the component's name. */
  const childrenOf = (prefix: string) => registered.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));

  it("a WorkloadMonitor of 30 subnet ARNs makes two plugin Monitors split 25 + 5, on the account's scope, and no dynamic resource", async () => {
    const subnets = Array.from({ length: 30 }, (_, i) => subnetArn(i + 1));
    const result = await construct("shop", "networkflowmonitor:index:WorkloadMonitor", await wire({ local: subnets, remote: ["S3"], tags: { team: "shop" } }), {});
    const state = await stateOf(result);

    const children = childrenOf("shop");
    assert.deepEqual(children.map((r) => r.type).sort(), ["networkflowmonitor:index:Monitor", "networkflowmonitor:index:Monitor", "networkflowmonitor:index:WorkloadMonitor"]);
    assert.equal(registered.some((r) => r.type.startsWith("pulumi-nodejs:dynamic")), false);
    const monitors = children.filter((r) => r.type === PLUGIN_MONITOR_TYPE).sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepEqual(monitors.map((m) => [m.name, m.inputs.localResources.length, m.inputs.remoteResources]), [
      ["shop-1", 25, [{ type: "AWS::AWSService", identifier: "S3" }]],
      ["shop-2", 5, [{ type: "AWS::AWSService", identifier: "S3" }]],
    ]);
    assert.deepEqual(monitors[0].inputs.localResources[0], { type: "AWS::EC2::Subnet", identifier: subnetArn(1) });
    assert.equal(monitors[0].inputs.scopeArn, SCOPE_ARN);
    assert.deepEqual(monitors[1].inputs.tags, { team: "shop" });
    // No serialized provider and none of the dynamic front end's private inputs.
    assert.equal(Object.keys(monitors[0].inputs).some((k) => k.startsWith("__")), false);
    assert.ok(invokes.some((i) => i.token === "networkflowmonitor:index:getScope"));

    assert.deepEqual(state.monitorNames, ["shop-1-0a1b2c3", "shop-2-0a1b2c3"]);
    assert.deepEqual(state.monitorArns, state.monitorNames.map((n: string) => `arn:aws:networkflowmonitor:us-east-1:${ACCOUNT}:monitor/${n}`));
    assert.deepEqual(state.monitorStatuses, ["ACTIVE", "ACTIVE"]);
    assert.equal(state.scopeArn, SCOPE_ARN);
    assert.deepEqual(state.alarmArns, []);
    assert.deepEqual(state.eksAgentRoleArns, []);
    assert.equal(state.dashboardName, undefined);
    assert.equal(typeof result.urn === "string" ? result.urn : await output(result.urn), "urn:pulumi:dev::proj::networkflowmonitor:index:WorkloadMonitor::shop");
  });

  it("entries that are outputs of other resources are typed once known; scope \"create\" makes a plugin Scope child", async () => {
    const later = pulumi.output(vpcArn(7));
    const result = await construct("later", "networkflowmonitor:index:WorkloadMonitor", await wire({ local: [later, "us-east-1a"], scope: "create", monitorNamePrefix: "shop" }), {});
    const state = await stateOf(result);
    const children = childrenOf("later");
    assert.deepEqual(children.filter((r) => r.custom).map((r) => [r.type, r.name]).sort(), [
      [PLUGIN_MONITOR_TYPE, "later-1"],
      [PLUGIN_SCOPE_TYPE, "later-scope"],
    ]);
    const monitor = children.find((r) => r.name === "later-1")!;
    assert.equal(monitor.inputs.monitorName, "shop-1");
    assert.deepEqual(monitor.inputs.localResources, [
      { type: "AWS::AvailabilityZone", identifier: "us-east-1a" },
      { type: "AWS::EC2::VPC", identifier: vpcArn(7) },
    ]);
    assert.equal(state.scopeArn, `arn:aws:networkflowmonitor:us-east-1:${ACCOUNT}:scope/later-scope`);
  });

  it("a secret list keeps its entries secret in the monitors; a list not known yet is refused, naming it", async () => {
    const result = await construct("hidden", "networkflowmonitor:index:WorkloadMonitor", { local: pulumi.secret([subnetArn(1)]), scopeArn: SCOPE_ARN }, {});
    await stateOf(result);
    const monitor = childrenOf("hidden").find((r) => r.type === PLUGIN_MONITOR_TYPE)!;
    // What the engine receives: the list, marked secret.
    assert.deepEqual(monitor.inputs.localResources, {
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: [{ type: "AWS::EC2::Subnet", identifier: subnetArn(1) }],
    });
    // An Output whose value is not known, as a preview sends a list computed from resources not created yet.
    const unknown = pulumi.output([pulumi.unknown]);
    await assert.rejects(
      construct("unknown", "networkflowmonitor:index:WorkloadMonitor", { local: unknown }, {}),
      (e: unknown) => pulumi.InputPropertyError.isInstance(e) && e.propertyPath === "local" && /must be known when the program runs/.test(e.reason),
    );
  });

  it("bad inputs fail with an error per property, naming it and what is allowed, and register nothing", async () => {
    const before = registered.length;
    await assert.rejects(
      construct("bad", "networkflowmonitor:index:WorkloadMonitor", await wire({ local: ["subnet-0123456789abcdef0", subnetArn(1)], remote: ["s3"], dashboard: { name: "has space" } }), {}),
      (e: unknown) => {
        assert.ok(pulumi.InputPropertiesError.isInstance(e), String(e));
        assert.deepEqual(e.errors.map((x) => x.propertyPath), ["local[0]", "remote[0]", "dashboard.name"]);
        assert.match(e.errors[0].reason, /"subnet-0123456789abcdef0" is not a resource a monitor accepts: use a VPC, subnet or EKS cluster .* or its ARN/);
        assert.match(e.errors[1].reason, /write "S3"/);
        assert.match(e.message, /^WorkloadMonitor "bad" has invalid arguments:/);
        return true;
      },
    );
    await assert.rejects(
      construct("bad-roles", "networkflowmonitor:index:AgentPublishPolicy", await wire({ roles: ["no spaces allowed"] }), {}),
      (e: unknown) => pulumi.InputPropertiesError.isInstance(e) && e.errors[0].propertyPath === "roles[0]" && /must be an IAM role name/.test(e.errors[0].reason),
    );
    await assert.rejects(construct("x", "networkflowmonitor:index:Nope", {}, {}), /unknown resource type networkflowmonitor:index:Nope: the plugin's components are .*WorkloadMonitor/);
    assert.equal(registered.length, before);
  });

  it("a WorkloadMonitor with agents, alarms and a dashboard, from strings only", async () => {
    const cluster = `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`;
    const result = await construct(
      "full",
      "networkflowmonitor:index:WorkloadMonitor",
      await wire({
        local: [cluster, vpcArn(1)],
        scopeArn: SCOPE_ARN,
        agents: { eks: true, ec2: { instanceTags: { app: "shop" } }, instanceRoles: ["web", `arn:aws:iam::${ACCOUNT}:role/batch`] },
        alarms: { actions: [`arn:aws:sns:us-east-1:${ACCOUNT}:pager`], retransmissions: { threshold: 100 } },
        dashboard: true,
      }),
      {},
    );
    const state = await stateOf(result);
    const types = childrenOf("full").filter((r) => r.custom).map((r) => r.type);
    assert.equal(types.filter((t) => t === PLUGIN_MONITOR_TYPE).length, 1);
    for (const t of ["aws:eks/addon:Addon", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:ssm/association:Association", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/dashboard:Dashboard"]) {
      assert.ok(types.includes(t), `no ${t} among ${types.join(", ")}`);
    }
    assert.deepEqual(state.eksAgentRoleArns, [`arn:aws:iam::${ACCOUNT}:role/full-eks-prod-role-r`]);
    assert.deepEqual(state.alarmArns, [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:full-1-health-indicator`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:full-1-retransmissions`]);
    assert.equal(state.dashboardName, "full-dev");
    assert.match(state.dashboardUrl, /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#dashboards\/dashboard\/full-dev$/);
    assert.equal(registered.some((r) => r.type.startsWith("pulumi-nodejs:dynamic")), false);
  });

  it("EksAgent, Ec2Agents, AgentPublishPolicy, MonitorAlarms and MonitorDashboard on their own, from strings", async () => {
    const eks = await stateOf(await construct("eks", "networkflowmonitor:index:EksAgent", await wire({ cluster: `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod` }), {}));
    assert.deepEqual(eks, { roleArn: `arn:aws:iam::${ACCOUNT}:role/eks-role-r`, addonArn: `arn:aws:eks:us-east-1:${ACCOUNT}:addon/eks-addon` });
    assert.equal(registered.find((r) => r.name === "eks-addon")!.inputs.clusterName, "prod");

    const ec2 = await stateOf(await construct("fleet", "networkflowmonitor:index:Ec2Agents", await wire({ instanceIds: ["i-0123456789abcdef0"] }), {}));
    assert.deepEqual(ec2, { installAssociationId: "fleet-install-assoc", activateAssociationId: "fleet-activate-assoc" });
    assert.deepEqual(registered.find((r) => r.name === "fleet-install")!.inputs.targets, [{ key: "InstanceIds", values: ["i-0123456789abcdef0"] }]);

    const policy = await stateOf(await construct("pub", "networkflowmonitor:index:AgentPublishPolicy", await wire({ roles: ["web"] }), {}));
    assert.deepEqual(policy, { policyArn: "arn:aws:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy" });
    assert.equal(registered.find((r) => r.name === "pub-web")!.inputs.role, "web");

    const alarms = await stateOf(await construct("al", "networkflowmonitor:index:MonitorAlarms", await wire({ monitors: ["existing"], actions: ["arn:aws:sns:us-east-1:123456789012:t"] }), {}));
    assert.deepEqual(alarms, { alarmArns: [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:existing-health-indicator`] });

    const dash = await stateOf(await construct("ops", "networkflowmonitor:index:MonitorDashboard", await wire({ monitors: ["a", "b"], dashboardName: "ops-board" }), {}));
    assert.equal(dash.dashboardName, "ops-board");
    assert.equal(JSON.parse(registered.find((r) => r.name === "ops" && r.custom)!.inputs.dashboardBody).widgets[0].properties.metrics.length, 2);
  });

  it("aliases each Monitor and Scope child from the dynamic type, so a stack moved from the Node.js SDK's WorkloadMonitor keeps its monitors", async () => {
    const parent = new pulumi.ComponentResource("networkflowmonitor:index:WorkloadMonitor", "moved");
    const monitor = PLUGIN_FRONT_END.newMonitor("moved-1", { localResources: [], scopeArn: SCOPE_ARN }, { parent });
    const scope = PLUGIN_FRONT_END.newScope("moved-scope", {}, { parent });
    const aliases = (r: pulumi.Resource) => Promise.all((r as unknown as { __aliases: pulumi.Output<string>[] }).__aliases.map(output));
    assert.deepEqual(await aliases(monitor), ["urn:pulumi:dev::proj::networkflowmonitor:index:WorkloadMonitor$pulumi-nodejs:dynamic/networkflowmonitor:Monitor::moved-1"]);
    assert.deepEqual(await aliases(scope), ["urn:pulumi:dev::proj::networkflowmonitor:index:WorkloadMonitor$pulumi-nodejs:dynamic/networkflowmonitor:Scope::moved-scope"]);
  });

  it("property: L local and R remote resources make ceil(L/25) × max(1, ceil(R/25)) plugin Monitors, each within the quotas", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 55 }), async (l, r) => {
        const name = `prop${run++}`;
        const local = Array.from({ length: l }, (_, i) => subnetArn(i + 1));
        const remote = Array.from({ length: r }, (_, i) => vpcArn(i + 1));
        const state = await stateOf(await construct(name, "networkflowmonitor:index:WorkloadMonitor", await wire({ local, remote, scopeArn: SCOPE_ARN }), {}));
        const monitors = childrenOf(name).filter((x) => x.type === PLUGIN_MONITOR_TYPE);
        assert.equal(monitors.length, Math.ceil(l / 25) * Math.max(1, Math.ceil(r / 25)));
        assert.equal(state.monitorArns.length, monitors.length);
        for (const m of monitors) assert.ok(m.inputs.localResources.length <= 25 && m.inputs.remoteResources.length <= 25);
        // Every local-remote pair is in exactly one monitor.
        const pairs = monitors.flatMap((m) => m.inputs.localResources.flatMap((a: any) => (r === 0 ? [a.identifier] : m.inputs.remoteResources.map((b: any) => `${a.identifier}>${b.identifier}`))));
        assert.equal(new Set(pairs).size, pairs.length);
        assert.equal(pairs.length, l * Math.max(1, r));
      }),
      { numRuns: 12 },
    );
  });
});
