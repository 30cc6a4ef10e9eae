// What a user's value is (a string, an Output, a Pulumi resource, ...), told without resolving anything: the
// components hand these descriptions to their pure planners and checks.
import * as pulumi from "@pulumi/pulumi";
import type { ValueKind } from "../workloadPlan";
import type { AgentValue } from "./agentsPlan";

type Later = pulumi.Output<string>;

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `an object with keys ${Object.keys(v as object).join(", ") || "(none)"}`;
  return `the ${typeof v} ${String(v)}`;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";
}

/** Tells the pure planner what a user's value is, without resolving anything. */
export function valueKind(v: unknown): ValueKind<Later> {
  if (typeof v === "string") return { kind: "string", value: v };
  if (pulumi.Output.isInstance(v) || isThenable(v)) return { kind: "later", value: pulumi.output(v as pulumi.Input<string>) };
  if (pulumi.Resource.isInstance(v)) {
    // Internal but long-standing fields, also what @pulumi/aws's own isInstance checks read.
    const r = v as unknown as { __pulumiType?: string; __name?: string; arn?: unknown };
    return {
      kind: "resource",
      pulumiType: r.__pulumiType ?? "unknown",
      name: r.__name,
      arn: pulumi.Output.isInstance(r.arn) ? (r.arn as Later) : undefined,
    };
  }
  if (v !== null && typeof v === "object" && !Array.isArray(v) && "type" in v && "identifier" in v) {
    const { type, identifier } = v as { type: unknown; identifier: unknown };
    const later = pulumi.Output.isInstance(identifier) || isThenable(identifier);
    return {
      kind: "typed",
      type,
      identifier: later ? pulumi.output(identifier as pulumi.Input<string>) : (identifier as string),
      identifierKnown: !later,
    };
  }
  return { kind: "other", description: describe(v) };
}


/** The same description, in the shape the agents' checks take. */
export function agentValue(v: unknown): AgentValue {
  const k = valueKind(v);
  switch (k.kind) {
    case "string":
      return k;
    case "later":
      return { kind: "later" };
    case "resource":
      return { kind: "resource", pulumiType: k.pulumiType, name: k.name };
    default:
      return { kind: "other", description: describe(v) };
  }
}
