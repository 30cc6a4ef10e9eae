// Types and constants shared by the Monitor resource's pure logic (check, diff, plan) and its provider.

/** Pulumi's placeholder for a value not known yet (during preview), at any depth, in place of any type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when the value is the unknown sentinel or contains it at any depth. */
export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

// The enums mirror MonitorLocalResourceType / MonitorRemoteResourceType in the model; a test holds them equal.
export const LocalResourceType = {
  Vpc: "AWS::EC2::VPC",
  Subnet: "AWS::EC2::Subnet",
  AvailabilityZone: "AWS::AvailabilityZone",
  Region: "AWS::Region",
  EksCluster: "AWS::EKS::Cluster",
} as const;
export type LocalResourceType = (typeof LocalResourceType)[keyof typeof LocalResourceType];

export const RemoteResourceType = {
  Vpc: "AWS::EC2::VPC",
  Subnet: "AWS::EC2::Subnet",
  AvailabilityZone: "AWS::AvailabilityZone",
  Region: "AWS::Region",
  AwsService: "AWS::AWSService",
} as const;
export type RemoteResourceType = (typeof RemoteResourceType)[keyof typeof RemoteResourceType];

/** The services an `AWS::AWSService` remote resource may name. */
export const AwsService = { S3: "S3", DynamoDB: "DynamoDB" } as const;
export type AwsService = (typeof AwsService)[keyof typeof AwsService];

export interface MonitorResource {
  type: string;
  identifier: string;
}

/** Go-style durations ("30m", "1h30m"), parsed by parseDuration. */
export interface MonitorTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

/** What the SDK passes so that check can derive a name: check never sees the resource's name otherwise. */
export interface MonitorNaming {
  resourceName: string;
  project: string;
  stack: string;
}

/** Checked inputs, as checkMonitor returns them. */
export interface MonitorInputs {
  monitorName: string;
  localResources: MonitorResource[];
  remoteResources: MonitorResource[];
  scopeArn: string;
  tags: Record<string, string>;
  /** The provider's default tags merged under `tags`: what the monitor actually carries. */
  tagsAll: Record<string, string>;
  region: string;
  timeouts?: MonitorTimeouts;
  /** On a name conflict at create, take over the existing monitor and bring it to these inputs. */
  adoptExisting?: boolean;
  __naming?: MonitorNaming;
  /** Keys of the tags that are secret (from the front end, or read from the marker tag): see common/secretTags.ts. */
  __secretTags?: string[];
}

export interface MonitorOutputs extends MonitorInputs {
  monitorArn: string;
  monitorStatus: string;
  /** ISO 8601 */
  createdAt: string;
  /** ISO 8601 */
  modifiedAt: string;
}

export interface CheckFailure {
  property: string;
  reason: string;
}
