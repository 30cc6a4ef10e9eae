// Generators of valid Monitor inputs for the property tests, built from the documented rules.
import fc from "fast-check";
import { partitionForRegion } from "../../provider/monitor/regions";
import { MonitorResource, UNKNOWN } from "../../provider/monitor/types";

export const REGIONS = ["us-east-1", "us-west-2", "eu-central-2", "cn-north-1", "us-gov-west-1", "ap-southeast-5", "il-central-1", "mx-central-1"];

export const regionArb = fc.constantFrom(...REGIONS);
const accountArb = fc.stringMatching(/^[0-9]{12}$/);
const hexIdArb = fc.oneof(fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[0-9a-f]{17}$/));
const clusterNameArb = fc.stringMatching(/^[0-9A-Za-z][0-9A-Za-z_-]{0,20}$/);

export const arn = (region: string, service: string, account: string, resource: string) =>
  `arn:${partitionForRegion(region)}:${service}:${region}:${account}:${resource}`;

export const vpcArn = (region: string, id = "0123456789abcdef0", account = "123456789012") => arn(region, "ec2", account, `vpc/vpc-${id}`);
export const subnetArn = (region: string, id = "0123456789abcdef0", account = "123456789012") =>
  arn(region, "ec2", account, `subnet/subnet-${id}`);
export const clusterArn = (region: string, name = "web", account = "123456789012") => arn(region, "eks", account, `cluster/${name}`);
export const scopeArn = (region: string, id = "3e2a5b8c-1d4f-4a6b-9c7d-0e1f2a3b4c5d", account = "123456789012") =>
  arn(region, "networkflowmonitor", account, `scope/${id}`);

export const res = (type: string, identifier: string): MonitorResource => ({ type, identifier });

/** Resources that live in `region`, valid on either side. */
function inRegionResourceArb(region: string): fc.Arbitrary<MonitorResource> {
  return fc.oneof(
    fc.tuple(hexIdArb, accountArb).map(([id, acct]) => res("AWS::EC2::VPC", vpcArn(region, id, acct))),
    fc.tuple(hexIdArb, accountArb).map(([id, acct]) => res("AWS::EC2::Subnet", subnetArn(region, id, acct))),
    fc.constantFrom(..."abcdef").map((l) => res("AWS::AvailabilityZone", `${region}${l}`)),
    fc.constant(res("AWS::Region", region)),
  );
}

export function localResourceArb(region: string): fc.Arbitrary<MonitorResource> {
  return fc.oneof(
    inRegionResourceArb(region),
    fc.tuple(clusterNameArb, accountArb).map(([n, acct]) => res("AWS::EKS::Cluster", clusterArn(region, n, acct))),
  );
}

/** Either resources in the monitor's Region (AWS services included), or one other Region only. */
export function remoteResourcesArb(region: string): fc.Arbitrary<MonitorResource[]> {
  const here = fc.array(
    fc.oneof(inRegionResourceArb(region), fc.constantFrom("S3", "DynamoDB").map((s) => res("AWS::AWSService", s))),
    { maxLength: 6 },
  );
  const elsewhere = fc.constantFrom(...REGIONS.filter((r) => r !== region)).map((r) => [res("AWS::Region", r)]);
  return fc.oneof(here, elsewhere);
}

const tagKeyArb = fc
  .string({ minLength: 1, maxLength: 24 })
  .filter((k) => !k.toLowerCase().startsWith("aws:") && k !== "__proto__");
export const tagsArb = fc.dictionary(tagKeyArb, fc.string({ maxLength: 30 }), { maxKeys: 8 }).map((d) => ({ ...d }));
export const durationArb = fc.constantFrom("30m", "1h30m", "45s", "500ms", "2h", "1.5h");
export const timeoutsArb = fc.record(
  { create: durationArb, update: durationArb, delete: durationArb },
  { requiredKeys: [] },
);
export const namingArb = fc.record({
  resourceName: fc.string({ minLength: 1, maxLength: 40 }),
  project: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
  stack: fc.constantFrom("dev", "prod", "staging"),
});

export interface ValidCase {
  news: Record<string, unknown>;
  ctx: { defaultRegion?: string; defaultTags?: Record<string, string> };
  region: string;
}

/** A valid `news` for checkMonitor (optional fields sometimes left out) and the context it is checked in. */
export const validCaseArb: fc.Arbitrary<ValidCase> = regionArb.chain((region) =>
  fc
    .record(
      {
        monitorName: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,60}$/),
        localResources: fc.array(localResourceArb(region), { minLength: 1, maxLength: 6 }),
        remoteResources: remoteResourcesArb(region),
        scopeArn: accountArb.map((a) => scopeArn(region, "3e2a5b8c-1d4f-4a6b-9c7d-0e1f2a3b4c5d", a)),
        tags: tagsArb,
        region: fc.constant(region),
        timeouts: timeoutsArb,
        __naming: namingArb,
      },
      { requiredKeys: ["localResources", "scopeArn", "__naming"] },
    )
    .chain((news) =>
      fc.record({
        news: fc.constant(news as Record<string, unknown>),
        ctx: fc.record(
          { defaultRegion: fc.constant(region), defaultTags: fc.dictionary(tagKeyArb, fc.string({ maxLength: 10 }), { maxKeys: 3 }) },
          { requiredKeys: news.region === undefined ? ["defaultRegion"] : [] },
        ),
        region: fc.constant(region),
      }),
    ),
);

/** Every path to a value inside `v` (objects and arrays walked), as key lists. */
export function allPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(v)) v.forEach((x, i) => out.push([...prefix, i], ...allPaths(x, [...prefix, i])));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push([...prefix, k], ...allPaths(x, [...prefix, k]));
  }
  return out;
}

/** A deep copy of `v` with the value at `path` replaced. */
export function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

export { UNKNOWN };
