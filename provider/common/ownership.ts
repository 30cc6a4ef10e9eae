// The ownership tag: proof that a monitor or scope is this Pulumi resource's own, so that a create retried
// after an interrupted `up` (the process killed after CreateMonitor/CreateScope returned, before Pulumi wrote
// its state) finishes the resource it made instead of failing on the name (or the one-scope quota), and never
// takes over one it did not make. Pure.
//
// Why a tag rather than a deterministic client token: AWS documents no idempotency window for Network Flow
// Monitor's clientToken, and a token derived from the inputs fails as soon as the inputs changed between the
// two runs; a tag survives both, and says in the console which stack owns the resource.
import { createHash } from "node:crypto";

export const OWNER_TAG = "pulumi-networkflowmonitor:owner";
const MAX_VALUE = 256;

/** Who declared the resource, as the SDK passes it (`__naming`). */
export interface Owner {
  resourceName: string;
  project: string;
  stack: string;
}

/** `<project>/<stack>/<resource name>`; over 256 characters, its start and a hash of the whole. */
export function ownerTagValue(owner: Owner): string {
  const value = `${owner.project}/${owner.stack}/${owner.resourceName}`;
  if (value.length <= MAX_VALUE) return value;
  const hash = createHash("sha256").update(JSON.stringify([owner.project, owner.stack, owner.resourceName])).digest("hex").slice(0, 16);
  return `${value.slice(0, MAX_VALUE - hash.length - 1)}#${hash}`;
}

/** The tags to create the resource with: the user's (and default) tags, and the owner's when known. */
export function tagsWithOwner(tags: Record<string, string> | undefined, owner: Owner | undefined): Record<string, string> {
  return owner ? { ...(tags ?? {}), [OWNER_TAG]: ownerTagValue(owner) } : { ...(tags ?? {}) };
}

/** True only when the resource carries this owner's tag. */
export function isOwnedBy(tags: Record<string, string> | undefined, owner: Owner | undefined): boolean {
  return owner !== undefined && tags?.[OWNER_TAG] === ownerTagValue(owner);
}
