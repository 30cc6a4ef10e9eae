// A monitor watching the flows of a VPC and one of its subnets towards Amazon S3 (and, when
// `addDynamoDB` is set, DynamoDB). Its ARN feeds an SSM parameter, the way other stacks and
// tools would discover it.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsService, LocalResourceType, Monitor, RemoteResourceType } from "pulumi-networkflowmonitor";

const config = new pulumi.Config();
const region = new pulumi.Config("aws").require("region");

// With `existingVpcArn`/`existingSubnetArn` the example monitors a network you already have
// (and creates no @pulumi/aws resources); otherwise it creates one.
const existingVpcArn = config.get("existingVpcArn");
const network = existingVpcArn
  ? { vpcArn: pulumi.output(existingVpcArn), subnetArn: pulumi.output(config.require("existingSubnetArn")) }
  : createNetwork();

function createNetwork() {
  const vpc = new aws.ec2.Vpc("app", { cidrBlock: "10.0.0.0/16", tags: { Name: "app" } });
  const subnet = new aws.ec2.Subnet("app-a", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: `${region}a` });
  return { vpcArn: vpc.arn, subnetArn: subnet.arn };
}

const remoteServices = [AwsService.S3, ...(config.getBoolean("addDynamoDB") ? [AwsService.DynamoDB] : [])];

const monitor = new Monitor("app", {
  // Optional: without it the monitor is auto-named `app-<7 hex>`.
  monitorName: config.get("monitorName") ?? "app-flows",
  localResources: [
    { type: LocalResourceType.Vpc, identifier: network.vpcArn },
    { type: LocalResourceType.Subnet, identifier: network.subnetArn },
  ],
  remoteResources: remoteServices.map((s) => ({ type: RemoteResourceType.AwsService, identifier: s })),
  scopeArn: config.require("scopeArn"),
  tags: { app: "basic", ...(config.get("owner") ? { owner: config.require("owner") } : {}) },
});

// Anything that needs the monitor can depend on its ARN.
if (!existingVpcArn) {
  new aws.ssm.Parameter("monitor-arn", {
    name: "/network-flow-monitor/app",
    type: aws.ssm.ParameterType.String,
    value: monitor.monitorArn,
  });
}

export const monitorName = monitor.monitorName;
export const monitorArn = monitor.monitorArn;
export const monitorStatus = monitor.monitorStatus;
