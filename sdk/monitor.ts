import * as pulumi from "@pulumi/pulumi";
import type { LocalResourceType, RemoteResourceType } from "../provider/monitor/types";
import type { MonitorStatus } from "../provider/client/generated/enums";
import { secretInputNames, secretTagKeys, tagsAllCarrier } from "./secretInputs";
import { awsProviderOptions } from "./awsProvider";

/** A local resource: where the Network Flow Monitor agent runs. */
export interface MonitorLocalResourceArgs {
  /** `AWS::EC2::VPC`, `AWS::EC2::Subnet`, `AWS::AvailabilityZone`, `AWS::Region` or `AWS::EKS::Cluster`. */
  type: pulumi.Input<LocalResourceType>;
  /** A VPC, subnet or EKS cluster ARN, an Availability Zone name (`us-east-1a`) or a Region name. */
  identifier: pulumi.Input<string>;
}

/** A remote resource: the other end of the monitored flows. */
export interface MonitorRemoteResourceArgs {
  /** `AWS::EC2::VPC`, `AWS::EC2::Subnet`, `AWS::AvailabilityZone`, `AWS::Region` or `AWS::AWSService`. */
  type: pulumi.Input<RemoteResourceType>;
  /** A VPC or subnet ARN, an Availability Zone or Region name, or `S3` / `DynamoDB` for `AWS::AWSService`. */
  identifier: pulumi.Input<string>;
}

/** How long each step may wait for the service, as durations like `"30m"` or `"1h30m"` (default 30m each). */
export interface MonitorTimeoutsArgs {
  /** How long a create waits for the monitor to be `ACTIVE`. */
  create?: string;
  /** How long an update waits for the monitor to be `ACTIVE` again. */
  update?: string;
  /** How long a delete waits for the monitor to be gone. */
  delete?: string;
}

/** Inputs of a {@link Monitor}; names match `aws.networkflowmonitor.Monitor` in `@pulumi/aws`. */
export interface MonitorArgs {
  /**
   * The monitor's name (`[a-zA-Z0-9_.-]+`, up to 255 characters; not a secret: it is the monitor's id).
   * Changing it replaces the monitor. When absent, the name is `<resource name>-<7 hex>`, kept across
   * updates and stack, project or aliased renames, and new when `scopeArn` or `region` replace the monitor.
   */
  monitorName?: pulumi.Input<string>;
  /** 1 to 25 local resources, all in the monitor's Region. Updated in place. */
  localResources: pulumi.Input<pulumi.Input<MonitorLocalResourceArgs>[]>;
  /** 0 to 25 remote resources, all in one Region. Updated in place. Empty means every flow ending in this Region. */
  remoteResources?: pulumi.Input<pulumi.Input<MonitorRemoteResourceArgs>[]>;
  /** The ARN of the account's Network Flow Monitor scope in this Region. Changing it replaces the monitor. */
  scopeArn: pulumi.Input<string>;
  /**
   * Tags (up to 200 with `aws:defaultTags`, the provider's ownership tag `pulumi-networkflowmonitor:owner` and, when a
   * tag is secret, its marker of secret tags `pulumi-networkflowmonitor:secret-tags`; keys may not start with `aws:`).
   * Merged over the provider's default tags (`aws:defaultTags` for the dynamic provider) into `tagsAll`; a secret value
   * stays secret there too, and through a refresh.
   * Updated in place.
   */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * The Region (not a secret: it is part of the ARN); defaults to the provider's Region (the stack's `aws:region` for
   * the dynamic provider), then `AWS_REGION` / the AWS profile. Changing it replaces the monitor.
   */
  region?: pulumi.Input<string>;
  /** How long create, update and delete wait for the service. */
  timeouts?: pulumi.Input<MonitorTimeoutsArgs>;
  /**
   * When a monitor of this name already exists (made by hand, or by another tool), take it over at
   * create instead of failing, and bring its resources and tags to these inputs. Pulumi's `import`
   * option cannot work for dynamic resources, so this is how they adopt an existing monitor; the plugin's
   * `Monitor` supports both.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

// The serialized provider: one-line forwarders that load the implementation from the package
// installed in the user's project. Nothing is captured, so `__provider` stays small and holds
// no client, credential or environment value.
const monitorProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").configure(req),
  check: (olds, news) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").check(olds, news),
  diff: (id, olds, news) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").diff(id, olds, news),
  create: (inputs) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").create(inputs),
  read: (id, props) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").read(id, props),
  update: (id, olds, news) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").update(id, olds, news),
  delete: (id, props) => require("pulumi-networkflowmonitor/dist/provider/monitor/provider.js").delete(id, props),
};

/**
 * An AWS Network Flow Monitor monitor.
 *
 * `monitorName`, `scopeArn` and `region` replace the monitor when they change (delete first when
 * the name stays the same); local and remote resources and tags update in place.
 */
