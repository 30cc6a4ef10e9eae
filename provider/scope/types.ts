// Types shared by the Scope resource's pure logic (check, diff, plan) and its provider.
import type { MonitorTimeouts } from "../monitor/types";

/** One account and Region the scope covers: the SDK's shape, mapped to the API's TargetResource. */
export interface ScopeTarget {
  accountId: string;
  region: string;
}

export type ScopeTimeouts = MonitorTimeouts;

/** Checked inputs, as checkScope returns them. */
export interface ScopeInputs {
  targets: ScopeTarget[];
  tags: Record<string, string>;
  /** The provider's default tags merged under `tags`: what the scope actually carries. */
  tagsAll: Record<string, string>;
  region: string;
  timeouts?: ScopeTimeouts;
  /** Who declared the scope (the SDK passes it): the ownership tag's value. */
  __naming?: { resourceName: string; project: string; stack: string };
  /** Keys of the tags that are secret (from the front end, or read from the marker tag): see common/secretTags.ts. */
  __secretTags?: string[];
}

export interface ScopeOutputs extends ScopeInputs {
  scopeArn: string;
  scopeId: string;
  /** SUCCEEDED once created; IN_PROGRESS, FAILED, DEACTIVATING or DEACTIVATED otherwise. */
  status: string;
}

/** The API's TargetResource for a target: only account targets exist. */
export function toTargetResource(t: ScopeTarget): { targetIdentifier: { targetId: { accountId: string }; targetType: "ACCOUNT" }; region: string } {
  return { targetIdentifier: { targetId: { accountId: t.accountId }, targetType: "ACCOUNT" }, region: t.region };
}

/** The SDK's shape of an API TargetResource. */
export function fromTargetResource(r: { targetIdentifier?: { targetId?: { accountId?: string } }; region?: string }): ScopeTarget {
  return { accountId: r.targetIdentifier?.targetId?.accountId ?? "", region: r.region ?? "" };
}

export function targetKey(t: ScopeTarget): string {
  return `${t.accountId}\u0000${t.region}`;
}
