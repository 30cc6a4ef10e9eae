import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LocalResourceType, type RemoteResourceType } from "../provider/monitor/types";
import { hasAwsProvider } from "./awsProvider";
import { getScopeOutput } from "./getScope";
import type { MonitorFrontEnd, MonitorResource, ScopeResource } from "./frontEnd";
import { Monitor, type MonitorLocalResourceArgs, type MonitorRemoteResourceArgs, type MonitorTimeoutsArgs } from "./monitor";
import { Scope } from "./scope";
import { AgentPublishPolicy, Ec2Agents, EksAgent } from "./workload/agents";
import { checkAgents, keyedNames } from "./workload/agentsPlan";
import { MonitorAlarms, type AlarmsArgs } from "./workload/alarms";
import { checkAlarms } from "./workload/alarmsPlan";
import { MonitorDashboard } from "./workload/dashboard";
import { checkDashboard, defaultDashboardName } from "./workload/dashboardPlan";
import {
  AWS_RESOURCE_TYPES,
  checkWorkload,
  planMonitors,
  resolveLaterType,
  typeOfIdentifier,
  type PlannedMonitor,
  type ValueKind,
  type WorkloadEntry,
  type WorkloadSide,
} from "./workloadPlan";
import { InvalidArgumentsError } from "./workload/invalidArguments";
import { agentValue, describe, valueKind } from "./workload/values";

export { valueKind };

/** The type token of {@link WorkloadMonitor}: part of the package's public contract. */
export const WORKLOAD_MONITOR_TYPE = "networkflowmonitor:index:WorkloadMonitor";

/**
 * A resource from `@pulumi/aws` that has an ARN: `aws.ec2.Vpc`, `aws.ec2.Subnet`, `aws.eks.Cluster` (and
 * `aws.ec2.DefaultVpc` / `aws.ec2.DefaultSubnet`). Recognised by its Pulumi type token, so this package does
 * not load `@pulumi/aws` and works with whichever copy the program uses.
 */
export type WorkloadAwsResource = pulumi.CustomResource & { readonly arn: pulumi.Output<string> };

/** A resource given with its type spelled out, for identifiers whose kind cannot be told from the value. */
export interface WorkloadTypedResource<T extends string> {
  /** The resource type, e.g. `AWS::EC2::VPC`. Must be known when the program is built. */
  type: T;
  /** Its ARN or name, as {@link MonitorLocalResourceArgs.identifier} describes. */
  identifier: pulumi.Input<string>;
}

/**
 * Where the workload runs: an `aws.ec2.Vpc`, `aws.ec2.Subnet` or `aws.eks.Cluster`; a VPC, subnet or EKS
 * cluster ARN; an Availability Zone name (`us-east-1a`); a Region name (`us-east-1`); an Output of any of
 * those strings (its kind is told from its value once known); or `{ type, identifier }`.
 */
export type WorkloadLocalResource = WorkloadAwsResource | pulumi.Input<string> | WorkloadTypedResource<LocalResourceType>;

/**
 * The other end of the workload's flows: an `aws.ec2.Vpc` or `aws.ec2.Subnet` or its ARN, an Availability
 * Zone or Region name, the AWS service `"S3"` or `"DynamoDB"`, an Output of such a string, or `{ type, identifier }`.
 */
export type WorkloadRemoteResource = WorkloadAwsResource | pulumi.Input<string> | WorkloadTypedResource<RemoteResourceType>;

/** Inputs of a {@link WorkloadMonitor}. */
export interface WorkloadMonitorArgs {
  /** At least one resource where the workload runs. More than 25 are split across several monitors. */
  local: WorkloadLocalResource[];
  /**
   * The other ends of the flows to watch. Empty or absent means every flow from `local` in its Region.
   * More than 25 are split across several monitors.
   */
  remote?: WorkloadRemoteResource[];
  /** An existing scope's ARN. Without it (and without `scope`) the account's scope is looked up with `getScope`. */
  scopeArn?: pulumi.Input<string>;
  /** `"create"` creates a {@link Scope} as a child of this component; or a `Scope` resource to use. Not with `scopeArn`. */
  scope?: "create" | Scope;
  /** Tags for every monitor (merged over the stack's `aws:defaultTags`). */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The Region of the monitors; defaults to the stack's `aws:region`, then `AWS_REGION`. */
  region?: pulumi.Input<string>;
  /**
   * Names the monitors `<prefix>-1`, `<prefix>-2`, `<prefix>-1-r2`, ... Without it each monitor is
   * auto-named after its resource name (`<name>-1-<7 hex>`), which lets replacements be created first.
   */
  monitorNamePrefix?: string;
  /** How long creating, updating and deleting each monitor may take. */
  timeouts?: pulumi.Input<MonitorTimeoutsArgs>;
  /** Puts the Network Flow Monitor agent where the workload runs, with permission to publish. */
  agents?: WorkloadAgentsArgs;
  /** CloudWatch alarms on every monitor's metrics (see {@link AlarmsArgs}); the health indicator's by default. */
  alarms?: AlarmsArgs;
  /** A CloudWatch dashboard of every monitor's metrics: `true`, or `{ name }` (default `<name>-<stack>`). */
  dashboard?: boolean | { name?: string };
}

