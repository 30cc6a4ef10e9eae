/**
 * Public entry point of pulumi-networkflowmonitor: the typed resources Pulumi programs import
 * (`import { Monitor } from "pulumi-networkflowmonitor"`).
 *
 * @module pulumi-networkflowmonitor
 */
export { Monitor } from "./monitor";
export type { MonitorArgs, MonitorLocalResourceArgs, MonitorRemoteResourceArgs, MonitorTimeoutsArgs } from "./monitor";
export { LocalResourceType, RemoteResourceType, AwsService } from "../provider/monitor/types";
export { Scope } from "./scope";
export type { ScopeArgs, ScopeTargetArgs, ScopeTimeoutsArgs } from "./scope";
export { getScope, getScopeOutput } from "./getScope";
export type { GetScopeArgs, GetScopeOutputArgs, GetScopeResult } from "./getScope";
export { WorkloadMonitor, WORKLOAD_MONITOR_TYPE } from "./workloadMonitor";
export type { WorkloadMonitorArgs, WorkloadLocalResource, WorkloadRemoteResource, WorkloadAwsResource, WorkloadTypedResource } from "./workloadMonitor";
export type { WorkloadAgentsArgs } from "./workloadMonitor";
export { EksAgent, Ec2Agents, AgentPublishPolicy, EKS_AGENT_TYPE, EC2_AGENTS_TYPE, AGENT_PUBLISH_POLICY_TYPE } from "./workload/agents";
export type { EksAgentArgs, Ec2AgentsArgs, AgentPublishPolicyArgs } from "./workload/agents";
export { MonitorAlarms, MONITOR_ALARMS_TYPE } from "./workload/alarms";
export type { MonitorAlarmsArgs, AlarmsArgs, MetricAlarmArgs } from "./workload/alarms";
export { MonitorDashboard, MONITOR_DASHBOARD_TYPE } from "./workload/dashboard";
export type { MonitorDashboardArgs } from "./workload/dashboard";
