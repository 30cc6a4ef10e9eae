// One Monitor specified by the `monitor` config object, so each scenario step changes only config.
import * as pulumi from "@pulumi/pulumi";
import { Monitor, type MonitorArgs } from "pulumi-networkflowmonitor";

const spec = new pulumi.Config().requireObject<MonitorArgs>("monitor");
const monitor = new Monitor("m", spec);

export const monitorArn = monitor.monitorArn;
export const monitorName = monitor.monitorName;
export const monitorStatus = monitor.monitorStatus;