/** Where {@link WorkloadMonitor} installs the agent, and which roles may publish. */
export interface WorkloadAgentsArgs {
  /** Every EKS cluster in `local` (an `aws.eks.Cluster` or its ARN) gets the agent add-on ({@link EksAgent}). */
  eks?: boolean;
  /** The clusters already run the `eks-pod-identity-agent` add-on (e.g. EKS Auto Mode): do not install it. */
  eksPodIdentityAgentInstalled?: boolean;
  /** The agent add-on's version; the default version when absent. */
  eksAddonVersion?: string;
  /** EC2 instances that get the agent through Systems Manager ({@link Ec2Agents}): by tags or by ids. */
  ec2?: { instanceTags: Record<string, string>; instanceIds?: never } | { instanceIds: pulumi.Input<string>[]; instanceTags?: never };
  /** Instance roles that get the publish policy ({@link AgentPublishPolicy}): `aws.iam.Role` objects or role names. */
  instanceRoles?: (aws.iam.Role | string)[];
}

type Later = pulumi.Output<string>;

function regionNow(region: pulumi.Input<string> | undefined, fromAwsProvider: boolean): { region?: string; later: boolean } {
  if (typeof region === "string") return { region, later: false };
  // An aws.Provider's region is an Output: its monitors' providers check the Region once it is known.
  if (region !== undefined || fromAwsProvider) return { later: true };
  const fromConfig = new pulumi.Config("aws").get("region");
  return { region: fromConfig ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION, later: false };
}

function scopeKind(scope: unknown): "create" | "resource" | "absent" | { invalid: string } {
  if (scope === undefined) return "absent";
  if (scope === "create") return "create";
  if (pulumi.Resource.isInstance(scope) && pulumi.Output.isInstance((scope as { scopeArn?: unknown }).scopeArn)) return "resource";
  return { invalid: `must be "create" or a Scope resource; got ${describe(scope)}` };
}

/** The EKS clusters of `local`: `aws.eks.Cluster` objects and cluster ARNs known now, keyed by name. */
function clustersIn(local: unknown): { key: string; cluster: aws.eks.Cluster | string }[] {
  if (!Array.isArray(local)) return [];
  const found = new Map<string, aws.eks.Cluster | string>();
  for (const v of local as unknown[]) {
    const k = valueKind(v);
    const arn = k.kind === "string" ? k.value : k.kind === "typed" && k.identifierKnown ? (k.identifier as string) : undefined;
    if (k.kind === "resource" && AWS_RESOURCE_TYPES[k.pulumiType] === LocalResourceType.EksCluster && k.name !== undefined) {
      found.set(k.name, v as aws.eks.Cluster);
    } else if (typeof arn === "string" && typeOfIdentifier(arn) === LocalResourceType.EksCluster) {
      found.set(arn.slice(arn.indexOf(":cluster/") + ":cluster/".length), arn);
    }
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, cluster]) => ({ key, cluster }));
}

/** The Node.js SDK's front end: the dynamic Monitor and Scope, and getScope run in the program. */
export const DYNAMIC_FRONT_END: MonitorFrontEnd<Monitor, Scope> = {
  newMonitor: (name, args, opts) => new Monitor(name, args, opts),
  newScope: (name, args, opts) => new Scope(name, args, opts),
  accountScopeArn: (region, opts) => getScopeOutput({ region }, opts).scopeArn,
};

/**
 * {@link WorkloadMonitor} over either front end (see frontEnd.ts): the Node.js SDK's dynamic resources, or the
 * plugin's custom resources when the plugin constructs it for another language.
 */
