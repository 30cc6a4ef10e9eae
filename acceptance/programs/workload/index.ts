// A WorkloadMonitor over the Region with alarms and a dashboard. With `agents: true`, the Systems Manager agent
// associations target instances tagged with the run's acceptance tag (none need exist), and an EKS cluster
// given as `eksClusterArn` gets the agent add-on.
import * as pulumi from "@pulumi/pulumi";
import { WorkloadMonitor } from "pulumi-networkflowmonitor";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");
const tags = config.requireObject<Record<string, string>>("tags");
const eksClusterArn = config.get("eksClusterArn");
const agents = config.getBoolean("agents") ?? false;

const workload = new WorkloadMonitor("wl", {
  local: eksClusterArn && agents ? [region, eksClusterArn] : [region],
  remote: ["S3"],
  scopeArn: config.require("scopeArn"),
  monitorNamePrefix: config.require("monitorNamePrefix"),
  tags,
  alarms: { retransmissions: { threshold: 100 } },
  dashboard: { name: config.require("dashboardName") },
  ...(agents ? { agents: { eks: !!eksClusterArn, ec2: { instanceTags: tags } } } : {}),
});

export const monitorArns = workload.monitorArns;
export const monitorStatuses = workload.monitorStatuses;
export const alarmArns = workload.alarmArns;
export const dashboardName = workload.dashboardName;
export const dashboardUrl = workload.dashboardUrl;
