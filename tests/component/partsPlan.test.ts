// WorkloadMonitor's agents, alarms and dashboard planners: the checks at construction and which resources
// with which inputs, for any mix of clusters, tags, roles and alarm settings.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  AGENT_ADDON_NAME,
  AGENT_NAMESPACE,
  AGENT_SERVICE_ACCOUNT,
  checkAgents,
  checkEc2Target,
  checkInstanceRoles,
  planEc2Agents,
  planEksAgent,
  planPublishPolicy,
  POD_IDENTITY_TRUST_POLICY,
  publishPolicyArn,
  roleNameFromArn,
  type AgentsCheckInput,
  type RoleRef,
} from "../../sdk/workload/agentsPlan";
import { checkAlarms, metricsInsightsQuery, planAlarms, type AlarmSettings } from "../../sdk/workload/alarmsPlan";
import { checkDashboard, dashboardBody, dashboardUrl, defaultDashboardName } from "../../sdk/workload/dashboardPlan";

const agents = (a: unknown, more: Partial<AgentsCheckInput> = {}) =>
  checkAgents({ agents: a, clusterCount: 1, roles: undefined, instanceIds: undefined, ...more });

const shuffled = <T>(items: T[]) =>
  fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });

describe("WorkloadMonitor agents planner", () => {
  it("plans the EKS add-on with a Pod Identity role carrying the publish policy, and the Pod Identity agent unless installed", () => {
    const plan = planEksAgent("shop-eks-web", { clusterName: "web", policyArn: publishPolicyArn("aws"), podIdentityAgentInstalled: false });
    assert.deepEqual(JSON.parse(plan.role.assumeRolePolicy), {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    });
    assert.equal(plan.policyAttachment.policyArn, "arn:aws:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy");
    assert.deepEqual(plan.podIdentityAssociation, {
      name: "shop-eks-web-pod-identity",
      clusterName: "web",
      namespace: "amazon-network-flow-monitor",
      serviceAccount: "aws-network-flow-monitor-agent-service-account",
    });
    assert.deepEqual(plan.podIdentityAgentAddon, { name: "shop-eks-web-pod-identity-agent", clusterName: "web", addonName: "eks-pod-identity-agent" });
    assert.deepEqual(plan.agentAddon, { name: "shop-eks-web-addon", clusterName: "web", addonName: "aws-network-flow-monitoring-agent" });

    const installed = planEksAgent("x", { clusterName: "c", policyArn: "p", podIdentityAgentInstalled: true, addonVersion: "v1.0.1-eksbuild.2" });
    assert.equal(installed.podIdentityAgentAddon, undefined);
    assert.equal(installed.agentAddon.addonVersion, "v1.0.1-eksbuild.2");
    assert.equal(publishPolicyArn("aws-cn"), "arn:aws-cn:iam::aws:policy/CloudWatchNetworkFlowMonitorAgentPublishPolicy");
  });

  it("plans Systems Manager install then activate on the same targets, tags in a stable order", () => {
    const plan = planEc2Agents("shop-ec2", { instanceTags: { tier: "web", app: "shop" } });
    assert.deepEqual(plan.install, {
      name: "shop-ec2-install",
      documentName: "AWS-ConfigureAWSPackage",
      parameters: { action: "Install", name: "AmazonCloudWatchNetworkFlowMonitorAgent" },
      targets: [
        { key: "tag:app", values: ["shop"] },
        { key: "tag:tier", values: ["web"] },
      ],
    });
    assert.deepEqual(plan.activate, {
      name: "shop-ec2-activate",
      documentName: "AmazonCloudWatch-NetworkFlowMonitorManageAgent",
      parameters: { Action: "Activate" },
      targets: plan.install.targets,
    });
    assert.deepEqual(planEc2Agents("e", { instanceIds: ["i-1", "i-2"] }).install.targets, [{ key: "InstanceIds", values: ["i-1", "i-2"] }]);
  });

  it("gives any mix of tags, clusters and roles valid, deterministic resources whose names do not depend on order", () => {
    const tagKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9:_-]{0,20}$/);
    const roleName = fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,30}$/);
    fc.assert(
      fc.property(
        fc.dictionary(tagKey, fc.string({ minLength: 1, maxLength: 10 }), { minKeys: 1, maxKeys: 5 }),
        fc.uniqueArray(roleName, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (tags, roles, installed) => {
          const reversedTags = Object.fromEntries(Object.entries(tags).reverse());
          assert.deepEqual(planEc2Agents("w", { instanceTags: tags }), planEc2Agents("w", { instanceTags: reversedTags }));
          const targets = planEc2Agents("w", { instanceTags: tags }).install.targets;
          assert.equal(targets.length, Object.keys(tags).length);
          assert.ok(targets.every((t) => t.key.startsWith("tag:") && t.values.length === 1));

          const refs: RoleRef<string>[] = roles.map((r, i) => (i % 2 ? { kind: "name", roleName: r } : { kind: "resource", resourceName: r, roleName: `out:${r}` }));
          const plan = planPublishPolicy("w-publish", refs);
          assert.deepEqual(planPublishPolicy("w-publish", [...refs].reverse()), plan);
          assert.equal(new Set(plan.map((p) => p.name)).size, roles.length, "one attachment per role, each its own name");
          assert.ok(plan.every((p) => /^w-publish-[A-Za-z0-9_.+=,@-]+$/.test(p.name)), plan.map((p) => p.name).join());
          assert.deepEqual(checkInstanceRoles(roles, roles.map((value) => ({ kind: "string", value }))), []);

          const eks = planEksAgent("w-eks-c", { clusterName: "c", policyArn: "p", podIdentityAgentInstalled: installed });
          assert.equal(eks.podIdentityAgentAddon === undefined, installed);
          assert.equal(eks.agentAddon.addonName, AGENT_ADDON_NAME);
          assert.equal(eks.podIdentityAssociation.namespace, AGENT_NAMESPACE);
          assert.equal(eks.podIdentityAssociation.serviceAccount, AGENT_SERVICE_ACCOUNT);
          assert.equal(eks.role.assumeRolePolicy, POD_IDENTITY_TRUST_POLICY);
        },
      ),
    );
  });

  it("keeps names apart when a role resource and a role name read the same, or differ only in dropped characters", () => {
    const plan = planPublishPolicy<string>("p", [
      { kind: "resource", resourceName: "web", roleName: "out:web" },
      { kind: "name", roleName: "web" },
      { kind: "resource", resourceName: "a b", roleName: "out:ab" },
      { kind: "resource", resourceName: "a/b", roleName: "out:a/b" },
    ]);
    assert.equal(new Set(plan.map((p) => p.name)).size, 4, plan.map((p) => p.name).join());
    assert.ok(plan.every((p) => /^p-(web|a-b)-[0-9a-f]{8}$/.test(p.name)), plan.map((p) => p.name).join());
  });

  it("reads role names from role ARNs, paths included", () => {
    assert.equal(roleNameFromArn("arn:aws:iam::123456789012:role/web"), "web");
    assert.equal(roleNameFromArn("arn:aws-cn:iam::123456789012:role/team/app/web-1"), "web-1");
    assert.equal(roleNameFromArn("arn:aws:iam::123456789012:user/web"), undefined);
  });

  it("checks agents at construction, naming each problem by its path", () => {
    assert.deepEqual(agents(undefined), []);
    assert.deepEqual(agents({ eks: true }), []);
    assert.match(agents({ eks: true }, { clusterCount: 0 }).join("\n"), /^agents\.eks: `local` lists no EKS cluster/);
    assert.match(agents({ ec2: {} }).join("\n"), /^agents\.ec2: give exactly one of instanceTags and instanceIds \(neither is given\)/);
    assert.match(
      agents({ ec2: { instanceTags: { a: "b" }, instanceIds: ["i-0123456789abcdef0"] } }, { instanceIds: [{ kind: "string", value: "i-0123456789abcdef0" }] }).join("\n"),
      /agents\.ec2: give exactly one of instanceTags and instanceIds \(both are given\)/,
    );
    assert.match(agents({ ec2: { instanceTags: {} } }).join("\n"), /agents\.ec2\.instanceTags: must be an object of at least one tag/);
    assert.match(agents({ ec2: { instanceTags: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } } }).join("\n"), /at most 5 tags/);
    assert.match(
      agents({ ec2: { instanceIds: ["web"] } }, { instanceIds: [{ kind: "string", value: "web" }] }).join("\n"),
      /agents\.ec2\.instanceIds\[0\]: must be an instance id like "i-0123456789abcdef0"; got "web"/,
    );
    const roles = agents(
      { instanceRoles: ["ok", "arn:aws:iam::123456789012:user/u", 1, "x", "x"] },
      {
        roles: [
          { kind: "string", value: "ok" },
          { kind: "string", value: "arn:aws:iam::123456789012:user/u" },
          { kind: "other", description: "the number 1" },
          { kind: "string", value: "x" },
          { kind: "string", value: "x" },
        ],
      },
    );
    assert.deepEqual(roles.map((p) => p.split(":")[0]), ["agents.instanceRoles[1]", "agents.instanceRoles[2]", "agents.instanceRoles[4]"]);
    assert.match(roles[2], /repeats agents\.instanceRoles\[3\]/);
    assert.match(
      agents({ instanceRoles: [{}] }, { roles: [{ kind: "resource", pulumiType: "aws:iam/user:User", name: "u" }] }).join(),
      /agents\.instanceRoles\[0\]: a aws:iam\/user:User resource is not an IAM role/,
    );
    assert.match(agents({ eks: "yes", foo: 1 }).join("\n"), /agents\.foo: unknown setting[\s\S]*agents\.eks: must be true or false/);
    assert.match(agents({ eksPodIdentityAgentInstalled: true }).join(), /only apply with `agents.eks: true`/);
    // Ec2Agents on its own: the same rules, paths from the top of its arguments.
    assert.match(checkEc2Target({}, undefined, "").join(), /^instanceTags, instanceIds: give exactly one/);
  });
});

