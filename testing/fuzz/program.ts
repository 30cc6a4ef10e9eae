// The fuzzer's programs as data. A ProgramSpec says which monitors and scope a program declares; the real program
// (tests/fuzz/fixtures/program) declares it with the SDK, and `registerProgram` sends the registrations the SDK
// would send for it straight to a deployment, in process, so a history costs no program process. On the plugin
// front end the same program declares the plugin's resources (`networkflowmonitor:index:*`) with the inputs of the
// schema, as a program in any language does through a generated SDK: no serialized provider, no naming input (the
// plugin takes it from the URN); the engine adds the package's default provider.
// Pure but for `registerProgram`, which talks to a Deployment.
import type { Deployment } from "../engine/deployment";
import type { FrontEndName } from "./frontEnd";
import { makeSecret } from "../engine/plan";
import type { RegisterRequest } from "../engine/protocol";
import { UNKNOWN } from "../engine/types";
import { STACK_TYPE, makeUrn } from "../engine/urn";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const MONITOR_TYPE = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
export const SCOPE_TYPE = "pulumi-nodejs:dynamic/networkflowmonitor:Scope";
/** The plugin's package and resource types (provider/plugin/server.ts). */
export const PLUGIN_PACKAGE = "networkflowmonitor";
export const PLUGIN_MONITOR_TYPE = "networkflowmonitor:index:Monitor";
export const PLUGIN_SCOPE_TYPE = "networkflowmonitor:index:Scope";
/** The default provider the engine registers for the plugin's package. */
export const PLUGIN_PROVIDER_TYPE = "pulumi:providers:networkflowmonitor";
export const SET_TYPE = "nfm-fuzz:index:MonitorSet";

/** The resource types a front end's program declares. */
export function typesOf(front: FrontEndName): { monitor: string; scope: string } {
  return front === "plugin" ? { monitor: PLUGIN_MONITOR_TYPE, scope: PLUGIN_SCOPE_TYPE } : { monitor: MONITOR_TYPE, scope: SCOPE_TYPE };
}
/** Local resources per monitor (the service's quota): a set larger than this splits into more monitors. */
export const PER_MONITOR = 25;

export interface MonitorSpec {
  /** The Pulumi resource name. */
  name: string;
  /** Explicit monitorName; absent: auto-named from the resource name. */
  monitorName?: string;
  /** Subnet ARNs (local resources). */
  local: string[];
  /** AWS services (remote resources). */
  remote: string[];
  tags: Record<string, string>;
  /** Keys of `tags` whose values the program marks secret. */
  secretTags: string[];
  /** Member of the monitor set (a child of its component). */
  set?: boolean;
}

/** A set of monitors that covers `size` subnets, 25 per monitor (like WorkloadMonitor's split). */
export interface MonitorSetSpec {
  name: string;
  size: number;
  tags: Record<string, string>;
}

export interface ProgramSpec {
  /** The account's one Scope; monitors are declared only with it (they take its ARN). */
  scope: boolean;
  monitors: MonitorSpec[];
  set?: MonitorSetSpec;
}

export const emptyProgram = (): ProgramSpec => ({ scope: false, monitors: [] });

export function subnetArn(n: number): string {
  return `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-${n.toString(16).padStart(17, "0")}`;
}

/** Every monitor the program declares: its own, then the set's members. */
export function monitorsOf(spec: ProgramSpec): MonitorSpec[] {
  const members: MonitorSpec[] = [];
  if (spec.set) {
    const count = Math.max(1, Math.ceil(spec.set.size / PER_MONITOR));
    for (let i = 0; i < count; i++) {
      const local = Array.from({ length: Math.min(PER_MONITOR, spec.set.size - i * PER_MONITOR) }, (_, j) => subnetArn(1000 + i * PER_MONITOR + j));
      members.push({ name: `${spec.set.name}-${i}`, local: local.length ? local : [subnetArn(999)], remote: [], tags: spec.set.tags, secretTags: [], set: true });
    }
  }
  return spec.scope ? [...spec.monitors, ...members] : [];
}

/** The serialized inputs the SDK's Monitor registers (sdk/monitor.ts monitorProps) for a spec. */
export function monitorInputs(m: MonitorSpec, scopeArn: string, project: string, stack: string): Record<string, unknown> {
  const tags = Object.fromEntries(Object.entries(m.tags).map(([k, v]) => [k, m.secretTags.includes(k) ? makeSecret(v) : v]));
  const secretInputs = Object.keys(m.tags).some((k) => m.secretTags.includes(k)) ? ["tags"] : undefined;
  return dropUndefined({
    __provider: PROVIDER_MONITOR,
    __naming: { resourceName: m.name, project, stack },
    __secretInputs: secretInputs,
    tagsAll: tags,
    __secretTags: secretInputs ? Object.keys(m.tags).filter((k) => m.secretTags.includes(k)).sort() : undefined,
    monitorName: m.monitorName,
    localResources: m.local.map((identifier) => ({ type: "AWS::EC2::Subnet", identifier })),
    scopeArn,
    remoteResources: m.remote.map((identifier) => ({ type: "AWS::AWSService", identifier })),
    tags,
  });
}

