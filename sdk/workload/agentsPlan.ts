// Pure planning for the Network Flow Monitor agents: the EKS add-on with EKS Pod Identity, the Systems Manager
// associations that install and activate the agent on EC2 instances, and the publish policy on instance roles.
// Every AWS name below is from AWS's documentation (see docs/workload.md, "Where each fact comes from").
// No I/O and no resource registration: the component classes in agents.ts do that.

/** The EKS add-on that runs the agent on every node. */
export const AGENT_ADDON_NAME = "aws-network-flow-monitoring-agent";
/** The EKS add-on that serves Pod Identity credentials; the agent add-on needs it. */
export const POD_IDENTITY_AGENT_ADDON_NAME = "eks-pod-identity-agent";
/** Where the add-on runs, and the service account its pods use (add-on v1.0.1 and later). */
export const AGENT_NAMESPACE = "amazon-network-flow-monitor";
export const AGENT_SERVICE_ACCOUNT = "aws-network-flow-monitor-agent-service-account";
/** The AWS managed policy that lets an agent publish; without it the agent gets HTTP 403. */
export const PUBLISH_POLICY_NAME = "CloudWatchNetworkFlowMonitorAgentPublishPolicy";
/** Systems Manager: the document that installs a Distributor package, the package, and the agent's own document. */
export const INSTALL_DOCUMENT = "AWS-ConfigureAWSPackage";
export const AGENT_PACKAGE = "AmazonCloudWatchNetworkFlowMonitorAgent";
export const MANAGE_AGENT_DOCUMENT = "AmazonCloudWatch-NetworkFlowMonitorManageAgent";
/** A State Manager association takes at most 5 targets. */
export const MAX_ASSOCIATION_TARGETS = 5;

