// The Network Flow Monitor agents as components over @pulumi/aws resources: on an EKS cluster (the add-on with
// EKS Pod Identity), on EC2 instances (Systems Manager associations), and the publish policy on instance roles.
// Each is usable on its own; WorkloadMonitor wires them from its `agents` argument. Plans: agentsPlan.ts.
import * as pulumi from "@pulumi/pulumi";
import { loadAws, type Aws } from "./aws";
import { InvalidArgumentsError } from "./invalidArguments";
import { partitionForRegion } from "../../provider/monitor/regions";
import {
  checkInstanceRoles,
  planEc2Agents,
  planEksAgent,
  planPublishPolicy,
  publishPolicyArn,
  roleNameFromArn,
  checkEc2Target,
  type AssociationTarget,
  type RoleRef,
} from "./agentsPlan";
import { agentValue } from "./values";

export const EKS_AGENT_TYPE = "networkflowmonitor:index:EksAgent";
export const EC2_AGENTS_TYPE = "networkflowmonitor:index:Ec2Agents";
export const AGENT_PUBLISH_POLICY_TYPE = "networkflowmonitor:index:AgentPublishPolicy";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** The publish policy's ARN in the partition of the provider's Region (IAM itself is global). */
export function publishPolicyArnOutput(parent: pulumi.Resource): pulumi.Output<string> {
  return loadAws().getRegionOutput({}, { parent }).region.apply((r) => publishPolicyArn(partitionForRegion(r)));
}


/** Inputs of an {@link EksAgent}. */
export interface EksAgentArgs {
  /** The cluster: an `aws.eks.Cluster`, or its name or ARN. It must run Kubernetes 1.25 or later. */
  cluster: Aws.eks.Cluster | pulumi.Input<string>;
  /**
   * True when the cluster already runs the `eks-pod-identity-agent` add-on (EKS Auto Mode clusters have it
   * built in): then it is not installed again, since a second copy fails.
   */
  podIdentityAgentInstalled?: boolean;
  /** The agent add-on's version (e.g. `v1.0.1-eksbuild.2`); the default version when absent. */
  addonVersion?: string;
  /** Tags for the role, the Pod Identity association and the add-ons. */
  tags?: Tags;
}

/**
 * The Network Flow Monitor agent on an EKS cluster: the `aws-network-flow-monitoring-agent` add-on, with an IAM
 * role (trusted by EKS Pod Identity, carrying `CloudWatchNetworkFlowMonitorAgentPublishPolicy`) associated with
 * the agent's service account, and the `eks-pod-identity-agent` add-on unless the cluster already has it.
 */
export class EksAgent extends pulumi.ComponentResource {
  readonly role: Aws.iam.Role;
  readonly podIdentityAssociation: Aws.eks.PodIdentityAssociation;
  readonly podIdentityAgentAddon?: Aws.eks.Addon;
  readonly addon: Aws.eks.Addon;
  /** The ARN of the role the agent publishes with. */
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: EksAgentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(EKS_AGENT_TYPE, name, {}, opts);
    const aws = loadAws();
    const cluster = args.cluster;
    const clusterName: pulumi.Output<string> = aws.eks.Cluster.isInstance(cluster)
      ? cluster.name
      : pulumi.output(cluster).apply((c) => (c.startsWith("arn:") ? c.slice(c.indexOf(":cluster/") + ":cluster/".length) : c));
    const plan = planEksAgent(name, {
      clusterName,
      policyArn: publishPolicyArnOutput(this),
      podIdentityAgentInstalled: args.podIdentityAgentInstalled ?? false,
      addonVersion: args.addonVersion,
    });
    const parent = { parent: this };
    this.role = new aws.iam.Role(plan.role.name, { assumeRolePolicy: plan.role.assumeRolePolicy, description: plan.role.description, tags: args.tags }, parent);
    const attachment = new aws.iam.RolePolicyAttachment(plan.policyAttachment.name, { role: this.role.name, policyArn: plan.policyAttachment.policyArn }, parent);
    this.podIdentityAssociation = new aws.eks.PodIdentityAssociation(
      plan.podIdentityAssociation.name,
      {
        clusterName: plan.podIdentityAssociation.clusterName,
        namespace: plan.podIdentityAssociation.namespace,
        serviceAccount: plan.podIdentityAssociation.serviceAccount,
        roleArn: this.role.arn,
        tags: args.tags,
      },
      parent,
    );
    if (plan.podIdentityAgentAddon) {
      const p = plan.podIdentityAgentAddon;
      this.podIdentityAgentAddon = new aws.eks.Addon(p.name, { clusterName: p.clusterName, addonName: p.addonName, tags: args.tags }, parent);
    }
    // The agent pods read their credentials when they start: the association, its policy and the Pod Identity
    // agent must exist before the add-on does (AWS's guide otherwise asks for a DaemonSet restart).
    const a = plan.agentAddon;
    this.addon = new aws.eks.Addon(
      a.name,
      { clusterName: a.clusterName, addonName: a.addonName, addonVersion: a.addonVersion, tags: args.tags },
      { parent: this, dependsOn: [this.podIdentityAssociation, attachment, ...(this.podIdentityAgentAddon ? [this.podIdentityAgentAddon] : [])] },
    );
    this.roleArn = this.role.arn;
    this.registerOutputs({ roleArn: this.roleArn, addonArn: this.addon.arn });
  }
}

