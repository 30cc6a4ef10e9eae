// The rules for a monitor's local and remote resources: allowed types per side, identifier formats, and
// the Region rules documented on CreateMonitorInput. Shared by check (before any API call) and the
// emulator (which answers a ValidationException with the same findings). Counts are the caller's concern.
import { serviceModel } from "../client/generated/serviceModel";
import { isRegionName, partitionForRegion } from "./regions";
import { AwsService, isUnknown, LocalResourceType, MonitorResource, RemoteResourceType } from "./types";

export interface RuleViolation {
  path: string;
  message: string;
}

const LOCAL_TYPES: readonly string[] = serviceModel.shapes.MonitorLocalResourceType.enum ?? Object.values(LocalResourceType);
const REMOTE_TYPES: readonly string[] = serviceModel.shapes.MonitorRemoteResourceType.enum ?? Object.values(RemoteResourceType);
const SERVICES: readonly string[] = Object.values(AwsService);

// Capture groups: partition, region, account, resource id.
const REGION_SRC = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}";
const VPC_ARN = new RegExp(`^arn:(aws[a-z-]*):ec2:(${REGION_SRC}):(\\d{12}):vpc/(vpc-(?:[0-9a-f]{8}|[0-9a-f]{17}))$`);
const SUBNET_ARN = new RegExp(`^arn:(aws[a-z-]*):ec2:(${REGION_SRC}):(\\d{12}):subnet/(subnet-(?:[0-9a-f]{8}|[0-9a-f]{17}))$`);
// EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, hyphens, underscores.
const EKS_ARN = new RegExp(`^arn:(aws[a-z-]*):eks:(${REGION_SRC}):(\\d{12}):cluster/([0-9A-Za-z][0-9A-Za-z_-]{0,99})$`);
const AZ_NAME = new RegExp(`^(${REGION_SRC})([a-z])$`);

type Parsed = { ok: true; region: string | undefined } | { ok: false };

/** Checks an identifier's format for its type; the Region it lives in (undefined for an AWS service). */
function parseIdentifier(type: string, id: string): Parsed {
  const arn = (re: RegExp): Parsed => {
    const m = re.exec(id);
    // The partition must be the one the ARN's Region belongs to.
    return m && m[1] === partitionForRegion(m[2]) ? { ok: true, region: m[2] } : { ok: false };
  };
  switch (type) {
    case LocalResourceType.Vpc:
      return arn(VPC_ARN);
    case LocalResourceType.Subnet:
      return arn(SUBNET_ARN);
    case LocalResourceType.EksCluster:
      return arn(EKS_ARN);
    case LocalResourceType.AvailabilityZone: {
      const m = AZ_NAME.exec(id);
      return m ? { ok: true, region: m[1] } : { ok: false };
    }
    case LocalResourceType.Region:
      return isRegionName(id) ? { ok: true, region: id } : { ok: false };
    case RemoteResourceType.AwsService:
      return SERVICES.includes(id) ? { ok: true, region: undefined } : { ok: false };
    default:
      return { ok: false };
  }
}

const EXAMPLE_ACCOUNT = "123456789012";

/** "a subnet ARN in us-east-1, like arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0123456789abcdef0" */
function expected(type: string, region: string | undefined): string {
  const r = region ?? "us-east-1";
  const where = region ? ` in ${region}` : "";
  const p = partitionForRegion(r);
  switch (type) {
    case LocalResourceType.Vpc:
      return `a VPC ARN${where}, like arn:${p}:ec2:${r}:${EXAMPLE_ACCOUNT}:vpc/vpc-0123456789abcdef0`;
    case LocalResourceType.Subnet:
      return `a subnet ARN${where}, like arn:${p}:ec2:${r}:${EXAMPLE_ACCOUNT}:subnet/subnet-0123456789abcdef0`;
    case LocalResourceType.EksCluster:
      return `an EKS cluster ARN${where}, like arn:${p}:eks:${r}:${EXAMPLE_ACCOUNT}:cluster/my-cluster`;
    case LocalResourceType.AvailabilityZone:
      return `an Availability Zone name${where}, like ${r}a`;
    case LocalResourceType.Region:
      return region ? `the Region name ${region}` : `a Region name, like us-east-1`;
    case RemoteResourceType.AwsService:
      return `one of ${SERVICES.join(", ")}`;
    default:
      return "a valid identifier";
  }
}

function typeMessage(side: "local" | "remote", type: string): string {
  const allowed = side === "local" ? LOCAL_TYPES : REMOTE_TYPES;
  const note =
    side === "local" && REMOTE_TYPES.includes(type)
      ? ` (${type} can only be a remote resource)`
      : side === "remote" && LOCAL_TYPES.includes(type)
        ? ` (${type} can only be a local resource)`
        : "";
  return `must be one of ${allowed.join(", ")} for a ${side} resource${note}; got ${JSON.stringify(type)}`;
}

