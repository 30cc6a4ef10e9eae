// One pass of an operation (a preview or an update, a refresh, a destroy), as pkg/resource/deploy/deployment.go and
// deployment_executor.go (v3.248.0) drive it: registrations go through the step generator one at a time, their
// steps run concurrently, the first error stops every step not yet started, and once the program is done the
// resources it no longer declares are deleted, independent ones in parallel.
import type { ProviderHost } from "./host";
import { isSecret, toProviderValue } from "./plan";
import { ProviderPlugin, type Provider } from "./plugin";
import {
  defaultProviderName,
  formatProviderRef,
  isProviderType,
  packageOf,
  parseProviderRef,
  providerPackage,
  providerTypeOf,
} from "./pluginLookup";
import type { RegisterRequest, Reply } from "./protocol";
import { ProviderRegistry } from "./providers";
import { ResourceMonitorServer } from "./resourceMonitor";
import { SimulatedProvider, simulatedInvokes } from "./simulated";
import type { SnapshotManager } from "./snapshot";
import { StepExecutor, StepFailed, errorMessage, refreshResource } from "./stepExecutor";
import {
  BailError,
  CheckFailed,
  StepGenerator,
  newState,
  readyToDelete,
  useRefreshDiff,
  type Goal,
  type Plan,
} from "./stepGenerator";
import { UNKNOWN, type CheckFailure, type Diagnostic, type StateResource, type Step } from "./types";
import { STACK_TYPE, makeUrn } from "./urn";

type Props = Record<string, unknown>;
type Answer = Omit<Reply, "kind" | "reqId">;

export function isDynamicType(type: string): boolean {
  return type === "pulumi-nodejs:dynamic:Resource" || type.startsWith("pulumi-nodejs:dynamic/");
}

export interface DeploymentContext {
  stack: string;
  project: string;
  dryRun: boolean;
  snapshot: SnapshotManager;
  /** Starts (once per pass) the dynamic-provider host, configured. */
  startHost: () => Promise<ProviderHost>;
  region: string;
  account: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** See LocalEngineOptions.importReadCarriesProvider. */
  importReadCarriesProvider?: boolean;
  /** Whether package `pkg` has a resource plugin (see pluginLookup.ts); its types then go to it. */
  hasPlugin?: (pkg: string) => boolean;
  /** Starts `pkg`'s resource plugin with the engine address as its last argument (see engine.ts). */
  launchPlugin?: (pkg: string, engineAddress: string) => ProviderHost;
  /** The stack config, namespaced keys, secrets as secret values (default providers' inputs, Construct's config). */
  stackConfig?: Record<string, unknown>;
}

export class Deployment {
  readonly steps: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly failures: CheckFailure[] = [];
  readonly generator: StepGenerator;
  readonly executor: StepExecutor;
  stackOutputs: Props = {};
  failed = false;
  private host?: Promise<ProviderPlugin>;
  private readonly simulated: SimulatedProvider;
  /** Step generation runs one registration at a time, in arrival order. */
  private generation: Promise<unknown> = Promise.resolve();
  /** New states by URN (components get their outputs later). */
  private readonly news = new Map<string, StateResource>();
  /** Provider resources and the plugins behind them. */
  readonly registry: ProviderRegistry;
  /** Default provider references by package and version (source_eval.go `defaultProviders.handleRequest`). */
  private readonly defaults = new Map<string, Promise<string>>();
  private monitor?: Promise<ResourceMonitorServer>;

  /** The old states step generation finds by URN: the base's, re-taken after `up --refresh` rewrote it. */
  private readonly olds = new Map<string, StateResource>();

  constructor(readonly ctx: DeploymentContext) {
    this.takeOlds();
    this.generator = new StepGenerator(ctx.stack, ctx.project, this.olds, ctx.dryRun, (u, m) => this.warn(u, m), (u, m) => this.error(u, m));
    this.executor = new StepExecutor(ctx.snapshot, ctx.dryRun, (u, m) => this.warn(u, m));
    this.simulated = new SimulatedProvider({ region: ctx.region, account: ctx.account });
    this.registry = new ProviderRegistry({
      launch: async (pkg) => {
        const monitor = await this.resourceMonitor();
        if (!this.ctx.launchPlugin) throw new Error(`no resource plugin for package ${pkg}`);
        return this.ctx.launchPlugin(pkg, monitor.address);
      },
      oldProviders: () => this.ctx.snapshot.base.filter((r) => isProviderType(r.type)),
      unknown: UNKNOWN,
      log: (l) => this.ctx.log(l),
    });
  }