/** Inputs of {@link Ec2Agents}: exactly one of `instanceTags` and `instanceIds`. */
export interface Ec2AgentsArgs {
  /** Instances carrying all of these tags (at most 5), now and later: State Manager also covers new ones. */
  instanceTags?: Record<string, string>;
  /** These instances. */
  instanceIds?: pulumi.Input<string>[];
  /** The Region of the instances; defaults to the provider's. */
  region?: pulumi.Input<string>;
  tags?: Tags;
}

/**
 * The Network Flow Monitor agent on EC2 instances, through Systems Manager State Manager: an association that
 * runs `AWS-ConfigureAWSPackage` to install the `AmazonCloudWatchNetworkFlowMonitorAgent` package, then one that
 * runs `AmazonCloudWatch-NetworkFlowMonitorManageAgent` to activate it (activated agents are billed).
 * The instances must be managed by Systems Manager (their role needs `AmazonSSMManagedInstanceCore`) and their
 * role needs the publish policy ({@link AgentPublishPolicy}); neither is attached here.
 */
export class Ec2Agents extends pulumi.ComponentResource {
  readonly install: Aws.ssm.Association;
  readonly activate: Aws.ssm.Association;

  constructor(name: string, args: Ec2AgentsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { instanceTags, instanceIds } = args ?? {};
    const problems = checkEc2Target({ instanceTags, instanceIds }, Array.isArray(instanceIds) ? instanceIds.map(agentValue) : undefined, "");
    if (problems.length > 0) throw new InvalidArgumentsError("Ec2Agents", name, problems);
    super(EC2_AGENTS_TYPE, name, {}, opts);
    const aws = loadAws();
    const target = args.instanceTags !== undefined ? { instanceTags: args.instanceTags } : { instanceIds: args.instanceIds! };
    const plan = planEc2Agents<pulumi.Input<string>>(name, target);
    const targets = (t: AssociationTarget<pulumi.Input<string>>[]) => t.map((x) => ({ key: x.key, values: x.values }));
    this.install = new aws.ssm.Association(
      plan.install.name,
      { name: plan.install.documentName, parameters: plan.install.parameters, targets: targets(plan.install.targets), region: args.region, tags: args.tags },
      { parent: this },
    );
    this.activate = new aws.ssm.Association(
      plan.activate.name,
      { name: plan.activate.documentName, parameters: plan.activate.parameters, targets: targets(plan.activate.targets), region: args.region, tags: args.tags },
      { parent: this, dependsOn: [this.install] },
    );
    this.registerOutputs({ installAssociationId: this.install.associationId, activateAssociationId: this.activate.associationId });
  }
}

/** Inputs of an {@link AgentPublishPolicy}. */
export interface AgentPublishPolicyArgs {
  /** The instance roles: `aws.iam.Role` objects, role names or role ARNs. */
  roles: (Aws.iam.Role | string)[];
}

/** A role given to the policy, described for the planner. */
export function roleRef(v: Aws.iam.Role | string): RoleRef<pulumi.Output<string>> {
  if (typeof v === "string") return { kind: "name", roleName: v.startsWith("arn:") ? roleNameFromArn(v)! : v };
  return { kind: "resource", resourceName: (v as unknown as { __name: string }).__name, roleName: v.name };
}

/**
 * Attaches the AWS managed policy `CloudWatchNetworkFlowMonitorAgentPublishPolicy` to each role, one
 * `aws.iam.RolePolicyAttachment` per role; without it an agent runs but its reports are refused (HTTP 403).
 */
export class AgentPublishPolicy extends pulumi.ComponentResource {
  readonly attachments: Aws.iam.RolePolicyAttachment[];

  constructor(name: string, args: AgentPublishPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const roles = args?.roles;
    const problems = checkInstanceRoles(roles ?? [], Array.isArray(roles) ? roles.map(agentValue) : undefined, "roles");
    if (problems.length > 0) throw new InvalidArgumentsError("AgentPublishPolicy", name, problems);
    super(AGENT_PUBLISH_POLICY_TYPE, name, {}, opts);
    const aws = loadAws();
    const policyArn = publishPolicyArnOutput(this);
    this.attachments = planPublishPolicy(name, roles.map(roleRef)).map(
      (p) => new aws.iam.RolePolicyAttachment(p.name, { role: p.role, policyArn }, { parent: this }),
    );
    this.registerOutputs({});
  }
}
