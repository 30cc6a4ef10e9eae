// Network Flow Monitor on for a whole workload, from one WorkloadMonitor: a VPC with two subnets, an EKS
// cluster with a node group, and EC2 instances tagged app=shop (launched elsewhere, with the role below).
// The component monitors the network, installs the agent on the cluster (add-on and Pod Identity) and on the
// tagged instances (Systems Manager), lets the instance role publish, alarms into an SNS topic and draws a
// dashboard. The account's scope must exist already (see Scope / getScope).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadMonitor } from "pulumi-networkflowmonitor";

const region = new pulumi.Config("aws").require("region");
const config = new pulumi.Config();
const partition = aws.getPartitionOutput().partition;
const managedPolicy = (policy: string) => pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}`;

/** A role the given AWS service assumes, with AWS managed policies attached. */
function serviceRole(name: string, service: string, policies: string[]): aws.iam.Role {
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    }),
  });
  for (const p of policies) new aws.iam.RolePolicyAttachment(`${name}-${p}`, { role: role.name, policyArn: managedPolicy(p) });
  return role;
}

const vpc = new aws.ec2.Vpc("shop", { cidrBlock: "10.40.0.0/16", enableDnsHostnames: true, tags: { Name: "shop" } });
const subnets = ["a", "b"].map(
  (az, i) =>
    new aws.ec2.Subnet(`shop-${az}`, {
      vpcId: vpc.id,
      cidrBlock: `10.40.${i}.0/24`,
      availabilityZone: `${region}${az}`,
      tags: { Name: `shop-${az}` },
    }),
);

// The cluster runs Kubernetes 1.25 or later, as the agent add-on requires.
const clusterRole = serviceRole("shop-cluster", "eks.amazonaws.com", ["AmazonEKSClusterPolicy"]);
const cluster = new aws.eks.Cluster("shop", {
  roleArn: clusterRole.arn,
  version: "1.33",
  vpcConfig: { subnetIds: subnets.map((s) => s.id) },
  accessConfig: { authenticationMode: "API" },
});
// AmazonEKSWorkerNodePolicy also lets the nodes' Pod Identity agent hand out the agent's credentials.
const nodeRole = serviceRole("shop-nodes", "ec2.amazonaws.com", [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryReadOnly",
]);
new aws.eks.NodeGroup("shop", {
  clusterName: cluster.name,
  nodeRoleArn: nodeRole.arn,
  subnetIds: subnets.map((s) => s.id),
  scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 3 },
});

// The role of the shop's EC2 instances: Systems Manager must manage them (AmazonSSMManagedInstanceCore) to
// install the agent; the WorkloadMonitor adds the agent's publish policy.
const webRole = serviceRole("shop-web", "ec2.amazonaws.com", ["AmazonSSMManagedInstanceCore"]);

const alerts = new aws.sns.Topic("shop-network-alerts");

const shop = new WorkloadMonitor("shop", {
  local: [vpc, ...subnets, cluster],
  remote: ["S3"],
  tags: { app: "shop" },
  agents: {
    eks: true,
    ec2: { instanceTags: { app: "shop" } },
    instanceRoles: [webRole],
  },
  alarms: {
    actions: [alerts.arn],
    retransmissions: { threshold: 100 },
    roundTripTime: { threshold: 20_000, evaluationPeriods: 3 },
  },
  dashboard: config.getBoolean("dashboard") ?? true,
});

export const monitorArns = shop.monitorArns;
export const monitorStatuses = shop.monitorStatuses;
export const alarmArns = shop.alarmArns;
export const dashboardName = shop.dashboardName;
export const dashboardUrl = shop.dashboardUrl;