/** The ARN of the publish policy in a partition (`aws`, `aws-cn`, `aws-us-gov`, ...). */
export function publishPolicyArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/${PUBLISH_POLICY_NAME}`;
}

/** The trust policy EKS Pod Identity requires of a role. */
export const POD_IDENTITY_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    },
  ],
});

/** A readable resource-name part from a user value (a role or cluster name, a Pulumi resource name). */
export function nameKey(value: string): string {
  const key = value.replace(/[^A-Za-z0-9_.+=,@-]+/g, "-").replace(/^-+|-+$/g, "");
  return key || "x";
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable fingerprint with no dependency. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/**
 * `<prefix>-<key>` for each item, the key being {@link nameKey} of its label; items whose keys coincide also get a
 * fingerprint of their identity (unique per item). Depends only on the set of items, never on their order.
 */
export function keyedNames(prefix: string, items: { label: string; identity: string }[]): string[] {
  const keys = items.map((it) => nameKey(it.label));
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  return items.map((it, i) => `${prefix}-${keys[i]}${count.get(keys[i])! > 1 ? `-${fingerprint(it.identity)}` : ""}`);
}

/** The resources that put the agent on one EKS cluster, children of an `EksAgent` named `name`. */
export interface EksAgentPlan<V> {
  role: { name: string; assumeRolePolicy: string; description: string };
  policyAttachment: { name: string; policyArn: V };
  podIdentityAssociation: { name: string; clusterName: V; namespace: string; serviceAccount: string };
  /** Absent when the cluster already runs the Pod Identity agent (a second copy fails). */
  podIdentityAgentAddon?: { name: string; clusterName: V; addonName: string };
  agentAddon: { name: string; clusterName: V; addonName: string; addonVersion?: string };
}

export function planEksAgent<V>(
  name: string,
  args: { clusterName: V; policyArn: V; podIdentityAgentInstalled: boolean; addonVersion?: string },
): EksAgentPlan<V> {
  return {
    role: {
      name: `${name}-role`,
      assumeRolePolicy: POD_IDENTITY_TRUST_POLICY,
      description: "Assumed through EKS Pod Identity by the Network Flow Monitor agent, to publish flow metrics",
    },
    policyAttachment: { name: `${name}-publish`, policyArn: args.policyArn },
    podIdentityAssociation: {
      name: `${name}-pod-identity`,
      clusterName: args.clusterName,
      namespace: AGENT_NAMESPACE,
      serviceAccount: AGENT_SERVICE_ACCOUNT,
    },
    podIdentityAgentAddon: args.podIdentityAgentInstalled
      ? undefined
      : { name: `${name}-pod-identity-agent`, clusterName: args.clusterName, addonName: POD_IDENTITY_AGENT_ADDON_NAME },
    agentAddon: {
      name: `${name}-addon`,
      clusterName: args.clusterName,
      addonName: AGENT_ADDON_NAME,
      ...(args.addonVersion !== undefined ? { addonVersion: args.addonVersion } : {}),
    },
  };
}

/** Which EC2 instances get the agent: by tags (all must match) or by instance ids. */
export type Ec2Target<V> = { instanceTags: Record<string, string> } | { instanceIds: V[] };

export interface AssociationTarget<V> {
  key: string;
  values: (string | V)[];
}

export interface Ec2AgentsPlan<V> {
  install: { name: string; documentName: string; parameters: Record<string, string>; targets: AssociationTarget<V>[] };
  /** Runs after `install`: agents installed through Systems Manager report nothing until activated. */
  activate: { name: string; documentName: string; parameters: Record<string, string>; targets: AssociationTarget<V>[] };
}

export function associationTargets<V>(target: Ec2Target<V>): AssociationTarget<V>[] {
  if ("instanceIds" in target) return [{ key: "InstanceIds", values: [...target.instanceIds] }];
  // Sorted, so the same tags in another order plan the same association.
  return Object.keys(target.instanceTags)
    .sort()
    .map((k) => ({ key: `tag:${k}`, values: [target.instanceTags[k]] }));
}

export function planEc2Agents<V>(name: string, target: Ec2Target<V>): Ec2AgentsPlan<V> {
  const targets = associationTargets(target);
  return {
    install: {
      name: `${name}-install`,
      documentName: INSTALL_DOCUMENT,
      parameters: { action: "Install", name: AGENT_PACKAGE },
      targets,
    },
    activate: {
      name: `${name}-activate`,
      documentName: MANAGE_AGENT_DOCUMENT,
      parameters: { Action: "Activate" },
      targets,
    },
  };
}

/** A role given to `instanceRoles`: an `aws.iam.Role` (by resource name) or a role name or ARN known now. */
export type RoleRef<V> = { kind: "resource"; resourceName: string; roleName: V } | { kind: "name"; roleName: string };

/** The role name inside a role ARN (`arn:aws:iam::123456789012:role/path/name` gives `name`). */
export function roleNameFromArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(?:[^/]+\/)*([\w+=,.@-]{1,64})$/.exec(arn);
  return m?.[1];
}

export interface PlannedAttachment<V> {
  name: string;
  role: string | V;
}

/**
 * One policy attachment per role, named `<name>-<role key>`: the key is the role's resource name or role name,
 * so reordering the list changes nothing.
 */
export function planPublishPolicy<V>(name: string, roles: RoleRef<V>[]): PlannedAttachment<V>[] {
  const names = keyedNames(
    name,
    roles.map((r) => (r.kind === "resource" ? { label: r.resourceName, identity: `resource:${r.resourceName}` } : { label: r.roleName, identity: `name:${r.roleName}` })),
  );
  const planned = roles.map((r, i) => ({ name: names[i], role: r.roleName }));
  return planned.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What the component tells the checks about a value, without resolving anything. */
export type AgentValue =
  | { kind: "string"; value: string }
  | { kind: "resource"; pulumiType: string; name: string | undefined }
  | { kind: "later" }
  | { kind: "other"; description: string };

export interface AgentsCheckInput {
  /** `args.agents` as given (undefined when absent). */
  agents: unknown;
  /** How many EKS clusters `local` lists (objects or cluster ARNs known now). */
  clusterCount: number;
  /** `agents.instanceRoles` entries, described. */
  roles: AgentValue[] | undefined;
  /** `agents.ec2.instanceIds` entries, described. */
  instanceIds: AgentValue[] | undefined;
}

const IAM_ROLE_TYPE = "aws:iam/role:Role";
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/;
const TAG_KEY = /^.{1,128}$/s;
const AGENT_KEYS = ["eks", "eksPodIdentityAgentInstalled", "eksAddonVersion", "ec2", "instanceRoles"];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/** Every problem with `agents`, each prefixed by its path. */
export function checkAgents(input: AgentsCheckInput): string[] {
  const a = input.agents;
  if (a === undefined) return [];
  if (!isPlainObject(a)) return [`agents: must be an object such as { eks: true }; got ${show(a)}`];
  const problems: string[] = [];
  for (const k of Object.keys(a)) {
    if (!AGENT_KEYS.includes(k)) problems.push(`agents.${k}: unknown setting: use ${AGENT_KEYS.join(", ")}`);
  }
  if (a.eks !== undefined && typeof a.eks !== "boolean") problems.push(`agents.eks: must be true or false; got ${show(a.eks)}`);
  if (a.eks === true && input.clusterCount === 0) {
    problems.push(
      "agents.eks: `local` lists no EKS cluster: add the aws.eks.Cluster (or its ARN as a plain string) to `local`, or drop `agents.eks`",
    );
  }
  for (const k of ["eksPodIdentityAgentInstalled"] as const) {
    if (a[k] !== undefined && typeof a[k] !== "boolean") problems.push(`agents.${k}: must be true or false; got ${show(a[k])}`);
  }
  if (a.eksAddonVersion !== undefined && (typeof a.eksAddonVersion !== "string" || !/^v\d+\.\d+\.\d+/.test(a.eksAddonVersion))) {
    problems.push(`agents.eksAddonVersion: must be an add-on version such as "v1.0.1-eksbuild.2"; got ${show(a.eksAddonVersion)}`);
  }
  if (a.eks !== true && (a.eksPodIdentityAgentInstalled !== undefined || a.eksAddonVersion !== undefined)) {
    problems.push("agents.eksPodIdentityAgentInstalled, agents.eksAddonVersion: only apply with `agents.eks: true`");
  }
  problems.push(...checkEc2Target(a.ec2, input.instanceIds));
  problems.push(...checkInstanceRoles(a.instanceRoles, input.roles));
  return problems;
}

/** Checks which instances get the agent; `path` ("" at the top level of Ec2Agents' args) prefixes every message. */
export function checkEc2Target(ec2: unknown, ids: AgentValue[] | undefined, path = "agents.ec2"): string[] {
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (ec2 === undefined) return [];
  const forms = "{ instanceTags: { app: \"shop\" } } or { instanceIds: [\"i-0123456789abcdef0\"] }";
  if (!isPlainObject(ec2)) return [`${path || "arguments"}: must be ${forms}; got ${show(ec2)}`];
  const problems: string[] = [];
  for (const k of Object.keys(ec2)) {
    if (k !== "instanceTags" && k !== "instanceIds") problems.push(`${at(k)}: unknown setting: use instanceTags or instanceIds`);
  }
  const hasTags = ec2.instanceTags !== undefined;
  const hasIds = ec2.instanceIds !== undefined;
  if (hasTags === hasIds) {
    problems.push(`${path || "instanceTags, instanceIds"}: give exactly one of instanceTags and instanceIds (${hasTags ? "both are given" : "neither is given"}): ${forms}`);
  }
  if (hasTags) {
    const tags = ec2.instanceTags;
    if (!isPlainObject(tags) || Object.keys(tags).length === 0) {
      problems.push(`${at("instanceTags")}: must be an object of at least one tag, e.g. { app: "shop" }; got ${show(tags)}`);
    } else {
      const keys = Object.keys(tags);
      if (keys.length > MAX_ASSOCIATION_TARGETS) {
        problems.push(`${at("instanceTags")}: at most ${MAX_ASSOCIATION_TARGETS} tags (a Systems Manager association takes ${MAX_ASSOCIATION_TARGETS} targets); got ${keys.length}`);
      }
      for (const k of keys) {
        if (!TAG_KEY.test(k)) problems.push(`${at("instanceTags")}: tag keys must be 1 to 128 characters; got ${show(k)}`);
        if (typeof tags[k] !== "string") problems.push(`${at(`instanceTags.${k}`)}: must be a string known when the program runs; got ${show(tags[k])}`);
      }
    }
  }
  if (hasIds) {
    if (!Array.isArray(ec2.instanceIds) || ec2.instanceIds.length === 0) {
      problems.push(`${at("instanceIds")}: must be a non-empty list of instance ids; got ${show(ec2.instanceIds)}`);
    } else {
      (ids ?? []).forEach((v, i) => {
        const p = `${at("instanceIds")}[${i}]`;
        if (v.kind === "string" && !INSTANCE_ID.test(v.value)) problems.push(`${p}: must be an instance id like "i-0123456789abcdef0"; got ${show(v.value)}`);
        if (v.kind === "resource") problems.push(`${p}: pass the instance's id (e.g. instance.id), not the ${v.pulumiType} resource`);
        if (v.kind === "other") problems.push(`${p}: must be an instance id; got ${v.description}`);
      });
    }
  }
  return problems;
}

