import * as pulumi from "@pulumi/pulumi";
import type { ScopeStatus } from "../provider/client/generated/enums";
import { secretInputNames, secretTagKeys, tagsAllCarrier } from "./secretInputs";
import { awsProviderOptions } from "./awsProvider";

/** One account and Region a {@link Scope} covers. */
export interface ScopeTargetArgs {
  /** A 12-digit AWS account id. */
  accountId: pulumi.Input<string>;
  /** A Region name such as `us-east-1`. */
  region: pulumi.Input<string>;
}

/** How long each step may wait for the service, as durations like `"30m"` (default 30m each). */
export interface ScopeTimeoutsArgs {
  /** How long a create waits for the scope to be `SUCCEEDED`. */
  create?: string;
  /** How long an update waits for the scope to be `SUCCEEDED` again. */
  update?: string;
  /** How long a delete waits for the scope to be gone. */
  delete?: string;
}

/** Inputs of a {@link Scope}. */
export interface ScopeArgs {
  /** 1 to 100 targets. Default: this account (STS GetCallerIdentity) in the scope's Region. Updated in place. */
  targets?: pulumi.Input<pulumi.Input<ScopeTargetArgs>[]>;
  /**
   * Tags (up to 200 with the provider's ownership tag and, when a tag is secret, its marker of secret tags; keys may
   * not start with `aws:`). Merged over the provider's default tags (`aws:defaultTags` for the dynamic provider) into
   * `tagsAll`. Updated in place.
   */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The Region; defaults to the provider's Region (the stack's `aws:region` for the dynamic provider), then
   * `AWS_REGION` / the AWS profile. Changing it replaces the scope.
   */
  region?: pulumi.Input<string>;
  /** How long create, update and delete wait for the service. */
  timeouts?: pulumi.Input<ScopeTimeoutsArgs>;
}

// The serialized provider: one-line forwarders that load the implementation from the package installed in the
// user's project. Nothing is captured, so `__provider` stays small and holds no client, credential or env value.
const scopeProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").configure(req),
  check: (olds, news) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").check(olds, news),
  diff: (id, olds, news) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").diff(id, olds, news),
  create: (inputs) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").create(inputs),
  read: (id, props) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").read(id, props),
  update: (id, olds, news) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").update(id, olds, news),
  delete: (id, props) => require("pulumi-networkflowmonitor/dist/provider/scope/provider.js").delete(id, props),
};

/**
 * The account's AWS Network Flow Monitor scope in one Region: which accounts and Regions its monitors may watch.
 * An account has at most one scope per Region; a stack that only needs the existing one uses {@link getScope}.
 *
 * `region` replaces the scope; targets and tags update in place.
 */
export class Scope extends pulumi.dynamic.Resource {
  declare readonly targets: pulumi.Output<{ accountId: string; region: string }[]>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** `tags` merged over the provider's default tags (the stack's `aws:defaultTags` for the dynamic provider): what the scope carries. */
  declare readonly tagsAll: pulumi.Output<Record<string, string>>;
  declare readonly region: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<ScopeTimeoutsArgs | undefined>;
  /** `arn:aws:networkflowmonitor:<region>:<account>:scope/<id>`: what a Monitor's `scopeArn` takes. */
  declare readonly scopeArn: pulumi.Output<string>;
  /** The scope's id: the last part of `scopeArn`, and what `pulumi import` takes. */
  declare readonly scopeId: pulumi.Output<string>;
  /** `SUCCEEDED` once created; `IN_PROGRESS`, `FAILED`, `DEACTIVATING` or `DEACTIVATED` otherwise. */
  declare readonly status: pulumi.Output<ScopeStatus>;

  constructor(name: string, args?: ScopeArgs, opts?: pulumi.CustomResourceOptions) {
    // An aws.Provider (own or inherited) supplies settings as an input; it is never this resource's provider.
    const { opts: ownOpts, awsProvider } = awsProviderOptions("Scope", name, opts);
    const props = { ...(awsProvider ? { __awsProvider: awsProvider } : {}), ...scopeProps(name, args) };
    super(scopeProvider, name, props, ownOpts, "networkflowmonitor", "Scope");
  }
}

/** The properties a Scope registers: its args, what check needs beside them, and every output listed. */
export function scopeProps(name: string, args: ScopeArgs | undefined): Record<string, unknown> {
  return {
    targets: args?.targets,
    tags: args?.tags,
    region: args?.region,
    timeouts: args?.timeouts,
    // Who declares the scope: the value of its ownership tag, which lets an interrupted create finish.
    __naming: { resourceName: name, project: pulumi.getProject(), stack: pulumi.getStack() },
    // Which args hold secrets, and the carrier of tags' secrets into tagsAll (see secretInputs.ts).
    __secretInputs: secretInputNames(args),
    tagsAll: tagsAllCarrier(args?.tags),
    // Which tags are secret: the provider writes a marker of them beside the tags (see secretInputs.ts).
    __secretTags: secretTagKeys(args?.tags),
    scopeArn: undefined,
    scopeId: undefined,
    status: undefined,
  };
}
