// Region names and partitions, as the monitor's identifiers and ARNs use them.

/**
 * What a Region name looks like: two letters, an optional `-gov` or `-iso*` marker, a direction word and a
 * number: `us-west-2`, `cn-north-1`, `us-gov-west-1`, `us-isob-east-1`, `ap-southeast-5`, `il-central-1`.
 * A pattern rather than a list, so Regions that open after this release are accepted.
 */
export const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function isRegionName(s: unknown): s is string {
  return typeof s === "string" && REGION_PATTERN.test(s);
}

/** The ARN partition of a Region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, the ISO partitions, else `aws`. */
export function partitionForRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : "aws-iso";
  return "aws";
}

/** Text for messages: what a Region name may look like. */
export const REGION_EXAMPLES = "a Region name like us-east-1, eu-central-2, cn-north-1 or us-gov-west-1";
