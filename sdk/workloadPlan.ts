// Pure planning for WorkloadMonitor: what each entry of `local` / `remote` is (a VPC, subnet or EKS cluster
// object, an ARN, an Availability Zone, a Region, an AWS service, or a value only known later), the checks
// that can run while the program is being built, and how the resources are split across monitors.
// No I/O and no resource registration: the component does that.
import { isRegionName, REGION_EXAMPLES } from "../provider/monitor/regions";
import { checkMonitorResources } from "../provider/monitor/resourceRules";
import { AwsService, LocalResourceType, RemoteResourceType, UNKNOWN, type MonitorResource } from "../provider/monitor/types";

/** Local and remote resources per monitor: the service's quotas. */
export const MAX_LOCAL_PER_MONITOR = 25;
export const MAX_REMOTE_PER_MONITOR = 25;
/** Monitor names: the model's pattern and length. */
const MONITOR_NAME_PATTERN = /^[a-zA-Z0-9_.-]+$/;
const MAX_MONITOR_NAME = 255;
/** Room kept after a `monitorNamePrefix` for the split suffix (`-999-r999`). */
const SUFFIX_ROOM = 10;

export type WorkloadSide = "local" | "remote";

/** The `@pulumi/aws` resource types accepted as objects, by their Pulumi type token. */
export const AWS_RESOURCE_TYPES: Readonly<Record<string, LocalResourceType>> = {
  "aws:ec2/vpc:Vpc": LocalResourceType.Vpc,
  "aws:ec2/defaultVpc:DefaultVpc": LocalResourceType.Vpc,
  "aws:ec2/subnet:Subnet": LocalResourceType.Subnet,
  "aws:ec2/defaultSubnet:DefaultSubnet": LocalResourceType.Subnet,
  "aws:eks/cluster:Cluster": LocalResourceType.EksCluster,
};

/**
 * One resolved entry of a side. `identifier` is a string when known now; otherwise the caller's own value
 * (an Output of an ARN) that it resolves later. `type` is undefined when it depends on a value not known yet.
 */
export interface WorkloadEntry<Later = unknown> {
  side: WorkloadSide;
  /** Position in the user's list, for messages. */
  index: number;
  type: string | undefined;
  identifier: string | Later;
  /** True when `identifier` is a string known now (not an Output). */
  known: boolean;
  /** Orders entries independently of their position, so reordering the list keeps the split. */
  sortKey: string;
}

export interface ClassifyResult<Later> {
  entry?: WorkloadEntry<Later>;
  problem?: string;
}

/** What the component tells the planner about a value, so this module needs no Pulumi runtime. */
export type ValueKind<Later> =
  | { kind: "string"; value: string }
  /** A Pulumi resource: its type token, its name (for ordering) and its `arn` output when it has one. */
  | { kind: "resource"; pulumiType: string; name: string | undefined; arn: Later | undefined }
  /** An Output or Promise whose value is not known yet. */
  | { kind: "later"; value: Later }
  /** `{ type, identifier }` written out by hand. */
  | { kind: "typed"; type: unknown; identifier: string | Later | undefined; identifierKnown: boolean }
  | { kind: "other"; description: string };

const LOCAL_FORMS = `a VPC, subnet or EKS cluster (aws.ec2.Vpc, aws.ec2.Subnet, aws.eks.Cluster) or its ARN, an Availability Zone name like us-east-1a, or ${REGION_EXAMPLES}`;
const REMOTE_FORMS = `a VPC or subnet (aws.ec2.Vpc, aws.ec2.Subnet) or its ARN, an Availability Zone name like us-east-1a, ${REGION_EXAMPLES}, or the AWS service "S3" or "DynamoDB"`;

export function formsFor(side: WorkloadSide): string {
  return side === "local" ? LOCAL_FORMS : REMOTE_FORMS;
}

const SERVICES: readonly string[] = Object.values(AwsService);
const AZ_NAME = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}[a-z]$/;

/**
 * The resource type a string names, judged by its shape only (formats and Regions are checked by
 * checkMonitorResources). Undefined when it names nothing a monitor accepts.
 */