/** Checks a list of roles for the publish policy; `path` prefixes every message. */
export function checkInstanceRoles(roles: unknown, described: AgentValue[] | undefined, path = "agents.instanceRoles"): string[] {
  if (roles === undefined) return [];
  if (!Array.isArray(roles)) return [`${path}: must be a list of aws.iam.Role objects or role names; got ${show(roles)}`];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (described ?? []).forEach((v, i) => {
    const at = `${path}[${i}]`;
    let key: string | undefined;
    if (v.kind === "string") {
      const name = v.value.startsWith("arn:") ? roleNameFromArn(v.value) : v.value;
      if (name === undefined || !ROLE_NAME.test(name)) {
        problems.push(`${at}: must be an IAM role name (1 to 64 letters, digits or +=,.@_-) or role ARN; got ${show(v.value)}`);
      } else key = `name:${name}`;
    } else if (v.kind === "resource") {
      if (v.pulumiType !== IAM_ROLE_TYPE) problems.push(`${at}: a ${v.pulumiType} resource is not an IAM role: pass an aws.iam.Role or a role name`);
      else key = `resource:${v.name}`;
    } else if (v.kind === "later") {
      problems.push(`${at}: an Output cannot name a role here (its policy attachment needs a name known now): pass the aws.iam.Role itself or the role name as a string`);
    } else {
      problems.push(`${at}: must be an aws.iam.Role or a role name; got ${v.description}`);
    }
    if (key !== undefined) {
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${at}: repeats ${path}[${first}]: list each role once`);
      else seen.set(key, i);
    }
  });
  return problems;
}
