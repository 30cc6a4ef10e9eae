// The inputs and outputs of the plugin's components (served through Construct), in the form every Pulumi
// language can pass: strings (ARNs, names, service names), numbers, booleans, lists and plain objects; no
// resource objects. The Node.js SDK's classes (sdk/workloadMonitor.ts, sdk/workload/*) also take `@pulumi/aws`
// objects; where a setting means the same it has the same name here.
//
// Each component `networkflowmonitor:index:<Name>` takes `<Name>Args` and returns `<Name>Outputs` (see
// COMPONENT_TYPES). schema.json is generated from these declarations and their TSDoc: keep every property documented.

/** How long each step of a monitor may wait for the service, as durations like `"30m"` or `"1h30m"` (default 30m each). */
export interface MonitorTimeouts {
  /** How long creating a monitor may take. */
  create?: string;
  /** How long updating a monitor may take. */
  update?: string;
  /** How long deleting a monitor may take (deletes wait until it is gone). */
  delete?: string;
}

/** Which EC2 instances get the agent: exactly one of `instanceTags` and `instanceIds`. */
export interface Ec2AgentTarget {
  /** Instances carrying all of these tags (at most 5), now and later: State Manager also covers new ones. */
  instanceTags?: Record<string, string>;
  /** These instances, by id (`i-0123456789abcdef0`). */
  instanceIds?: string[];
}

/** Where a {@link WorkloadMonitorArgs | WorkloadMonitor} installs the agent, and which roles may publish. */
export interface WorkloadAgentsArgs {
  /** Every EKS cluster ARN in `local` gets the agent add-on (as an `EksAgent`). */
  eks?: boolean;
  /** The clusters already run the `eks-pod-identity-agent` add-on (e.g. EKS Auto Mode): do not install it. */
  eksPodIdentityAgentInstalled?: boolean;
  /** The agent add-on's version (e.g. `v1.0.1-eksbuild.2`); the default version when absent. */
  eksAddonVersion?: string;
  /** EC2 instances that get the agent through Systems Manager (as `Ec2Agents`): by tags or by ids. */
  ec2?: Ec2AgentTarget;
  /** Instance roles, by role name or role ARN, that get the publish policy (as an `AgentPublishPolicy`). */
  instanceRoles?: string[];
}

/** Settings of the health indicator's alarm, which always fires at 1 (an AWS network issue). */
export interface HealthIndicatorAlarmArgs {
  /** Consecutive periods at 1 before the alarm fires; default 1. */
  evaluationPeriods?: number;
  /** Seconds per period, a multiple of 60; default 300. */
  period?: number;
}

/** Settings of one metric's alarm. */
export interface MetricAlarmArgs {
  /** Alarm when the metric is above this (a count, or microseconds for `roundTripTime`). */
  threshold: number;
  /** Consecutive periods above the threshold before the alarm fires; default 1. */
  evaluationPeriods?: number;
  /** Seconds per period, a multiple of 60; default 300. */
  period?: number;
}

/** Which CloudWatch alarms to create on every monitor's metrics, and who hears them. */
export interface AlarmsArgs {
  /** ARNs notified when an alarm fires and when it returns to OK (e.g. an SNS topic's). Without any, a warning says the alarms notify nobody. */
  actions?: string[];
  /** The network health indicator's alarm: `true` (the default once `alarms` is given), `false`, or its settings. */
  healthIndicator?: boolean | HealthIndicatorAlarmArgs;
  /** An alarm on TCP retransmissions per period. */
  retransmissions?: MetricAlarmArgs;
  /** An alarm on TCP retransmission timeouts per period. */
  timeouts?: MetricAlarmArgs;
  /** An alarm on round-trip time in microseconds (sparse: periods without data do not alarm). */
  roundTripTime?: MetricAlarmArgs;
}

/** The dashboard of a WorkloadMonitor. */
export interface WorkloadDashboardArgs {
  /** 1 to 255 letters, digits, "-" and "_"; default `<component name>-<stack>`. */
  name?: string;
}

/** Inputs of `networkflowmonitor:index:WorkloadMonitor`. */
export interface WorkloadMonitorArgs {
  /**
   * At least one resource where the workload runs: a VPC, subnet or EKS cluster ARN, an Availability Zone name
   * (`us-east-1a`) or a Region name (`us-east-1`). More than 25 are split across several monitors.
   */
  local: string[];
  /**
   * The other ends of the flows to watch: a VPC or subnet ARN, an Availability Zone or Region name, or the AWS
   * service `"S3"` or `"DynamoDB"`. Empty or absent means every flow from `local` in its Region. More than 25
   * are split across several monitors.
   */
  remote?: string[];
  /** An existing scope's ARN. Without it (and without `scope`) the account's scope in the Region is looked up. */
  scopeArn?: string;
  /** `"create"` creates a `networkflowmonitor:index:Scope` as a child of this component. Not with `scopeArn`. */
  scope?: "create";
  /** Tags for every monitor (merged over the provider's default tags). */
  tags?: Record<string, string>;
  /** The Region of the monitors; defaults to the provider's Region. */
  region?: string;
  /**
   * Names the monitors `<prefix>-1`, `<prefix>-2`, `<prefix>-1-r2`, ... Without it each monitor is auto-named
   * after its resource name (`<name>-1-<7 hex>`).
   */
  monitorNamePrefix?: string;
  /** How long creating, updating and deleting each monitor may take. */
  timeouts?: MonitorTimeouts;
  /** Puts the Network Flow Monitor agent where the workload runs, with permission to publish. */
  agents?: WorkloadAgentsArgs;
  /** CloudWatch alarms on every monitor's metrics; the health indicator's by default. */
  alarms?: AlarmsArgs;
  /** A CloudWatch dashboard of every monitor's metrics: `true`, or `{ name }` (default name `<name>-<stack>`). */
  dashboard?: boolean | WorkloadDashboardArgs;
}