function got(id: string): string {
  return `; got ${JSON.stringify(id)}`;
}

/**
 * The item's type when it is a known string (an unknown identifier beside it does not stop the type being
 * checked: a misspelt type must fail in preview); items the caller has not shaped yet are left to the caller.
 */
function knownType(r: unknown): string | undefined {
  if (r === null || typeof r !== "object" || Array.isArray(r)) return undefined;
  const type = (r as Record<string, unknown>).type;
  return typeof type === "string" && !isUnknown(type) ? type : undefined;
}

function knownIdentifier(r: unknown): string | undefined {
  const identifier = (r as Record<string, unknown>).identifier;
  return typeof identifier === "string" && !isUnknown(identifier) ? identifier : undefined;
}

export function checkMonitorResources(args: {
  localResources: MonitorResource[];
  remoteResources: MonitorResource[];
  region: string;
  localPath?: string;
  remotePath?: string;
}): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const localPath = args.localPath ?? "localResources";
  const remotePath = args.remotePath ?? "remoteResources";
  // With an unknown or malformed Region only formats can be checked; the caller reports the Region itself.
  const region = isRegionName(args.region) ? args.region : undefined;

  (Array.isArray(args.localResources) ? args.localResources : []).forEach((item: unknown, i) => {
    const type = knownType(item);
    if (type === undefined) return;
    const path = `${localPath}[${i}]`;
    if (!LOCAL_TYPES.includes(type)) {
      violations.push({ path: `${path}.type`, message: typeMessage("local", type) });
      return;
    }
    const identifier = knownIdentifier(item);
    if (identifier === undefined) return;
    const r: MonitorResource = { type, identifier };
    const parsed = parseIdentifier(r.type, r.identifier);
    if (!parsed.ok) {
      violations.push({ path: `${path}.identifier`, message: `must be ${expected(r.type, region)}${got(r.identifier)}` });
    } else if (region !== undefined && parsed.region !== region) {
      violations.push({
        path: `${path}.identifier`,
        message: `must be ${expected(r.type, region)}: local resources must be in the monitor's Region (${region})${got(r.identifier)}`,
      });
    }
  });

  // Remote resources that passed their own checks, with the Region each one lives in.
  const located: { index: number; type: string; identifier: string; region: string }[] = [];
  (Array.isArray(args.remoteResources) ? args.remoteResources : []).forEach((item: unknown, i) => {
    const type = knownType(item);
    if (type === undefined) return;
    const path = `${remotePath}[${i}]`;
    if (!REMOTE_TYPES.includes(type)) {
      violations.push({ path: `${path}.type`, message: typeMessage("remote", type) });
      return;
    }
    const identifier = knownIdentifier(item);
    if (identifier === undefined) return;
    const r: MonitorResource = { type, identifier };
    const parsed = parseIdentifier(r.type, r.identifier);
    // Region identifiers may name another Region; their cross-item rules come below.
    const expectedHere = r.type === RemoteResourceType.Region ? undefined : region;
    if (!parsed.ok) {
      violations.push({ path: `${path}.identifier`, message: `must be ${expected(r.type, expectedHere)}${got(r.identifier)}` });
      return;
    }
    if (region === undefined) return;
    const itsRegion = parsed.region ?? region; // an AWS service is reached in the monitor's Region
    if (r.type !== RemoteResourceType.Region && itsRegion !== region) {
      violations.push({
        path: `${path}.identifier`,
        message:
          `must be ${expected(r.type, region)}: a remote resource in another Region (${itsRegion}) may only be of type ` +
          `${RemoteResourceType.Region}${got(r.identifier)}`,
      });
      return;
    }
    located.push({ index: i, type: r.type, identifier: r.identifier, region: itsRegion });
  });
  if (region === undefined) return violations;

  const service = located.find((l) => l.type === RemoteResourceType.AwsService);
  const inCurrent = located.find((l) => l.region === region);
  const elsewhere = located.filter((l) => l.region !== region);
  for (const o of elsewhere) {
    const path = `${remotePath}[${o.index}].identifier`;
    if (service) {
      violations.push({
        path,
        message:
          `must be ${region}: ${remotePath}[${service.index}] is an ${RemoteResourceType.AwsService}, and then every other ` +
          `remote resource must be in the monitor's Region (${region})${got(o.identifier)}`,
      });
    } else if (inCurrent) {
      violations.push({
        path,
        message:
          `must be ${region}: all remote resources must be in a single Region, and ${remotePath}[${inCurrent.index}] is in ` +
          `${region} (use a separate monitor for traffic to ${o.region})${got(o.identifier)}`,
      });
    } else if (o.region !== elsewhere[0].region) {
      violations.push({
        path,
        message:
          `must be ${elsewhere[0].region}: all remote resources must be in a single Region, and ` +
          `${remotePath}[${elsewhere[0].index}] is ${elsewhere[0].region}${got(o.identifier)}`,
      });
    }
  }
  return violations;
}