export class WorkloadMonitorComponent<M extends MonitorResource, S extends ScopeResource> extends pulumi.ComponentResource {
  /** The monitors, in plan order (see the class comment). */
  readonly monitors: M[];
  /** Each monitor's ARN, in the order of {@link monitors}. */
  readonly monitorArns: pulumi.Output<string[]>;
  /** Each monitor's status (`ACTIVE` once created), in the order of {@link monitors}. */
  readonly monitorStatuses: pulumi.Output<string[]>;
  /** The scope the monitors belong to. */
  readonly scopeArn: pulumi.Output<string>;
  /** The Scope this component created when `scope: "create"`. */
  readonly createdScope?: S;
  /** The agent on each EKS cluster of `local`, when `agents.eks`. */
  readonly eksAgents: EksAgent[];
  /** The agent on EC2 instances, when `agents.ec2`. */
  readonly ec2Agents?: Ec2Agents;
  /** The publish policy on `agents.instanceRoles`. */
  readonly publishPolicy?: AgentPublishPolicy;
  /** The alarms, when `alarms`. */
  readonly alarms?: MonitorAlarms;
  /** Every alarm's ARN (empty without `alarms`). */
  readonly alarmArns: pulumi.Output<string[]>;
  /** The dashboard, when `dashboard`. */
  readonly dashboard?: MonitorDashboard;
  /** The dashboard's name, when `dashboard`. */
  readonly dashboardName?: pulumi.Output<string>;
  /** The dashboard's page in the CloudWatch console, when `dashboard`. */
  readonly dashboardUrl?: pulumi.Output<string>;

  constructor(name: string, args: WorkloadMonitorArgs, opts: pulumi.ComponentResourceOptions | undefined, frontEnd: MonitorFrontEnd<M, S>) {
    const a = (args ?? {}) as Partial<WorkloadMonitorArgs>;
    const region = regionNow(a.region, hasAwsProvider(opts));
    const scope = scopeKind(a.scope);
    const asKinds = (list: unknown, side: WorkloadSide): ValueKind<Later>[] | undefined => {
      if (list === undefined || list === null) return side === "local" ? undefined : [];
      if (!Array.isArray(list)) return [{ kind: "other", description: `${describe(list)} (\`${side}\` must be a list)` }];
      return list.map(valueKind);
    };
    const checked = checkWorkload<Later>({
      local: asKinds(a.local, "local"),
      remote: asKinds(a.remote, "remote"),
      region: region.region,
      regionLater: region.later,
      hasScopeArn: a.scopeArn !== undefined,
      scope,
      monitorNamePrefix: a.monitorNamePrefix,
    });
    const agents = a.agents as Record<string, unknown> | undefined;
    const ec2 = agents?.ec2 as { instanceIds?: unknown } | undefined;
    const clusters = clustersIn(a.local);
    const alarms = checkAlarms(a.alarms);
    const problems = [
      ...checked.problems,
      ...checkAgents({
        agents: a.agents,
        clusterCount: clusters.length,
        roles: Array.isArray(agents?.instanceRoles) ? agents.instanceRoles.map(agentValue) : undefined,
        instanceIds: Array.isArray(ec2?.instanceIds) ? ec2.instanceIds.map(agentValue) : undefined,
      }),
      ...alarms.problems,
      ...checkDashboard(a.dashboard),
    ];
    if (problems.length > 0) {
      throw new InvalidArgumentsError("WorkloadMonitor", name, problems);
    }

    super(WORKLOAD_MONITOR_TYPE, name, {}, opts);

    if (a.scopeArn !== undefined) {
      this.scopeArn = pulumi.output(a.scopeArn);
    } else if (scope === "create") {
      this.createdScope = frontEnd.newScope(`${name}-scope`, { region: a.region, tags: a.tags }, { parent: this });
      this.scopeArn = this.createdScope.scopeArn;
    } else if (scope === "resource") {
      this.scopeArn = (a.scope as ScopeResource).scopeArn;
    } else {
      this.scopeArn = frontEnd.accountScopeArn(a.region, { parent: this });
    }

    const plan = planMonitors(name, checked.local, checked.remote, { monitorNamePrefix: a.monitorNamePrefix });
    this.monitors = plan.map((p) => this.monitorFor(name, p, a as WorkloadMonitorArgs, frontEnd));
    this.monitorArns = pulumi.all(this.monitors.map((m) => m.monitorArn));
    this.monitorStatuses = pulumi.all(this.monitors.map((m) => m.monitorStatus));

    // Every part below is opt-in: without its argument nothing is registered, so existing stacks see no change.
    const parent = { parent: this };
    const ag = a.agents;
    const eksNames = keyedNames(`${name}-eks`, clusters.map((c) => ({ label: c.key, identity: c.key })));
    this.eksAgents =
      ag?.eks === true
        ? clusters.map(
            (c, i) =>
              new EksAgent(
                eksNames[i],
                { cluster: c.cluster, podIdentityAgentInstalled: ag.eksPodIdentityAgentInstalled, addonVersion: ag.eksAddonVersion, tags: a.tags },
                parent,
              ),
          )
        : [];
    if (ag?.ec2) this.ec2Agents = new Ec2Agents(`${name}-ec2`, { ...ag.ec2, region: a.region, tags: a.tags }, parent);
    if (ag?.instanceRoles && ag.instanceRoles.length > 0) {
      this.publishPolicy = new AgentPublishPolicy(`${name}-publish`, { roles: ag.instanceRoles }, parent);
    }
    if (a.alarms !== undefined) {
      this.alarms = new MonitorAlarms(`${name}-alarms`, { ...a.alarms, monitors: this.monitors, region: a.region, tags: a.tags }, parent);
    }
    this.alarmArns = this.alarms?.alarmArns ?? pulumi.output([]);
    if (a.dashboard) {
      const dashboardName = (typeof a.dashboard === "object" ? a.dashboard.name : undefined) ?? defaultDashboardName(name, pulumi.getStack());
      this.dashboard = new MonitorDashboard(`${name}-dashboard`, { monitors: this.monitors, dashboardName, region: a.region }, parent);
      this.dashboardName = this.dashboard.dashboardName;
      this.dashboardUrl = this.dashboard.dashboardUrl;
    }
    this.registerOutputs({
      monitorArns: this.monitorArns,
      monitorStatuses: this.monitorStatuses,
      scopeArn: this.scopeArn,
      ...(this.alarms ? { alarmArns: this.alarmArns } : {}),
      ...(this.dashboard ? { dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl } : {}),
    });
  }