describe("WorkloadMonitor alarms planner", () => {
  const settings = (a: unknown): AlarmSettings => {
    const r = checkAlarms(a);
    assert.deepEqual(r.problems, []);
    return r.settings!;
  };

  it("alarms on the health indicator by default, on Metrics Insights queries that name only the monitor", () => {
    const s = settings({ actions: ["arn:aws:sns:us-east-1:123456789012:t"] });
    assert.equal(s.hasActions, true);
    const [alarm, ...rest] = planAlarms([{ key: "shop-1", monitorName: "shop-1-abcdef0" }], s);
    assert.deepEqual(rest, []);
    assert.equal(alarm.name, "shop-1-health-indicator");
    assert.deepEqual(alarm.settings, { threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", evaluationPeriods: 1, period: 300 });
    assert.equal(alarm.treatMissingData, "notBreaching");
    assert.equal(
      metricsInsightsQuery(alarm.metric, "shop-1-abcdef0"),
      `SELECT MAX(HealthIndicator) FROM SCHEMA("AWS/NetworkFlowMonitor", MeasurementSource, MonitorName) WHERE MonitorName = 'shop-1-abcdef0'`,
    );
    assert.throws(() => metricsInsightsQuery("Timeouts", "x' OR 1=1"), /cannot query metrics/);
    assert.deepEqual(planAlarms([{ key: "m", monitorName: "m" }], settings({ healthIndicator: false })), []);
  });

  it("gives any alarm settings and monitors valid, deterministic alarms named independently of order", () => {
    const metric = fc.record(
      { threshold: fc.double({ min: 0.001, max: 1e9, noNaN: true }), evaluationPeriods: fc.integer({ min: 1, max: 20 }), period: fc.integer({ min: 1, max: 60 }).map((m) => m * 60) },
      { requiredKeys: ["threshold"] },
    );
    const alarms = fc.record(
      { healthIndicator: fc.boolean(), retransmissions: metric, timeouts: metric, roundTripTime: metric, actions: fc.array(fc.constant("arn:aws:sns:us-east-1:1:t"), { maxLength: 2 }) },
      { requiredKeys: [] },
    );
    const monitors = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(alarms, monitors, (a, names) => {
        const s = settings(a);
        const list = names.map((n) => ({ key: n, monitorName: `${n}-name` }));
        const plan = planAlarms(list, s);
        assert.deepEqual(planAlarms([...list].reverse(), s), plan);
        const metricsOn = (a.healthIndicator !== false ? 1 : 0) + ["retransmissions", "timeouts", "roundTripTime"].filter((k) => k in a).length;
        assert.equal(plan.length, names.length * metricsOn, "one alarm per monitor and metric");
        assert.equal(new Set(plan.map((p) => p.name)).size, plan.length);
        for (const p of plan) {
          assert.ok(p.settings.threshold > 0 && p.settings.evaluationPeriods >= 1 && p.settings.period % 60 === 0);
          assert.match(metricsInsightsQuery(p.metric, p.monitorName), /^SELECT MAX\(\w+\) FROM SCHEMA\("AWS\/NetworkFlowMonitor", MeasurementSource, MonitorName\) WHERE MonitorName = '[\w.-]+'$/);
        }
        assert.equal(s.hasActions, (a.actions?.length ?? 0) > 0);
      }),
    );
  });

  it("lists every bad setting by its path: non-positive thresholds, unknown metrics, bad periods", () => {
    const r = checkAlarms({
      retransmissions: { threshold: 0 },
      timeouts: { threshold: "100" },
      roundTripTime: { threshold: 5, period: 90 },
      packetLoss: { threshold: 1 },
      healthIndicator: { threshold: 2 },
    });
    assert.equal(r.settings, undefined);
    assert.deepEqual(
      r.problems.map((p) => p.split(":")[0]),
      ["alarms.packetLoss", "alarms.healthIndicator.threshold", "alarms.retransmissions.threshold", "alarms.timeouts.threshold", "alarms.roundTripTime.period"],
    );
    assert.match(r.problems[0], /unknown metric or setting: use actions, healthIndicator, retransmissions, timeouts, roundTripTime/);
    assert.match(r.problems[2], /must be a positive number \(retransmissions\); got 0/);
    assert.match(checkAlarms({ retransmissions: { threshold: -1 } }).problems.join(), /got -1/);
    assert.match(checkAlarms({ retransmissions: { threshold: Infinity } }).problems.join(), /must be a positive number/);
    assert.match(checkAlarms([]).problems.join(), /^alarms: must be an object/);
    // No actions is not a problem (the component warns instead).
    assert.equal(checkAlarms({}).settings?.hasActions, false);
  });
});

describe("WorkloadMonitor dashboard planner", () => {
  it("builds valid dashboard-body JSON: a graph per metric, a line per monitor, whatever the monitors' order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/), { minLength: 1, maxLength: 8 }), (names) => {
        const body = dashboardBody({ region: "eu-west-1", monitorNames: names });
        assert.equal(dashboardBody({ region: "eu-west-1", monitorNames: [...names].reverse() }), body);
        const parsed = JSON.parse(body) as { widgets: { type: string; properties: { region: string; title: string; metrics: { expression: string; id: string }[][] } }[] };
        assert.equal(parsed.widgets.length, 5);
        for (const w of parsed.widgets) {
          assert.equal(w.type, "metric");
          assert.equal(w.properties.region, "eu-west-1");
          assert.equal(w.properties.metrics.length, names.length);
          assert.ok(w.properties.metrics.every(([m]) => /^m\d+$/.test(m.id) && m.expression.startsWith("SELECT MAX(")));
        }
        assert.deepEqual(
          parsed.widgets.map((w) => /SELECT MAX\((\w+)\)/.exec(w.properties.metrics[0][0].expression)![1]),
          ["HealthIndicator", "Retransmissions", "Timeouts", "RoundTripTime", "DataTransferred"],
        );
      }),
    );
  });

  it("names the dashboard after the component and stack, links the console of its Region, and checks `dashboard`", () => {
    assert.equal(defaultDashboardName("shop", "dev"), "shop-dev");
    assert.equal(defaultDashboardName("my shop/web", "prod.eu"), "my-shop-web-prod-eu");
    assert.equal(dashboardUrl("eu-west-1", "shop-dev"), "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/shop-dev");
    assert.match(dashboardUrl("cn-north-1", "d"), /^https:\/\/console\.amazonaws\.cn\//);
    assert.deepEqual(checkDashboard(true), []);
    assert.deepEqual(checkDashboard({ name: "ok_name-1" }), []);
    assert.match(checkDashboard({ name: "bad name" }).join(), /^dashboard\.name: must be 1 to 255 letters/);
    assert.match(checkDashboard("yes").join(), /^dashboard: must be true, false or \{ name/);
  });
});

describe("WorkloadMonitor part planners: properties hold under reordering of every list", () => {
  it("plans the same publish-policy attachments for any permutation of roles", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), { minLength: 1, maxLength: 6 }).chain((r) => fc.tuple(fc.constant(r), shuffled(r))),
        ([roles, other]) => {
          const refs = (list: string[]): RoleRef<string>[] => list.map((roleName) => ({ kind: "name", roleName }));
          assert.deepEqual(planPublishPolicy("p", refs(other)), planPublishPolicy("p", refs(roles)));
        },
      ),
    );
  });
});
