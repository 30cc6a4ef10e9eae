// Which Monitor and Scope resources the components register, and how they find the account's scope. The same
// components serve two front ends: the Node.js SDK registers the dynamic resources (`pulumi-nodejs:dynamic/...`,
// run by Pulumi's dynamic-provider host), the plugin's Construct registers its own custom resources
// (`networkflowmonitor:index:Monitor` / `Scope`), which a Python, Go, .NET or YAML program can run.
import * as pulumi from "@pulumi/pulumi";
import type { MonitorArgs } from "./monitor";
import type { ScopeArgs } from "./scope";

/** What the components read from a monitor, whichever front end registered it. */
export interface MonitorResource extends pulumi.CustomResource {
  readonly monitorName: pulumi.Output<string>;
  readonly monitorArn: pulumi.Output<string>;
  readonly monitorStatus: pulumi.Output<string>;
}

/** What the components read from a scope, whichever front end registered it. */
export interface ScopeResource extends pulumi.CustomResource {
  readonly scopeArn: pulumi.Output<string>;
}

/** Registers Monitor and Scope resources, and looks up the account's scope in a Region. */
export interface MonitorFrontEnd<M extends MonitorResource = MonitorResource, S extends ScopeResource = ScopeResource> {
  newMonitor(name: string, args: MonitorArgs, opts: pulumi.CustomResourceOptions): M;
  newScope(name: string, args: ScopeArgs, opts: pulumi.CustomResourceOptions): S;
  /** The ARN of the account's existing scope in `region` (the provider's Region when undefined). */
  accountScopeArn(region: pulumi.Input<string> | undefined, opts: pulumi.InvokeOptions): pulumi.Output<string>;
}

/** Whether a value is a monitor a component can read (`monitorName` is an Output), from either front end. */
export function isMonitorResource(v: unknown): v is MonitorResource {
  return pulumi.CustomResource.isInstance(v) && pulumi.Output.isInstance((v as { monitorName?: unknown }).monitorName);
}

/** The type tokens of each front end's resources (the dynamic ones: `pulumi-nodejs:dynamic/<module>:<type>`). */
export const DYNAMIC_MONITOR_TYPE = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
export const DYNAMIC_SCOPE_TYPE = "pulumi-nodejs:dynamic/networkflowmonitor:Scope";
export const PLUGIN_MONITOR_TYPE = "networkflowmonitor:index:Monitor";
export const PLUGIN_SCOPE_TYPE = "networkflowmonitor:index:Scope";

/**
 * Options with an alias from the same resource under the other front end's type: a stack whose monitors were
 * registered by the other front end finds their state, and moves them without a replacement (see
 * docs/moving-between-front-ends.md). An alias that matches nothing changes nothing.
 */
export function withTypeAlias<T extends pulumi.CustomResourceOptions>(opts: T, otherType: string): T {
  return { ...opts, aliases: [...(opts.aliases ?? []), { type: otherType }] };
}