  private monitorFor(name: string, p: PlannedMonitor<Later>, args: WorkloadMonitorArgs, frontEnd: MonitorFrontEnd<M, S>): M {
    const resources = (entries: WorkloadEntry<Later>[]) =>
      entries.map((e): pulumi.Input<{ type: string; identifier: pulumi.Input<string> }> => {
        if (e.type !== undefined) return { type: e.type, identifier: e.identifier as pulumi.Input<string> };
        // Kind told from the value once known; a value naming nothing fails the program with the entry's path.
        return (e.identifier as Later).apply((v) => ({ type: resolveLaterType(name, e.side, e.index, v), identifier: v }));
      });
    return frontEnd.newMonitor(
      p.resourceName,
      {
        monitorName: p.monitorName,
        localResources: resources(p.local) as pulumi.Input<MonitorLocalResourceArgs>[],
        remoteResources: resources(p.remote) as pulumi.Input<MonitorRemoteResourceArgs>[],
        scopeArn: this.scopeArn,
        tags: args.tags,
        region: args.region,
        timeouts: args.timeouts,
      },
      { parent: this },
    );
  }
}

/**
 * Monitors a workload: the resources it runs in (`local`) and what it talks to (`remote`), given as the
 * `@pulumi/aws` objects, ARNs and names a program already has.
 *
 * ```ts
 * const shop = new WorkloadMonitor("shop", {
 *   local: [vpc, subnetA, "us-east-1a"],
 *   remote: ["S3", otherVpc],
 *   tags: { team: "shop" },
 * });
 * export const monitorArns = shop.monitorArns;
 * ```
 *
 * Arguments are checked when the component is constructed (an empty `local`, an unknown service name, an
 * object that is not a VPC, subnet or cluster, ...), with messages naming the entry and how to fix it.
 * Values only known later (Outputs) are checked by each monitor's provider once resolved.
 *
 * A monitor takes at most 25 local and 25 remote resources. Beyond that the workload is split: each side is
 * ordered by resource name or identifier (so reordering the lists changes nothing) and cut into groups of 25;
 * every local group is paired with every remote group, one monitor each, named `<name>-<i>` for the first
 * remote group and `<name>-<i>-r<j>` for the others. L local and R remote resources make
 * ceil(L/25) × max(1, ceil(R/25)) monitors; mind the account quota of 20 monitors per Region.
 *
 * The scope is `scopeArn` when given; a new {@link Scope} when `scope: "create"`; the given `Scope` resource;
 * otherwise the account's existing scope in the Region, found with {@link getScope}.
 *
 * Optional `agents`, `alarms` and `dashboard` turn Network Flow Monitor on end to end: the agent on the
 * workload's EKS clusters and EC2 instances with permission to publish ({@link EksAgent}, {@link Ec2Agents},
 * {@link AgentPublishPolicy}), CloudWatch alarms on every monitor ({@link MonitorAlarms}) and a dashboard
 * ({@link MonitorDashboard}). Without them the component registers exactly what it did before.
 */
export class WorkloadMonitor extends WorkloadMonitorComponent<Monitor, Scope> {
  constructor(name: string, args: WorkloadMonitorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(name, args, opts, DYNAMIC_FRONT_END);
  }
}