/** Outputs of `networkflowmonitor:index:WorkloadMonitor`. */
export interface WorkloadMonitorOutputs {
  /** Each monitor's ARN, in plan order (`<name>-1`, `<name>-1-r2`, ..., `<name>-2`, ...). */
  monitorArns: string[];
  /** Each monitor's name, in the order of `monitorArns`. */
  monitorNames: string[];
  /** Each monitor's status (`ACTIVE` once created), in the order of `monitorArns`. */
  monitorStatuses: string[];
  /** The scope the monitors belong to. */
  scopeArn: string;
  /** Every alarm's ARN, ordered by monitor then metric (empty without `alarms`). */
  alarmArns: string[];
  /** The ARN of each EKS agent's role, one per EKS cluster in `local` when `agents.eks` (empty otherwise). */
  eksAgentRoleArns: string[];
  /** The dashboard's name, when `dashboard`. */
  dashboardName?: string;
  /** The dashboard's page in the CloudWatch console, when `dashboard`. */
  dashboardUrl?: string;
}

/** Inputs of `networkflowmonitor:index:EksAgent`. */
export interface EksAgentArgs {
  /** The cluster's name or ARN. It must run Kubernetes 1.25 or later. */
  cluster: string;
  /** True when the cluster already runs the `eks-pod-identity-agent` add-on (EKS Auto Mode clusters have it built in). */
  podIdentityAgentInstalled?: boolean;
  /** The agent add-on's version (e.g. `v1.0.1-eksbuild.2`); the default version when absent. */
  addonVersion?: string;
  /** Tags for the role, the Pod Identity association and the add-ons. */
  tags?: Record<string, string>;
}

/** Outputs of `networkflowmonitor:index:EksAgent`. */
export interface EksAgentOutputs {
  /** The ARN of the role the agent publishes with. */
  roleArn: string;
  /** The ARN of the agent add-on. */
  addonArn: string;
}

/** Inputs of `networkflowmonitor:index:Ec2Agents`: exactly one of `instanceTags` and `instanceIds`. */
export interface Ec2AgentsArgs {
  /** Instances carrying all of these tags (at most 5), now and later: State Manager also covers new ones. */
  instanceTags?: Record<string, string>;
  /** These instances, by id (`i-0123456789abcdef0`). */
  instanceIds?: string[];
  /** The Region of the instances; defaults to the provider's Region. */
  region?: string;
  /** Tags for the two Systems Manager associations. */
  tags?: Record<string, string>;
}

/** Outputs of `networkflowmonitor:index:Ec2Agents`. */
export interface Ec2AgentsOutputs {
  /** The id of the association that installs the agent package. */
  installAssociationId: string;
  /** The id of the association that activates the agent. */
  activateAssociationId: string;
}

/** Inputs of `networkflowmonitor:index:AgentPublishPolicy`. */
export interface AgentPublishPolicyArgs {
  /** The instance roles, by role name or role ARN. */
  roles: string[];
}

/** Outputs of `networkflowmonitor:index:AgentPublishPolicy`. */
export interface AgentPublishPolicyOutputs {
  /** The ARN of the AWS managed policy attached to every role, in the provider Region's partition. */
  policyArn: string;
}

/** Inputs of `networkflowmonitor:index:MonitorAlarms`. */
export interface MonitorAlarmsArgs extends AlarmsArgs {
  /** The names of the monitors to alarm on. */
  monitors: string[];
  /** The monitors' Region; defaults to the provider's Region. */
  region?: string;
  /** Tags for every alarm. */
  tags?: Record<string, string>;
}

/** Outputs of `networkflowmonitor:index:MonitorAlarms`. */
export interface MonitorAlarmsOutputs {
  /** The alarms' ARNs, ordered by monitor then metric. */
  alarmArns: string[];
}

/** Inputs of `networkflowmonitor:index:MonitorDashboard`. */
export interface MonitorDashboardArgs {
  /** The names of the monitors to graph. */
  monitors: string[];
  /** 1 to 255 letters, digits, "-" and "_"; default `<component name>-<stack>`. */
  dashboardName?: string;
  /** The monitors' Region (where the graphs read metrics); defaults to the provider's Region. */
  region?: string;
}

/** Outputs of `networkflowmonitor:index:MonitorDashboard`. */
export interface MonitorDashboardOutputs {
  /** The dashboard's name. */
  dashboardName: string;
  /** The dashboard's page in the CloudWatch console, in its Region. */
  dashboardUrl: string;
}

/** Every component the plugin constructs: its type token, and the names of its args and outputs declarations above. */
export const COMPONENT_TYPES = {
  "networkflowmonitor:index:WorkloadMonitor": { args: "WorkloadMonitorArgs", outputs: "WorkloadMonitorOutputs" },
  "networkflowmonitor:index:EksAgent": { args: "EksAgentArgs", outputs: "EksAgentOutputs" },
  "networkflowmonitor:index:Ec2Agents": { args: "Ec2AgentsArgs", outputs: "Ec2AgentsOutputs" },
  "networkflowmonitor:index:AgentPublishPolicy": { args: "AgentPublishPolicyArgs", outputs: "AgentPublishPolicyOutputs" },
  "networkflowmonitor:index:MonitorAlarms": { args: "MonitorAlarmsArgs", outputs: "MonitorAlarmsOutputs" },
  "networkflowmonitor:index:MonitorDashboard": { args: "MonitorDashboardArgs", outputs: "MonitorDashboardOutputs" },
} as const;

export type ComponentType = keyof typeof COMPONENT_TYPES;
