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
