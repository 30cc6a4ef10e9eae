// The plugin's components, served through Construct: the Node.js SDK's component classes, built in the plugin
// process over the plugin's own Monitor and Scope custom resources (never the dynamic ones, which cannot run for a
// Python or Go program: pulumi/pulumi#5455). Their `@pulumi/aws` children are ordinary `@pulumi/aws` resources,
// registered on the engine's monitor as any remote component's children are. Every check and plan is the SDK's;
// this file only turns the language-neutral inputs (componentTypes.ts) into the SDK's arguments and the
// components into Construct's state.
import * as pulumi from "@pulumi/pulumi";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import {
  DYNAMIC_MONITOR_TYPE,
  DYNAMIC_SCOPE_TYPE,
  PLUGIN_MONITOR_TYPE,
  PLUGIN_SCOPE_TYPE,
  withTypeAlias,
  type MonitorFrontEnd,
  type MonitorResource,
  type ScopeResource,
} from "../../sdk/frontEnd";
import type { MonitorArgs } from "../../sdk/monitor";
import type { ScopeArgs } from "../../sdk/scope";
import { AgentPublishPolicy, Ec2Agents, EksAgent, publishPolicyArnOutput } from "../../sdk/workload/agents";
import { MonitorAlarms } from "../../sdk/workload/alarms";
import { MonitorDashboard } from "../../sdk/workload/dashboard";
import { InvalidArgumentsError, problemPath } from "../../sdk/workload/invalidArguments";
import { WorkloadMonitorComponent, type WorkloadMonitorArgs as SdkWorkloadMonitorArgs } from "../../sdk/workloadMonitor";
import type {
  AgentPublishPolicyOutputs,
  ComponentType,
  Ec2AgentsOutputs,
  EksAgentOutputs,
  MonitorAlarmsOutputs,
  MonitorDashboardOutputs,
  WorkloadMonitorOutputs,
} from "./componentTypes";

export { PLUGIN_MONITOR_TYPE, PLUGIN_SCOPE_TYPE };
export const PLUGIN_GET_SCOPE_TOKEN = "networkflowmonitor:index:getScope";

/** The outputs of each resource beyond its inputs: listed at registration so they resolve from the engine's answer. */
const MONITOR_OUTPUTS = ["tagsAll", "monitorArn", "monitorStatus", "createdAt", "modifiedAt"] as const;
const SCOPE_OUTPUTS = ["tagsAll", "scopeArn", "scopeId", "status"] as const;

function withOutputs(args: object, outputs: readonly string[]): pulumi.Inputs {
  const props: pulumi.Inputs = { ...args };
  for (const k of outputs) props[k] = undefined;
  return props;
}

/** `networkflowmonitor:index:Monitor`, the plugin's custom resource, as a child of a component. */
export class PluginMonitor extends pulumi.CustomResource implements MonitorResource {
  declare readonly monitorName: pulumi.Output<string>;
  declare readonly monitorArn: pulumi.Output<string>;
  declare readonly monitorStatus: pulumi.Output<string>;

  constructor(name: string, args: MonitorArgs, opts?: pulumi.CustomResourceOptions) {
    // monitorName is listed even when absent: the provider names the monitor and the component reads it.
    super(PLUGIN_MONITOR_TYPE, name, withOutputs({ ...args, monitorName: args.monitorName }, MONITOR_OUTPUTS), opts);
  }
}

/** `networkflowmonitor:index:Scope`, the plugin's custom resource, as a child of a component. */
export class PluginScope extends pulumi.CustomResource implements ScopeResource {
  declare readonly scopeArn: pulumi.Output<string>;

  constructor(name: string, args: ScopeArgs, opts?: pulumi.CustomResourceOptions) {
    super(PLUGIN_SCOPE_TYPE, name, withOutputs(args, SCOPE_OUTPUTS), opts);
  }
}

/**
 * The plugin's front end: its own resources, and the account's scope through its `getScope` function. Each child
 * is aliased from the dynamic type, so a stack whose WorkloadMonitor ran in the Node.js SDK keeps its monitors.
 */
export const PLUGIN_FRONT_END: MonitorFrontEnd<PluginMonitor, PluginScope> = {
  newMonitor: (name, args, opts) => new PluginMonitor(name, args, withTypeAlias(opts, DYNAMIC_MONITOR_TYPE)),
  newScope: (name, args, opts) => new PluginScope(name, args, withTypeAlias(opts, DYNAMIC_SCOPE_TYPE)),
  accountScopeArn: (region, opts) =>
    pulumi.runtime.invokeOutput<{ scopeArn: string }>(PLUGIN_GET_SCOPE_TOKEN, region === undefined ? {} : { region }, opts).apply((r) => r.scopeArn),
};

interface OutputInternals {
  promise(withUnknowns?: boolean): Promise<unknown>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}

/** Wraps every string of a value in a secret, for a secret input whose shape the checks must see now. */
function secretStrings(v: unknown): unknown {
  if (typeof v === "string") return pulumi.secret(v);
  if (Array.isArray(v)) return v.map(secretStrings);
  if (v !== null && typeof v === "object" && !pulumi.Output.isInstance(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, secretStrings(x)]));
  }
  return v;
}

/**
 * An input whose shape the checks and the split need while the component is built (a list's length, an object's
 * settings). The engine sends a property as a whole Output when it is secret or depends on a resource and the
 * Output values inside it cannot be kept; then its value is awaited, and its strings stay secret.
 */
async function shapeOf(inputs: pulumi.Inputs, key: string): Promise<unknown> {
  const v = inputs[key];
  if (!pulumi.Output.isInstance(v)) return v;
  const o = v as unknown as OutputInternals;
  if (!(await o.isKnown)) {
    throw new pulumi.InputPropertyError({
      propertyPath: key,
      reason: "must be known when the program runs (its shape decides which resources are registered); values inside it may be outputs of other resources",
    });
  }
  const value = await o.promise();
  return (await o.isSecret) ? secretStrings(value) : value;
}

