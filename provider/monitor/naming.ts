// Auto-naming: check never sees the resource's name or a random seed, so the name is derived from what it
// does see (the SDK's `__naming` input) and from the fields that force a replacement. Deterministic, so the
// preview and update passes of one `pulumi up` agree; replacement-sensitive, so an auto-named monitor can
// be created before the one it replaces is deleted.
import { createHash } from "node:crypto";
import { serviceModel } from "../client/generated/serviceModel";
import type { MonitorNaming } from "./types";

const NAME_SHAPE = serviceModel.shapes.ResourceName;
const MAX_NAME = NAME_SHAPE.max ?? 255;
const SUFFIX_LENGTH = 7;
// Characters outside the model's pattern [a-zA-Z0-9_.-] become "-".
const DISALLOWED = /[^a-zA-Z0-9_.-]/g;

export function autoMonitorName(naming: MonitorNaming, replaceKey: { scopeArn: string; region: string }): string {
  // JSON of an array keeps field boundaries unambiguous ("a","bc" vs "ab","c").
  const hash = createHash("sha256")
    .update(JSON.stringify([naming.project, naming.stack, naming.resourceName, replaceKey.scopeArn, replaceKey.region]))
    .digest("hex")
    .slice(0, SUFFIX_LENGTH);
  const prefix = naming.resourceName.replace(DISALLOWED, "-").slice(0, MAX_NAME - SUFFIX_LENGTH - 1) || "monitor";
  return `${prefix}-${hash}`;
}