  /** The engine's gRPC server (ResourceMonitor and Engine): plugins' engine address and Construct's monitor. */
  resourceMonitor(): Promise<ResourceMonitorServer> {
    this.monitor ??= ResourceMonitorServer.start({
      register: (req) => this.register(req),
      invoke: (token, inputs, provider) => this.invoke(token, inputs, provider),
      registerOutputs: (urn, outputs) => this.registerOutputs(urn, outputs),
      stackUrn: () => makeUrn(this.ctx.stack, this.ctx.project, STACK_TYPE, `${this.ctx.project}-${this.ctx.stack}`),
      log: (severity, urn, message) => {
        if (severity === "error") this.fail({ urn: urn || undefined, message });
        else if (severity === "warning") this.warn(urn || undefined, message);
        else if (severity !== "debug") this.ctx.log(`${severity}: ${urn} ${message}`);
      },
    });
    return this.monitor;
  }

  /** Closes the pass's plugins and its gRPC server (the dynamic host is stopped by the engine). */
  async close(): Promise<void> {
    await this.registry.stop();
    if (this.monitor) (await this.monitor.catch(() => undefined))?.stop();
  }

  // ---- diagnostics ---------------------------------------------------------------------------------------

  fail(diag: Omit<Diagnostic, "severity">): void {
    this.failed = true;
    this.push({ ...diag, severity: "error" });
  }

  private error(urn: string, message: string): void {
    this.fail({ urn, message });
  }

  warn(urn: string | undefined, message: string): void {
    this.push({ urn, severity: "warning", message });
  }

  private push(diag: Diagnostic): void {
    this.diagnostics.push(diag);
    this.ctx.log(`${diag.severity}: ${diag.urn ?? ""} ${diag.message}`);
  }

  // ---- providers -----------------------------------------------------------------------------------------

  /** The pass's dynamic provider: the host, started and configured on first use. */
  dynamicProvider(): Promise<ProviderPlugin> {
    this.host ??= this.ctx.startHost().then((h) => new ProviderPlugin(h));
    return this.host;
  }

  private hasPlugin(pkg: string): boolean {
    return this.ctx.hasPlugin?.(pkg) ?? false;
  }

  /**
   * Where a resource's provider calls go: dynamic types to the dynamic-provider host; provider resources of a package
   * with a plugin to the registry; resources with a provider reference (default or explicit) whose package has a
   * plugin to that provider's plugin; everything else (e.g. `aws:*`) to the simulation.
   */
  private providerFor(r: { type: string; custom: boolean; provider?: string }): Promise<Provider> | undefined {
    if (!r.custom) return undefined;
    if (isDynamicType(r.type)) return this.dynamicProvider();
    if (isProviderType(r.type)) return Promise.resolve(this.hasPlugin(providerPackage(r.type)) ? this.registry : this.simulated);
    if (r.provider && this.hasPlugin(providerPackage(parseProviderRef(r.provider).urn.split("::")[2]))) {
      return this.registry.providerFor(r.provider);
    }
    return Promise.resolve(this.simulated);
  }

  /**
   * source_eval.go `RegisterResource` → `getProviderReference`: a custom resource or remote component of a package
   * with a plugin and no `provider` option gets the package's default provider, registered on first use
   * (`defaultProviders.newRegisterDefaultProviderEvent`): `pulumi:providers:<pkg>` named `default` (or
   * `default_<version>`), no parent, its inputs the stack config of the package (target.go `GetPackageConfig`: the
   * `<pkg>:` keys without the namespace, secrets kept secret) plus `version` when one was asked for.
   */
  private async withProvider<T extends Goal>(goal: T): Promise<T> {
    if ((!goal.custom && !goal.remote) || goal.provider || isProviderType(goal.type) || isDynamicType(goal.type)) return goal;
    const pkg = packageOf(goal.type);
    if (!this.hasPlugin(pkg)) return goal;
    return { ...goal, provider: await this.defaultProvider(pkg, goal.version) };
  }