async function shapesOf(inputs: pulumi.Inputs, keys: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(inputs)) out[k] = keys.includes(k) ? await shapeOf(inputs, k) : inputs[k];
  return out;
}

/** The properties whose shape each component needs while it is built. */
const SHAPED: Record<ComponentType, readonly string[]> = {
  "networkflowmonitor:index:WorkloadMonitor": ["local", "remote", "scope", "monitorNamePrefix", "agents", "alarms", "dashboard"],
  "networkflowmonitor:index:EksAgent": ["podIdentityAgentInstalled", "addonVersion"],
  "networkflowmonitor:index:Ec2Agents": ["instanceTags", "instanceIds"],
  "networkflowmonitor:index:AgentPublishPolicy": ["roles"],
  "networkflowmonitor:index:MonitorAlarms": ["monitors", "actions", "healthIndicator", "retransmissions", "timeouts", "roundTripTime"],
  "networkflowmonitor:index:MonitorDashboard": ["monitors", "dashboardName"],
};

type Built = { urn: pulumi.Output<string>; state: Record<string, pulumi.Input<unknown>> };

function buildWorkloadMonitor(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new WorkloadMonitorComponent(name, args as unknown as SdkWorkloadMonitorArgs, opts, PLUGIN_FRONT_END);
  const state: { [K in keyof WorkloadMonitorOutputs]-?: pulumi.Input<WorkloadMonitorOutputs[K]> } = {
    monitorArns: c.monitorArns,
    monitorNames: pulumi.all(c.monitors.map((m) => m.monitorName)),
    monitorStatuses: c.monitorStatuses,
    scopeArn: c.scopeArn,
    alarmArns: c.alarmArns,
    eksAgentRoleArns: pulumi.all(c.eksAgents.map((a) => a.roleArn)),
    dashboardName: c.dashboardName as pulumi.Output<string>,
    dashboardUrl: c.dashboardUrl as pulumi.Output<string>,
  };
  return { urn: c.urn, state };
}

function buildEksAgent(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new EksAgent(name, args as never, opts);
  const state: { [K in keyof EksAgentOutputs]: pulumi.Input<EksAgentOutputs[K]> } = { roleArn: c.roleArn, addonArn: c.addon.arn };
  return { urn: c.urn, state };
}

function buildEc2Agents(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new Ec2Agents(name, args as never, opts);
  const state: { [K in keyof Ec2AgentsOutputs]: pulumi.Input<Ec2AgentsOutputs[K]> } = {
    installAssociationId: c.install.associationId,
    activateAssociationId: c.activate.associationId,
  };
  return { urn: c.urn, state };
}

function buildAgentPublishPolicy(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new AgentPublishPolicy(name, args as never, opts);
  const state: { [K in keyof AgentPublishPolicyOutputs]: pulumi.Input<AgentPublishPolicyOutputs[K]> } = {
    policyArn: c.attachments.length > 0 ? c.attachments[0].policyArn : publishPolicyArnOutput(c),
  };
  return { urn: c.urn, state };
}

function buildMonitorAlarms(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new MonitorAlarms(name, args as never, opts);
  const state: { [K in keyof MonitorAlarmsOutputs]: pulumi.Input<MonitorAlarmsOutputs[K]> } = { alarmArns: c.alarmArns };
  return { urn: c.urn, state };
}

function buildMonitorDashboard(name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): Built {
  const c = new MonitorDashboard(name, args as never, opts);
  const state: { [K in keyof MonitorDashboardOutputs]: pulumi.Input<MonitorDashboardOutputs[K]> } = {
    dashboardName: c.dashboardName,
    dashboardUrl: c.dashboardUrl,
  };
  return { urn: c.urn, state };
}

const BUILDERS: Record<ComponentType, (name: string, args: Record<string, unknown>, opts: pulumi.ComponentResourceOptions) => Built> = {
  "networkflowmonitor:index:WorkloadMonitor": buildWorkloadMonitor,
  "networkflowmonitor:index:EksAgent": buildEksAgent,
  "networkflowmonitor:index:Ec2Agents": buildEc2Agents,
  "networkflowmonitor:index:AgentPublishPolicy": buildAgentPublishPolicy,
  "networkflowmonitor:index:MonitorAlarms": buildMonitorAlarms,
  "networkflowmonitor:index:MonitorDashboard": buildMonitorDashboard,
};

/** Whether the plugin constructs this type. */
export function isComponentType(type: string): type is ComponentType {
  return Object.prototype.hasOwnProperty.call(BUILDERS, type);
}

/**
 * Construct, as `@pulumi/pulumi/provider`'s `Provider.construct`: builds the component in this process, where the
 * runtime registers it and its children on the engine's monitor, and returns its URN and outputs. Invalid
 * arguments are reported per property (`InputPropertiesError`), which the engine shows against each one.
 */
export async function construct(
  name: string,
  type: string,
  inputs: pulumi.Inputs,
  options: pulumi.ComponentResourceOptions,
): Promise<ConstructResult> {
  if (!isComponentType(type)) throw new Error(`unknown resource type ${type}: the plugin's components are ${Object.keys(BUILDERS).join(", ")}`);
  const args = await shapesOf(inputs, SHAPED[type]);
  try {
    return BUILDERS[type](name, args, options);
  } catch (e) {
    if (!InvalidArgumentsError.isInstance(e)) throw e;
    throw new pulumi.InputPropertiesError({ message: e.message, errors: e.problems.map(problemPath) });
  }
}