export function typeOfIdentifier(s: string): string | undefined {
  if (/^arn:[^:]+:ec2:[^:]*:[^:]*:vpc\//.test(s)) return LocalResourceType.Vpc;
  if (/^arn:[^:]+:ec2:[^:]*:[^:]*:subnet\//.test(s)) return LocalResourceType.Subnet;
  if (/^arn:[^:]+:eks:[^:]*:[^:]*:cluster\//.test(s)) return LocalResourceType.EksCluster;
  if (SERVICES.includes(s)) return RemoteResourceType.AwsService;
  if (AZ_NAME.test(s)) return LocalResourceType.AvailabilityZone;
  if (isRegionName(s)) return LocalResourceType.Region;
  return undefined;
}

/** Why a type may not sit on a side, or undefined when it may. */
function sideProblem(side: WorkloadSide, type: string, what: string): string | undefined {
  if (side === "local" && type === RemoteResourceType.AwsService) {
    return `${what} is an AWS service, which can only be a remote resource: move it to \`remote\``;
  }
  if (side === "remote" && type === LocalResourceType.EksCluster) {
    return `${what} is an EKS cluster, which can only be a local resource: move it to \`local\`, or list the cluster's VPC or subnets in \`remote\``;
  }
  return undefined;
}

/** The message for a string that names nothing, with a hint for near misses such as "s3". */
export function unknownStringProblem(side: WorkloadSide, value: string): string {
  const service = SERVICES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (service) {
    return side === "remote"
      ? `${JSON.stringify(value)} is not a service name: write ${JSON.stringify(service)} (AWS services are "S3" and "DynamoDB", exactly so)`
      : `${JSON.stringify(value)} looks like the AWS service ${JSON.stringify(service)}, which can only be a remote resource: move it to \`remote\` as ${JSON.stringify(service)}`;
  }
  if (value.startsWith("arn:")) {
    return `${JSON.stringify(value)} is an ARN of something a monitor cannot watch: use ${formsFor(side)}`;
  }
  return `${JSON.stringify(value)} is not a resource a monitor accepts: use ${formsFor(side)}`;
}

/** Classifies one entry of `local` or `remote`. */
export function classifyEntry<Later>(side: WorkloadSide, index: number, value: ValueKind<Later>): ClassifyResult<Later> {
  const path = `${side}[${index}]`;
  switch (value.kind) {
    case "string": {
      const type = typeOfIdentifier(value.value);
      if (!type) return { problem: `${path}: ${unknownStringProblem(side, value.value)}` };
      const bad = sideProblem(side, type, JSON.stringify(value.value));
      if (bad) return { problem: `${path}: ${bad}` };
      return { entry: { side, index, type, identifier: value.value, known: true, sortKey: `1:${type}:${value.value}` } };
    }
    case "resource": {
      const type = AWS_RESOURCE_TYPES[value.pulumiType];
      const named = value.name ? ` ("${value.name}")` : "";
      if (!type) {
        return {
          problem: `${path}: a ${value.pulumiType} resource${named} cannot be monitored: pass ${formsFor(side)}`,
        };
      }
      const bad = sideProblem(side, type, `the ${value.pulumiType} resource${named}`);
      if (bad) return { problem: `${path}: ${bad}` };
      if (value.arn === undefined) {
        return { problem: `${path}: the ${value.pulumiType} resource${named} has no \`arn\` output: pass its ARN as a string instead` };
      }
      // The resource's name is stable across runs; without one, fall back to the position.
      const key = value.name !== undefined ? `2:${value.pulumiType}:${value.name}` : `3:${String(index).padStart(6, "0")}`;
      return { entry: { side, index, type, identifier: value.arn, known: false, sortKey: key } };
    }
    case "later":
      return { entry: { side, index, type: undefined, identifier: value.value, known: false, sortKey: `4:${String(index).padStart(6, "0")}` } };
    case "typed": {
      const allowed: readonly string[] = side === "local" ? Object.values(LocalResourceType) : Object.values(RemoteResourceType);
      if (typeof value.type !== "string" || !allowed.includes(value.type)) {
        return {
          problem: `${path}.type: must be one of ${allowed.join(", ")} for a ${side} resource; got ${JSON.stringify(value.type) ?? "undefined"}`,
        };
      }
      if (value.identifier === undefined || (value.identifierKnown && typeof value.identifier !== "string")) {
        return { problem: `${path}.identifier: must be a string (an ARN or a name, as the type requires)` };
      }
      const key = value.identifierKnown
        ? `1:${value.type}:${value.identifier as string}`
        : `4:${String(index).padStart(6, "0")}`;
      return { entry: { side, index, type: value.type, identifier: value.identifier, known: value.identifierKnown, sortKey: key } };
    }
    case "other":
      return { problem: `${path}: ${value.description} is not a resource a monitor accepts: use ${formsFor(side)}` };
  }
}

/** A type for an identifier that became known only when the program ran; throws a message naming the entry. */
export function resolveLaterType(componentName: string, side: WorkloadSide, index: number, value: unknown): string {
  const where = `WorkloadMonitor "${componentName}": ${side}[${index}]`;
  if (typeof value !== "string") {
    throw new Error(`${where} resolved to ${JSON.stringify(value)}, not a string: use ${formsFor(side)}`);
  }
  const type = typeOfIdentifier(value);
  if (!type) throw new Error(`${where} resolved to ${unknownStringProblem(side, value)}`);
  const bad = sideProblem(side, type, `the value ${JSON.stringify(value)}`);
  if (bad) throw new Error(`${where}: ${bad}`);
  return type;
}

export interface WorkloadCheckInput<Later> {
  local: ValueKind<Later>[] | undefined;
  remote: ValueKind<Later>[] | undefined;
  /** The Region when known now (the component's `region`, else the stack's `aws:region`). */
  region: string | undefined;
  /** True when `region` was given but is an Output (so Region rules wait for the provider's check). */
  regionLater?: boolean;
  hasScopeArn: boolean;
  scope: "create" | "resource" | "absent" | { invalid: string };
  monitorNamePrefix: unknown;
}

export interface WorkloadCheck<Later> {
  local: WorkloadEntry<Later>[];
  remote: WorkloadEntry<Later>[];
  problems: string[];
}

/**
 * Every check that can run while the program is being built. Values not known yet are left to the
 * Monitor provider's check, which sees them resolved.
 */
export function checkWorkload<Later>(input: WorkloadCheckInput<Later>): WorkloadCheck<Later> {
  const problems: string[] = [];
  const sides: Record<WorkloadSide, WorkloadEntry<Later>[]> = { local: [], remote: [] };

  if (input.local === undefined) {
    problems.push("local: is required: list the resources where the workload runs, e.g. `local: [vpc]` or `local: [subnetA, subnetB]`");
  } else if (input.local.length === 0) {
    problems.push("local: must list at least one resource where the workload runs, e.g. `local: [vpc]`; it is empty");
  }
  for (const side of ["local", "remote"] as const) {
    const values = input[side] ?? [];
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const { entry, problem } = classifyEntry(side, i, v);
      if (problem) problems.push(problem);
      if (!entry) return;
      // Entries known now must be listed once (the service rejects duplicates within a monitor, and a
      // split could put the two copies in different monitors).
      if (!entry.sortKey.startsWith("4:") && !entry.sortKey.startsWith("3:")) {
        const first = seen.get(entry.sortKey);
        if (first !== undefined) {
          problems.push(`${side}[${i}]: repeats ${side}[${first}]: list each resource once`);
          return;
        }
        seen.set(entry.sortKey, i);
      }
      sides[side].push(entry);
    });
  }

  if (input.region !== undefined && !input.regionLater && !isRegionName(input.region)) {
    problems.push(`region: must be ${REGION_EXAMPLES}; got ${JSON.stringify(input.region)}`);
  }
  // Formats and Region rules of the identifiers known now, by the same rules the provider applies.
  const region = input.regionLater || !isRegionName(input.region) ? "" : input.region;
  const asRules = (entries: WorkloadEntry<Later>[], count: number): MonitorResource[] => {
    const list: MonitorResource[] = Array.from({ length: count }, () => ({ type: UNKNOWN, identifier: UNKNOWN }));
    for (const e of entries) {
      if (e.type !== undefined && e.known) list[e.index] = { type: e.type, identifier: e.identifier as string };
    }
    return list;
  };
  for (const v of checkMonitorResources({
    localResources: asRules(sides.local, input.local?.length ?? 0),
    remoteResources: asRules(sides.remote, input.remote?.length ?? 0),
    region,
    localPath: "local",
    remotePath: "remote",
  })) {
    problems.push(`${v.path}: ${v.message}`);
  }

  if (input.hasScopeArn && input.scope !== "absent") {
    problems.push("scopeArn, scope: give one of them: `scopeArn` uses an existing scope, `scope` creates one (\"create\") or uses a Scope resource");
  }
  if (typeof input.scope === "object") problems.push(`scope: ${input.scope.invalid}`);

  const prefix = input.monitorNamePrefix;
  if (prefix !== undefined) {
    const max = MAX_MONITOR_NAME - SUFFIX_ROOM;
    if (typeof prefix !== "string" || !MONITOR_NAME_PATTERN.test(prefix) || prefix.length > max) {
      problems.push(
        `monitorNamePrefix: must be 1 to ${max} characters, each a letter, digit, "_", "." or "-" (the monitors are named <prefix>-1, <prefix>-2, ...); got ${JSON.stringify(prefix) ?? "undefined"}`,
      );
    }
  }
  return { local: sides.local, remote: sides.remote, problems };
}

/** One monitor of a split workload. */
export interface PlannedMonitor<Later> {
  /** The Pulumi resource name: `<component>-<i>` or, for the second and later remote groups, `<component>-<i>-r<j>`. */
  resourceName: string;
  /** `<monitorNamePrefix>-<same suffix>` when a prefix is given; otherwise the monitor is auto-named. */
  monitorName: string | undefined;
  local: WorkloadEntry<Later>[];
  remote: WorkloadEntry<Later>[];
}

function byKey<Later>(a: WorkloadEntry<Later>, b: WorkloadEntry<Later>): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.index - b.index;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Splits a workload into monitors. Each side is ordered by a key that does not depend on list position
 * (resource names, identifiers), then cut into groups of at most 25 in that order: local group i and remote
 * group j become one monitor, for every i and j, so every local-remote pair is watched by exactly one monitor.
 * With L local and R remote resources that is ceil(L/25) × max(1, ceil(R/25)) monitors. Groups fill up in
 * order, so growing past 25 adds a monitor rather than reshuffling every one, and names of existing groups
 * never change: the first remote group has no `-r` suffix.
 */
export function planMonitors<Later>(
  componentName: string,
  local: WorkloadEntry<Later>[],
  remote: WorkloadEntry<Later>[],
  opts: { monitorNamePrefix?: string; maxLocal?: number; maxRemote?: number } = {},
): PlannedMonitor<Later>[] {
  const localGroups = chunks([...local].sort(byKey), opts.maxLocal ?? MAX_LOCAL_PER_MONITOR);
  const remoteGroups = remote.length > 0 ? chunks([...remote].sort(byKey), opts.maxRemote ?? MAX_REMOTE_PER_MONITOR) : [[]];
  const planned: PlannedMonitor<Later>[] = [];
  localGroups.forEach((l, i) => {
    remoteGroups.forEach((r, j) => {
      const suffix = j === 0 ? `${i + 1}` : `${i + 1}-r${j + 1}`;
      planned.push({
        resourceName: `${componentName}-${suffix}`,
        monitorName: opts.monitorNamePrefix !== undefined ? `${opts.monitorNamePrefix}-${suffix}` : undefined,
        local: l,
        remote: r,
      });
    });
  });
  return planned;
}