  private defaultProvider(pkg: string, version: string | undefined): Promise<string> {
    const key = `${pkg}@${version ?? ""}`;
    let ref = this.defaults.get(key);
    if (!ref) {
      const inputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(this.ctx.stackConfig ?? {})) {
        if (k.startsWith(`${pkg}:`)) inputs[k.slice(pkg.length + 1)] = v;
      }
      if (version) inputs.version = version;
      const goal = { type: providerTypeOf(pkg), name: defaultProviderName(version), custom: true, inputs, dependencies: [] };
      ref = this.register(goal).then((a) => {
        if (a.error !== undefined) throw new Error(`default provider for package ${pkg}: ${a.error}`);
        return formatProviderRef(a.urn!, a.id || UNKNOWN);
      });
      this.defaults.set(key, ref);
    }
    return ref;
  }

  // ---- registrations -------------------------------------------------------------------------------------

  /** A RegisterResource (or ReadResource) from the program: generate its steps, run them, answer the program. */
  async register(req: RegisterRequest | Goal): Promise<Answer> {
    if (this.failed) return { error: "skipped: an earlier step of this deployment failed" };
    let goal: Goal;
    try {
      goal = await this.withProvider(goalOf(req));
    } catch (err) {
      return { error: this.report(err, "") };
    }
    if (goal.remote) return this.construct(goal);
    let urn = "";
    const planned = this.generation.then(async () => {
      if (this.failed) throw new Skipped();
      urn = this.generator.generateUrn(goal);
      return this.generate(urn, goal);
    });
    this.generation = planned.catch(() => undefined);
    try {
      const plan = await planned;
      if (plan === undefined) return this.answer(this.news.get(urn)!);
      return this.answer(await this.execute(plan));
    } catch (err) {
      return { error: this.report(err, urn) };
    }
  }

  /**
   * An invoke (data source): a package with a plugin answers through its provider (the `provider` option, else the
   * default provider: source_eval.go `Invoke` → `getProviderFromSource`); other tokens are answered by the simulated
   * invokes, `{}` for any other token.
   */
  async invoke(token: string, inputs: Props, provider?: string): Promise<Answer> {
    const pkg = packageOf(token);
    if (this.hasPlugin(pkg)) {
      try {
        const ref = provider ?? (await this.defaultProvider(pkg, undefined));
        const plugin = await this.registry.providerFor(ref);
        return { state: await plugin.host.invoke(token, inputs) };
      } catch (err) {
        return { error: `invoking ${token}: ${errorMessage(err)}` };
      }
    }
    return { state: simulatedInvokes[token]?.({ inputs, region: this.ctx.region, account: this.ctx.account }) ?? {} };
  }

  /**
   * A remote component (source_eval.go `RegisterResource` with `remote`): its provider's plugin Constructs it, with
   * this engine's resource monitor as `monitorEndpoint` and the whole stack config; the component and its children
   * register there and go through this deployment like the program's own resources. The program gets the URN and
   * state Construct returned.
   */
  private async construct(goal: Goal): Promise<Answer> {
    try {
      if (!goal.provider) throw new Error(`no resource plugin found for package ${packageOf(goal.type)} (pulumi-resource-${packageOf(goal.type)})`);
      const monitor = await this.resourceMonitor();
      const plugin = await this.registry.providerFor(goal.provider);
      const config: Record<string, string> = {};
      const secretKeys: string[] = [];
      for (const [k, v] of Object.entries(this.ctx.stackConfig ?? {})) {
        config[k] = String(isSecret(v) ? v.value : v);
        if (isSecret(v)) secretKeys.push(k);
      }
      const r = await plugin.host.construct({
        project: this.ctx.project,
        stack: this.ctx.stack,
        config,
        configSecretKeys: secretKeys,
        dryRun: this.ctx.dryRun,
        monitorEndpoint: monitor.address,
        type: goal.type,
        name: goal.name,
        parent: goal.parent,
        inputs: goal.inputs,
        dependencies: goal.dependencies,
        protect: goal.protect,
        providers: {},
      });
      return { urn: r.urn, state: r.state };
    } catch (err) {
      const urn = makeUrn(this.ctx.stack, this.ctx.project, goal.type, goal.name, goal.parent);
      const message = `constructing ${urn}: ${errorMessage(err)}`;
      if (!this.failed) this.fail({ urn, message });
      return { error: message };
    }
  }

  /** Component outputs (registerResourceOutputs); the stack's are the stack outputs. */
  registerOutputs(urn: string, outputs: Props): void {
    if (urn.split("::")[2] === STACK_TYPE) {
      this.stackOutputs = outputs;
      this.ctx.snapshot.outputs = outputs;
    }
    const state = this.news.get(urn);
    if (state && !state.custom) {
      state.outputs = outputs;
      if (!this.ctx.dryRun) this.ctx.snapshot.write();
    }
  }

  private answer(state: StateResource): Answer {
    return { urn: state.urn, id: state.id, state: state.outputs };
  }

  private report(err: unknown, urn: string): string {
    if (err instanceof Skipped) return "skipped: an earlier step of this deployment failed";
    if (err instanceof CheckFailed) {
      for (const f of err.failures) {
        this.failures.push({ urn: err.urn!, property: f.property, reason: f.reason });
        this.fail({ urn: err.urn, message: `${f.property ? `property ${f.property}: ` : ""}${f.reason}` });
      }
      return err.message;
    }
    if (err instanceof BailError || err instanceof StepFailed) {
      this.fail({ urn: err.urn ?? urn, message: err.message });
      return err.message;
    }
    const message = `provider error: ${errorMessage(err)}`;
    this.fail({ urn, message });
    return message;
  }

  /**
   * Step generation for one registration (`generateSteps`): a get becomes a read step; an import reads first and
   * then goes through ordinary Check and Diff; a custom resource is checked and diffed; a component is compared.
   * Returns undefined when the registration was fully handled here (reads and imports).
   */
  private async generate(urn: string, goal: Goal): Promise<Plan | undefined> {
    const provider = this.providerFor(goal);
    if (goal.readId !== undefined && provider) {
      const step = this.step("read", urn, goal);
      this.generator.claimed.add(urn);
      const old = this.ctx.snapshot.baseOf(urn, (r) => r.status !== "pending-delete");
      const state = await this.run(step, () =>
        provider.then((p) => this.executor.read(p, newState(urn, goal, goal.inputs), goal.readId!, old)),
      );
      this.news.set(urn, state);
      return undefined;
    }
    let old = this.generator.getOld(urn, goal);
    if (!provider) return this.generator.planComponent(urn, goal, old);
    const p = await provider;
    const oldImportId = old ? (old.importId ?? old.id) : undefined;
    if (goal.custom && goal.importId && (!old || old.external || oldImportId !== goal.importId)) {
      const step = this.step("import", urn, goal);
      const readProps = this.ctx.importReadCarriesProvider && isDynamicType(goal.type) ? { __provider: goal.inputs.__provider } : {};
      old = await this.run(step, () => this.executor.import(p, newState(urn, goal, {}), goal.importId!, readProps));
      const plan = await this.generator.plan(p, urn, goal, old);
      if (plan.kind === "same") {
        this.news.set(urn, this.executor.same(old, plan.new));
        return undefined;
      }
      return plan;
    }
    return this.generator.plan(p, urn, goal, old);
  }

  private step(op: Step["op"], urn: string, goal: { type: string; name: string }, extra: Partial<Step> = {}): Step {
    const step: Step = { op, urn, type: goal.type, name: goal.name, diffs: [], replaces: [], ...extra };
    this.steps.push(step);
    return step;
  }

  /** Runs one step unless the deployment already failed (then no new step starts), timing it. */
  private async run<T>(step: Step, apply: () => Promise<T>): Promise<T> {
    if (this.failed) {
      step.failed = true;
      throw new Skipped();
    }
    step.startedMs = Date.now();
    try {
      return await apply();
    } catch (err) {
      step.failed = true;
      throw err;
    } finally {
      step.finishedMs = Date.now();
    }
  }

  /** Step execution for a registration's plan. */
  private async execute(plan: Plan): Promise<StateResource> {
    const { urn } = plan;
    const goal = plan.new;
    const provider = this.providerFor(goal);
    let state: StateResource;
    switch (plan.kind) {
      case "same":
        this.step("same", urn, goal);
        state = provider ? this.executor.same(plan.old, plan.new) : this.executor.component(plan.old, plan.new);
        // registry.go `Same`: an unchanged provider resource is configured from its state.
        if (isProviderType(goal.type) && (await provider) === this.registry) await this.registry.same(state);
        break;
      case "create": {
        const step = this.step("create", urn, goal);
        state = provider
          ? await this.run(step, async () => this.executor.create(await provider, plan.new))
          : this.executor.component(undefined, plan.new);
        break;
      }
      case "update": {
        const step = this.step("update", urn, goal, { diffs: plan.diffs });
        state = provider
          ? await this.run(step, async () => this.executor.update(await provider, plan.old, plan.new))
          : this.executor.component(plan.old, plan.new);
        break;
      }
      case "replace":
        state = await this.replace(plan, provider!);
        break;
    }
    this.news.set(urn, state);
    return state;
  }

  /**
   * A replacement: delete-before-replace deletes the old resource first; otherwise the new one is created first and
   * the old one, marked pending-delete once that create succeeded, is deleted with the other deletes at the end.
   */
  private async replace(plan: Extract<Plan, { kind: "replace" }>, provider: Promise<Provider>): Promise<StateResource> {
    const { urn, diffs, replaces, deleteBeforeReplace } = plan;
    const extra = { diffs, replaces, deleteBeforeReplace };
    const goal = plan.new;
    if (deleteBeforeReplace) {
      const del = this.step("delete-replaced", urn, goal, extra);
      this.step("replace", urn, goal, extra);
      const create = this.step("create-replacement", urn, goal, extra);
      await this.run(del, async () => this.executor.delete(await provider, plan.old, true, new Set([urn])));
      return this.run(create, async () => this.executor.create(await provider, plan.new));
    }
    const create = this.step("create-replacement", urn, goal, extra);
    this.step("replace", urn, goal, extra);
    if (this.ctx.dryRun) this.step("delete-replaced", urn, goal, extra);
    return this.run(create, async () => this.executor.create(await provider, plan.new, plan.old));
  }

  // ---- pulumi import -------------------------------------------------------------------------------------

  /**
   * `pulumi import <type> <name> <id>` (pkg/resource/deploy/import.go `importer.importResources`): the stack
   * resource is created when the state has none; the package's default provider is registered (here through
   * ordinary step generation, so an existing one is a same step); the resource, parent the stack, is read with its
   * id (a planned ImportStep: the read inputs are stored, no import id) and then checked against those same inputs,
   * a check failure being only a warning. A resource already in state under that URN with the same id is left
   * alone; with another id it is an error. Returns the imported state, undefined when nothing was imported.
   */
  async importResource(type: string, name: string, id: string, protect: boolean): Promise<StateResource | undefined> {
    const stackUrn = makeUrn(this.ctx.stack, this.ctx.project, STACK_TYPE, `${this.ctx.project}-${this.ctx.stack}`);
    const stackGoal: Goal = { type: STACK_TYPE, name: `${this.ctx.project}-${this.ctx.stack}`, custom: false, inputs: {}, dependencies: [] };
    const stack = await this.register(stackGoal);
    if (stack.error !== undefined) return undefined;
    const pkg = packageOf(type);
    const goal: Goal = { type, name, custom: true, inputs: {}, dependencies: [], parent: stackUrn, protect: protect || undefined };
    const urn = makeUrn(this.ctx.stack, this.ctx.project, type, name, stackUrn);
    const old = this.ctx.snapshot.baseOf(urn);
    if (old) {
      if ((old.importId ?? old.id) === id) return undefined;
      this.fail({ urn, message: `resource '${urn}' already exists` });
      return undefined;
    }
    if (!this.hasPlugin(pkg)) {
      this.fail({ urn, message: `no resource plugin found for package ${pkg} (pulumi-resource-${pkg} on PATH, a project plugin or the plugin cache)` });
      return undefined;
    }
    let provider: ProviderPlugin;
    try {
      goal.provider = await this.defaultProvider(pkg, undefined);
      provider = await this.registry.providerFor(goal.provider);
    } catch (err) {
      if (!this.failed) this.fail({ urn, message: errorMessage(err) });
      return undefined;
    }
    const step = this.step("import", urn, goal);
    try {
      const state = await this.run(step, () => this.executor.import(provider, newState(urn, goal, {}), id, {}, true));
      const checked = await provider.check(urn, state.inputs, state.inputs);
      if (checked.failures.length) {
        this.warn(
          urn,
          `One or more imported inputs failed to validate. This is almost certainly a bug in the \`${pkg}\` provider. ` +
            "The import will still proceed, but you will need to edit the generated code after copying it into your program.",
        );
        for (const f of checked.failures) this.warn(urn, `${f.property ? `${f.property}: ` : ""}${f.reason}`);
      }
      return state;
    } catch (err) {
      this.fail({ urn, message: errorMessage(err) });
      return undefined;
    }
  }

  // ---- deletes -------------------------------------------------------------------------------------------

  /**
   * `GenerateDeletes` + `ScheduleDeletes`: the old resources no registration claimed, and replaced ones marked
   * pending-delete, deleted once nothing still pending needs them; independent ones in parallel.
   */
  async deleteLeftovers(): Promise<void> {
    const leftovers = this.ctx.snapshot.base.filter(
      (r) => r.status === "pending-delete" || !this.generator.claimed.has(r.urn),
    );
    await this.deleteAll([...leftovers].reverse());
  }

  /** Deletes `pending` (latest created first) in dependency order, concurrently; no delete starts after a failure. */
  async deleteAll(pending: StateResource[]): Promise<void> {
    const deleting = new Set(pending.map((r) => r.urn));
    const started = new Set<StateResource>();
    let inflight = 0;
    await new Promise<void>((resolve) => {
      const pump = () => {
        if (!this.failed) {
          for (const r of readyToDelete(pending)) {
            if (started.has(r)) continue;
            started.add(r);
            inflight++;
            void this.deleteOne(r, deleting).then((ok) => {
              inflight--;
              if (ok) pending.splice(pending.indexOf(r), 1);
              pump();
            });
          }
        }
        if (inflight === 0) resolve();
      };
      pump();
    });
  }

  private async deleteOne(r: StateResource, deleting: ReadonlySet<string>): Promise<boolean> {
    const replaced = r.status === "pending-delete";
    const op: Step["op"] = r.external ? "discard" : replaced ? "delete-replaced" : "delete";
    const step = this.step(op, r.urn, r);
    try {
      await this.run(step, async () => this.executor.delete(await this.providerFor(r), r, replaced, deleting));
      return true;
    } catch (err) {
      if (!(err instanceof Skipped)) this.fail({ urn: r.urn, message: errorMessage(err) });
      return false;
    }
  }

  // ---- refresh -------------------------------------------------------------------------------------------

  /**
   * Refresh every resource of the base state (`GenerateRefreshes`; in parallel), in a preview too. Gone resources
   * leave the state; the others take what was read. The base is rewritten with the result.
   */
  async refreshAll(): Promise<void> {
    const base = this.ctx.snapshot.base;
    const results = await Promise.all(
      base.map(async (old): Promise<StateResource | undefined> => {
        if (!old.custom || old.id === undefined || old.status === "pending-delete") return old;
        const step = this.step("read", old.urn, old);
        try {
          const provider = (await this.providerFor(old))!;
          const r = await this.run(step, () =>
            refreshResource(provider, old, useRefreshDiff(old, this.ctx.env), (m) => this.warn(old.urn, m)),
          );
          step.result = r.result;
          step.diffs = r.diffs;
          if (r.result === "delete") step.op = "delete";
          return r.state;
        } catch (err) {
          this.fail({ urn: old.urn, message: `refreshing ${old.urn}: ${errorMessage(err)}` });
          return old;
        }
      }),
    );
    this.ctx.snapshot.rebase(results.filter((r): r is StateResource => r !== undefined));
    // `up --refresh`: the program's steps must replace the refreshed states, not the ones read before.
    this.takeOlds();
  }

  private takeOlds(): void {
    this.olds.clear();
    for (const r of this.ctx.snapshot.base) if (r.status !== "pending-delete") this.olds.set(r.urn, r);
  }
}

class Skipped extends Error {
  constructor() {
    super("skipped");
  }
}

function goalOf(req: RegisterRequest | Goal): Goal {
  const { kind, reqId, ...goal } = req as RegisterRequest;
  void kind;
  void reqId;
  return goal;
}

/** Values as the program sees them: secrets unwrapped (stack outputs in an OperationResult). */
export function unwrap(props: Props): Props {
  return toProviderValue(props) as Props;
}