export class Monitor extends pulumi.dynamic.Resource {
  declare readonly monitorName: pulumi.Output<string>;
  declare readonly localResources: pulumi.Output<{ type: LocalResourceType; identifier: string }[]>;
  declare readonly remoteResources: pulumi.Output<{ type: RemoteResourceType; identifier: string }[]>;
  declare readonly scopeArn: pulumi.Output<string>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** `tags` merged over the provider's default tags (the stack's `aws:defaultTags` for the dynamic provider): what the monitor carries. */
  declare readonly tagsAll: pulumi.Output<Record<string, string>>;
  declare readonly region: pulumi.Output<string>;
  declare readonly timeouts: pulumi.Output<MonitorTimeoutsArgs | undefined>;
  /** `arn:aws:networkflowmonitor:<region>:<account>:monitor/<name>`. */
  declare readonly monitorArn: pulumi.Output<string>;
  /** `ACTIVE` once created; `PENDING`, `INACTIVE`, `ERROR` or `DELETING` otherwise. */
  declare readonly monitorStatus: pulumi.Output<MonitorStatus>;
  /** ISO 8601. */
  declare readonly createdAt: pulumi.Output<string>;
  /** ISO 8601. */
  declare readonly modifiedAt: pulumi.Output<string>;

  /**
   * Looks up an existing monitor by name (for example one made in the console) without managing it: its outputs
   * resolve from the service, and `pulumi destroy` leaves it alone. Region: `opts`-independent, from the stack's
   * `aws:region` or the AWS environment; `scopeArn` is the account's scope in that Region.
   */
  static get(name: string, monitorName: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Monitor {
    return new Monitor(name, undefined as unknown as MonitorArgs, { ...opts, id: monitorName });
  }

  constructor(name: string, args: MonitorArgs, opts?: pulumi.CustomResourceOptions) {
    // An aws.Provider (own or inherited) supplies settings as an input; it is never this resource's provider.
    const { opts: ownOpts, awsProvider } = awsProviderOptions("Monitor", name, opts);
    const props = { ...(awsProvider ? { __awsProvider: awsProvider } : {}), ...monitorProps(name, args) };
    super(monitorProvider, name, props, ownOpts, "networkflowmonitor", "Monitor");
  }
}

/** The properties a Monitor registers: its args, what check needs beside them, and every output listed. */
export function monitorProps(name: string, args: MonitorArgs | undefined): Record<string, unknown> {
  return {
    ...args,
    // check() gets no resource name or random seed: auto-naming needs them passed in.
    __naming: { resourceName: name, project: pulumi.getProject(), stack: pulumi.getStack() },
    // Which args hold secrets, and the carrier of tags' secrets into tagsAll (see secretInputs.ts).
    __secretInputs: args ? secretInputNames(args) : undefined,
    tagsAll: args ? tagsAllCarrier(args.tags) : undefined,
    // Which tags are secret: the provider writes a marker of them beside the tags (see secretInputs.ts).
    __secretTags: args ? secretTagKeys(args.tags) : undefined,
    monitorName: args?.monitorName,
    // Listed even when absent, so Monitor.get (no args) resolves them from what the read returns.
    localResources: args?.localResources,
    scopeArn: args?.scopeArn,
    remoteResources: args?.remoteResources,
    tags: args?.tags,
    region: args?.region,
    timeouts: args?.timeouts,
    monitorArn: undefined,
    monitorStatus: undefined,
    createdAt: undefined,
    modifiedAt: undefined,
  };
}
