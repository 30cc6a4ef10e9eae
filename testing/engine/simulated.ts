// Simulated (non-dynamic) resources and invokes: deterministic ids and plausible computed outputs, so programs
// that mix real providers (e.g. @pulumi/aws) with dynamic resources can run without those providers.
// Extend by adding entries to `simulatedTypes` / `simulatedInvokes`.
import { createHash } from "node:crypto";
import type { HostDiffResult } from "./host";
import { toProviderValue } from "./plan";
import type { CheckResult, Provider } from "./plugin";
import { UNKNOWN } from "./types";
import { urnName, urnType } from "./urn";

export interface SimulationContext {
  type: string;
  name: string;
  /** Inputs with secrets unwrapped. */
  inputs: Record<string, unknown>;
  region: string;
  account: string;
}

export interface Simulated {
  id: string;
  /** Outputs the provider would compute (added to the inputs); unknown in preview for new resources. */
  computed: Record<string, unknown>;
}

export type SimulatedType = (ctx: SimulationContext) => Simulated;

/** Deterministic lowercase hex derived from a resource's type and name. */
export function hexFor(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

export const simulatedTypes: Record<string, SimulatedType> = {
  "aws:ec2/vpc:Vpc": ({ name, region, account }) => {
    const id = `vpc-${hexFor(`vpc/${name}`, 17)}`;
    return { id, computed: { arn: `arn:aws:ec2:${region}:${account}:vpc/${id}`, ownerId: account } };
  },
  "aws:ec2/subnet:Subnet": ({ name, inputs, region, account }) => {
    const id = `subnet-${hexFor(`subnet/${name}`, 17)}`;
    return {
      id,
      computed: {
        arn: `arn:aws:ec2:${region}:${account}:subnet/${id}`,
        availabilityZone: inputs.availabilityZone ?? `${region}a`,
        ownerId: account,
      },
    };
  },
  "aws:eks/cluster:Cluster": ({ name, inputs, region, account }) => {
    const clusterName = typeof inputs.name === "string" ? inputs.name : `${name}-${hexFor(`eks/${name}`, 7)}`;
    return {
      id: clusterName,
      computed: { name: clusterName, arn: `arn:aws:eks:${region}:${account}:cluster/${clusterName}`, status: "ACTIVE" },
    };
  },
  // Types the WorkloadMonitor's agents, alarms and dashboard (and their example) use: the outputs they read.
  "aws:iam/role:Role": ({ name, inputs, account }) => {
    const roleName = typeof inputs.name === "string" ? inputs.name : `${name}-${hexFor(`role/${name}`, 7)}`;
    return { id: roleName, computed: { name: roleName, arn: `arn:aws:iam::${account}:role/${roleName}` } };
  },
  "aws:sns/topic:Topic": ({ name, inputs, region, account }) => {
    const topicName = typeof inputs.name === "string" ? inputs.name : `${name}-${hexFor(`sns/${name}`, 7)}`;
    const arn = `arn:aws:sns:${region}:${account}:${topicName}`;
    return { id: arn, computed: { name: topicName, arn } };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": ({ name, inputs, region, account }) => {
    const alarmName = typeof inputs.name === "string" ? inputs.name : `${name}-${hexFor(`alarm/${name}`, 7)}`;
    return { id: alarmName, computed: { name: alarmName, arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${alarmName}` } };
  },
  "aws:cloudwatch/dashboard:Dashboard": ({ inputs, account }) => {
    const dashboardName = String(inputs.dashboardName);
    return { id: dashboardName, computed: { dashboardArn: `arn:aws:cloudwatch::${account}:dashboard/${dashboardName}` } };
  },
  "aws:ssm/parameter:Parameter": ({ name, inputs, region, account }) => {
    const paramName = typeof inputs.name === "string" ? inputs.name : `${name}-${hexFor(`ssm/${name}`, 7)}`;
    const path = paramName.startsWith("/") ? paramName.slice(1) : paramName;
    return {
      id: paramName,
      computed: { name: paramName, arn: `arn:aws:ssm:${region}:${account}:parameter/${path}`, version: 1 },
    };
  },
};

/** Any other type: an id from its name, outputs = inputs. */
export function simulate(ctx: SimulationContext): Simulated {
  const known = simulatedTypes[ctx.type];
  if (known) return known(ctx);
  return { id: `${ctx.name}-${hexFor(`${ctx.type}/${ctx.name}`, 8)}`, computed: {} };
}

export type SimulatedInvoke = (args: { inputs: Record<string, unknown>; region: string; account: string }) => Record<
  string,
  unknown
>;

/** Invokes (data sources) the engine answers; every other token returns `{}`. */
export const simulatedInvokes: Record<string, SimulatedInvoke> = {
  "aws:index/getCallerIdentity:getCallerIdentity": ({ account }) => ({
    accountId: account,
    arn: `arn:aws:iam::${account}:user/local-engine`,
    userId: "AIDALOCALENGINE",
    id: account,
  }),
  "aws:index/getRegion:getRegion": ({ region }) => ({ name: region, region, id: region }),
  "aws:index/getPartition:getPartition": ({ region }) => {
    const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return { partition, id: partition, dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com" };
  },
};

type Props = Record<string, unknown>;

/**
 * The provider of every simulated type: Check passes inputs through, Diff leaves the comparison to the engine,
 * Create adds the simulated outputs (unknown in preview), Update merges, Read echoes, Delete does nothing.
 */
export class SimulatedProvider implements Provider {
  constructor(private readonly ctx: { region: string; account: string }) {}

  async check(_urn: string, _olds: Props, news: Props): Promise<CheckResult> {
    return { inputs: news, failures: [] };
  }

  async diff(): Promise<HostDiffResult> {
    return { changes: "unknown", replaces: [], deleteBeforeReplace: false };
  }

  async create(urn: string, inputs: Props, preview: boolean): Promise<{ id: string; outputs: Props }> {
    const sim = simulate({ type: urnType(urn), name: urnName(urn), inputs: toProviderValue(inputs) as Props, ...this.ctx });
    if (preview) return { id: "", outputs: { ...inputs, ...Object.fromEntries(Object.keys(sim.computed).map((k) => [k, UNKNOWN])) } };
    return { id: sim.id, outputs: { ...inputs, ...sim.computed } };
  }

  async update(_urn: string, _id: string, _oldInputs: Props, oldOutputs: Props, newInputs: Props): Promise<Props> {
    return { ...oldOutputs, ...newInputs };
  }

  async read(_urn: string, id: string, inputs: Props, state: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    return { id, outputs: state, inputs };
  }

  async delete(): Promise<void> {}
}
