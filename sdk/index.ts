// Public entry point of pulumi-networkflowmonitor: the typed resources Pulumi programs import.
export { Monitor } from "./monitor";
export type { MonitorArgs, MonitorLocalResourceArgs, MonitorRemoteResourceArgs, MonitorTimeoutsArgs } from "./monitor";
export { LocalResourceType, RemoteResourceType, AwsService } from "../provider/monitor/types";