/** The serialized inputs the SDK's Scope registers with no args (the default target: this account and Region). */
export function scopeInputs(project: string, stack: string): Record<string, unknown> {
  return { __provider: PROVIDER_SCOPE, __naming: { resourceName: "scope", project, stack } };
}

/**
 * The serialized inputs a program registers for the plugin's Monitor (schema.json's input properties; a secret tag
 * value is a secret inside `tags`, as `pulumi.secret` in a map serializes in any language).
 */
export function pluginMonitorInputs(m: MonitorSpec, scopeArn: string): Record<string, unknown> {
  const tags = Object.fromEntries(Object.entries(m.tags).map(([k, v]) => [k, m.secretTags.includes(k) ? makeSecret(v) : v]));
  return dropUndefined({
    localResources: m.local.map((identifier) => ({ type: "AWS::EC2::Subnet", identifier })),
    monitorName: m.monitorName,
    remoteResources: m.remote.map((identifier) => ({ type: "AWS::AWSService", identifier })),
    scopeArn,
    tags,
  });
}

/** The plugin's Scope with no args: no inputs (the default target: this account and the provider's Region). */
export function pluginScopeInputs(): Record<string, unknown> {
  return {};
}

/**
 * Stand-ins for the serialized providers (`__provider`): the in-process front end dispatches on the type, not on
 * this text, but it travels through state as the real one does.
 */
export const PROVIDER_MONITOR = "exports.handler = () => require(\"pulumi-networkflowmonitor/dist/provider/monitor/provider.js\");";
export const PROVIDER_SCOPE = "exports.handler = () => require(\"pulumi-networkflowmonitor/dist/provider/scope/provider.js\");";

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const register = (
  pass: Deployment,
  req: Omit<RegisterRequest, "kind" | "reqId" | "dependencies"> & { dependencies?: string[] },
) => pass.register({ kind: "register", reqId: 0, dependencies: [], ...req });

/**
 * Runs the program of `spec` against a deployment, in process: the stack, the scope, then every monitor (with
 * the scope's ARN, unknown in a preview that creates the scope) concurrently, as the SDK's program would. Returns
 * false when a registration failed (the program would have failed).
 */
export async function registerProgram(pass: Deployment, spec: ProgramSpec, project: string, stack: string, front: FrontEndName = "dynamic"): Promise<boolean> {
  const types = typesOf(front);
  const plugin = front === "plugin";
  const stackName = `${project}-${stack}`;
  const stackUrn = makeUrn(stack, project, STACK_TYPE, stackName);
  const root = await register(pass, { type: STACK_TYPE, name: stackName, custom: false, inputs: {} });
  if (root.error !== undefined) return false;
  let ok = true;
  if (spec.scope) {
    const scope = await register(pass, { type: types.scope, name: "scope", custom: true, parent: stackUrn, inputs: plugin ? pluginScopeInputs() : scopeInputs(project, stack) });
    if (scope.error !== undefined) {
      ok = false;
    } else {
      const scopeUrn = makeUrn(stack, project, types.scope, "scope", stackUrn);
      const arn = typeof scope.state?.scopeArn === "string" ? scope.state.scopeArn : UNKNOWN;
      const own = monitorsOf(spec).filter((m) => !m.set);
      const members = monitorsOf(spec).filter((m) => m.set);
      const declare = (m: MonitorSpec, parent: string) =>
        register(pass, {
          type: types.monitor,
          name: m.name,
          custom: true,
          parent,
          inputs: plugin ? pluginMonitorInputs(m, arn) : monitorInputs(m, arn, project, stack),
          dependencies: [scopeUrn],
        });
      const work: Promise<{ error?: string }>[] = own.map((m) => declare(m, stackUrn));
      if (spec.set) {
        const setUrn = makeUrn(stack, project, SET_TYPE, spec.set.name, stackUrn);
        work.push(
          register(pass, { type: SET_TYPE, name: spec.set.name, custom: false, parent: stackUrn, inputs: {} }).then(async (r) => {
            if (r.error !== undefined) return r;
            const answers = await Promise.all(members.map((m) => declare(m, setUrn)));
            pass.registerOutputs(setUrn, {});
            return answers.find((a) => a.error !== undefined) ?? {};
          }),
        );
      }
      ok = (await Promise.all(work)).every((a) => a.error === undefined);
    }
  }
  pass.registerOutputs(stackUrn, {});
  return ok && !pass.failed;
}
