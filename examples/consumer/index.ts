// A workload stack that uses the account's existing Network Flow Monitor scope (created once by another stack,
// e.g. with `new Scope(...)`) and monitors its own network with a WorkloadMonitor.
//
// Install the package from its tarball, as from npm:
//   (in the pulumi-networkflowmonitor checkout)  npm run build && npm pack --pack-destination examples/consumer
//   (here)                                       npm install
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadMonitor } from "pulumi-networkflowmonitor";

const region = new pulumi.Config("aws").require("region");
const config = new pulumi.Config();
const subnetCount = config.getNumber("subnets") ?? 2;

const vpc = new aws.ec2.Vpc("orders", { cidrBlock: "10.30.0.0/16", tags: { Name: "orders" } });
const subnets = Array.from(
  { length: subnetCount },
  (_, i) =>
    new aws.ec2.Subnet(`orders-${i}`, {
      vpcId: vpc.id,
      cidrBlock: `10.30.${i}.0/24`,
      availabilityZone: `${region}${"abc"[i % 3]}`,
    }),
);

// No scopeArn: the component finds the account's scope in this Region with getScope().
const orders = new WorkloadMonitor("orders", {
  local: [vpc, ...subnets],
  remote: ["S3", "DynamoDB"],
  tags: { app: "orders" },
});

export const scopeArn = orders.scopeArn;
export const monitorArns = orders.monitorArns;
export const monitorStatuses = orders.monitorStatuses;
