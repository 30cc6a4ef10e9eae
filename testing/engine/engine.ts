// LocalEngine: a small stand-in for the Pulumi engine, for tests and demos only (not a replacement for the
// Pulumi CLI). It runs a program in a child process under pulumi.runtime.setMocks, sends dynamic resources to
// @pulumi/pulumi's real dynamic-provider host over gRPC following the engine's rules (testing/engine/RULES.md),
// simulates every other resource, and keeps a JSON state file. This file drives the operations (pkg/engine:
// update.go, refresh.go); what each step does lives in stepGenerator.ts (deciding), stepExecutor.ts (calling the
// provider), snapshot.ts (what is stored) and deployment.ts (one pass).
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import { Deployment, isDynamicType, unwrap } from "./deployment";
import { ProviderHost, resolvePulumiDir } from "./host";
import { isSecret, makeSecret, renderPlan, summarize } from "./plan";
import { importCode } from "./importCode";
import { findResourcePlugin, type FoundPlugin } from "./pluginLookup";
import { readProject, readProjectPlugins } from "./project";
import { runProgram } from "./languageHost";
import { SnapshotManager, loadState } from "./snapshot";
import type {
  LocalEngineOptions,
  OperationName,
  OperationResult,
  RefreshOptions,
  StateFile,
  UpdateOptions,
} from "./types";
import { STACK_TYPE, makeUrn } from "./urn";

export { isDynamicType, makeUrn };

type Props = Record<string, unknown>;

export class LocalEngine {
  readonly programDir: string;
  readonly stack: string;
  readonly project: string;
  readonly stateFile: string;
  private readonly entry: string;
  private readonly pulumiDir: string;
  private readonly opts: LocalEngineOptions;
  private readonly children = new Set<ChildProcess>();
  /** Pids of every provider host this engine started (tests use it to prove each pass gets a fresh one). */
  readonly hostPids: number[] = [];
  /** Pids of every resource plugin this engine started. */
  readonly pluginPids: number[] = [];
  /** Resource plugins found, by package (looked up once per engine). */
  private readonly plugins = new Map<string, FoundPlugin | undefined>();

  constructor(opts: LocalEngineOptions) {
    this.opts = opts;
    this.programDir = path.resolve(opts.programDir);
    const info = readProject(this.programDir);
    this.project = opts.project ?? info.name;
    this.stack = opts.stack ?? "dev";
    this.stateFile = path.resolve(opts.stateFile);
    this.entry = info.entry;
    this.pulumiDir = resolvePulumiDir(this.programDir);
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  readState(): StateFile {
    return loadState(this.stateFile, this.project, this.stack);
  }

  /** Preview: Check (and Diff for existing resources) only; nothing is created, changed or deleted. */
  async preview(options: UpdateOptions = {}): Promise<OperationResult> {
    const pass = await this.runPass(true, options);
    return this.result("preview", pass, true);
  }

  /** Up: a preview pass, then (if it succeeded) an update pass, each with its own program process and host. */
  async up(options: UpdateOptions = {}): Promise<OperationResult> {
    const preview = await this.runPass(true, options);
    if (preview.failed) return this.result("up", preview, true);
    const update = await this.runPass(false, options);
    return this.result("up", update, false);
  }

  /**
   * Refresh, as `pulumi refresh` runs it without the program: a preview pass that reads every resource, then an
   * update pass that reads them again and stores what it read, each with a host configured from the config
   * stored in state. Gone resources leave the state; init errors are cleared.
   */
  async refresh(options: RefreshOptions = {}): Promise<OperationResult> {
    if (!options.skipPreview) {
      const preview = await this.runRefresh(true, options);
      if (preview.failed) return this.result("refresh", preview, true, preview.ctx.snapshot.outputs);
    }
    const update = await this.runRefresh(false, options);
    return this.result("refresh", update, false, update.ctx.snapshot.outputs);
  }

  /**
   * Destroy: delete every resource, each once nothing left depends on it, independent ones concurrently (as the
   * Pulumi engine does); after a failure no new delete starts. The state is left empty (failed deletes stay).
   */
  async destroy(): Promise<OperationResult> {
    const snapshot = new SnapshotManager(this.readState(), this.stateFile);
    const pass = this.deployment(false, snapshot, this.storedConfig(snapshot));
    try {
      await pass.deleteAll([...snapshot.base].reverse());
    } finally {
      await this.stopHost(pass);
    }
    if (snapshot.snap().resources.length === 0) snapshot.outputs = {};
    snapshot.write();
    return this.result("destroy", pass, false, {});
  }

  /**
   * `pulumi import <type> <name> <id>` (pkg/engine/import.go, deploy/import.go): adopts an existing resource into the
   * state without running the program: the stack and the package's default provider when missing, then the
   * resource read from its plugin with its id, protected unless `protect` is false. `code` is what to add to the
   * program so that the next `up` changes nothing (see importCode.ts). One update pass (no preview pass).
   */
  async import(type: string, name: string, id: string, options: { protect?: boolean } = {}): Promise<OperationResult & { code: string }> {
    const snapshot = new SnapshotManager(this.readState(), this.stateFile);
    const pass = this.deployment(false, snapshot, this.providerConfig());
    let imported: Awaited<ReturnType<Deployment["importResource"]>>;
    try {
      imported = await pass.importResource(type, name, id, options.protect ?? true);
    } finally {
      await this.stopHost(pass);
    }
    snapshot.write();
    const result = this.result("import", pass, false, snapshot.outputs);
    const code = imported ? importCode([imported]) : "";
    return { ...result, code };
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /** Whole stack config as the provider's Configure receives it: namespaced keys, secrets unwrapped. */
  providerConfig(): Record<string, string> {
    return { ...(this.opts.config ?? {}), ...(this.opts.secretConfig ?? {}) };
  }

  /** The config as state stores it (the default provider's inputs, target.go GetPackageConfig): secrets wrapped. */
  private configForState(): Props {
    const secret = Object.fromEntries(Object.entries(this.opts.secretConfig ?? {}).map(([k, v]) => [k, makeSecret(v)]));
    return { ...(this.opts.config ?? {}), ...secret };
  }

  /** refresh and destroy configure the host from the config stored in state (falling back to the options). */
  private storedConfig(snapshot: SnapshotManager): Record<string, string> {
    const stored = snapshot.providerConfig;
    if (!stored) return this.providerConfig();
    return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, String(isSecret(v) ? v.value : v)]));
  }

  private region(config: Record<string, string>): string {
    return config["aws:region"] ?? "us-east-1";
  }

  /** The program's environment: the engine's, plus what the Pulumi CLI gives a Node.js language host. */
  private programEnv(): NodeJS.ProcessEnv {
    return {
      ...this.engineEnv(),
      PULUMI_CONFIG: JSON.stringify(this.providerConfig()),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(Object.keys(this.opts.secretConfig ?? {})),
      PULUMI_NODEJS_PROJECT: this.project,
      PULUMI_NODEJS_STACK: this.stack,
      // A consistent module pair for ts-node, also when the project has no tsconfig (ts-node's default pairs
      // module nodenext with an incompatible moduleResolution). CommonJS output unless package.json says otherwise.
      TS_NODE_COMPILER_OPTIONS:
        process.env.TS_NODE_COMPILER_OPTIONS ?? JSON.stringify({ module: "node16", moduleResolution: "node16" }),
    };
  }

  /**
   * The provider host's environment, as the engine starts the dynamic provider plugin (provider_plugin.go
   * `NewProvider`, host.go `Provider`, plugin.go `ExecPlugin`): the engine's own environment, plus
   * PULUMI_NODEJS_PROJECT and PULUMI_PROJECT, and PULUMI_CONFIG holding only the `pulumi-nodejs:` keys (names
   * without the namespace). No PULUMI_NODEJS_STACK: inside the host `pulumi.getStack()` is not the stack.
   */
  private hostEnv(): NodeJS.ProcessEnv {
    return this.pluginEnv("pulumi-nodejs");
  }

  /**
   * A provider plugin's environment (host.go `Provider`, provider_plugin.go `NewProvider`): the engine's own, plus
   * PULUMI_PROJECT (and PULUMI_NODEJS_PROJECT for the dynamic provider) and PULUMI_CONFIG holding the package's own
   * config keys, without the namespace.
   */
  private pluginEnv(pkg: string): NodeJS.ProcessEnv {
    const own = Object.entries(this.providerConfig())
      .filter(([k]) => k.startsWith(`${pkg}:`))
      .map(([k, v]) => [k.slice(pkg.length + 1), v]);
    return {
      ...this.engineEnv(),
      ...(pkg === "pulumi-nodejs" ? { PULUMI_NODEJS_PROJECT: this.project } : {}),
      PULUMI_PROJECT: this.project,
      PULUMI_CONFIG: JSON.stringify(Object.fromEntries(own)),
    };
  }

  /** Where `pkg`'s resource plugin is (pluginLookup.ts, as workspace `GetPluginPath`), or undefined. */
  findPlugin(pkg: string): FoundPlugin | undefined {
    if (pkg === "pulumi-nodejs" || pkg === "pulumi") return undefined;
    if (!this.plugins.has(pkg)) {
      const projectPlugins = readProjectPlugins(this.programDir, this.pulumiDir);
      this.plugins.set(pkg, findResourcePlugin(pkg, { env: this.engineEnv(), projectPlugins }));
    }
    return this.plugins.get(pkg);
  }

  /**
   * Starts `pkg`'s resource plugin as plugin.go `ExecPlugin` does: the executable with the engine's address as its
   * only (so last) argument, in the project directory, with the plugin environment; port handshake on stdout.
   */
  launchPlugin(pkg: string, engineAddress: string): ProviderHost {
    const found = this.findPlugin(pkg);
    if (!found) throw new Error(`no resource plugin found for package ${pkg} (looked for pulumi-resource-${pkg})`);
    const host = ProviderHost.launch({
      command: found.path,
      args: [engineAddress],
      cwd: this.programDir,
      env: this.pluginEnv(pkg),
      log: (l) => this.log(l),
      label: `${pkg} (resource)`,
    });
    if (host.pid !== undefined) this.pluginPids.push(host.pid);
    return host;
  }

  /** The engine's own environment with the caller's additions. */
  private engineEnv(): NodeJS.ProcessEnv {
    return { ...process.env, ...(this.opts.env ?? {}) };
  }

  startHost(): ProviderHost {
    const host = ProviderHost.start({
      pulumiDir: this.pulumiDir,
      cwd: this.programDir,
      env: this.hostEnv(),
      log: (l) => this.log(l),
    });
    if (host.pid !== undefined) this.hostPids.push(host.pid);
    return host;
  }

  private readonly hosts = new WeakMap<Deployment, ProviderHost>();

  private deployment(dryRun: boolean, snapshot: SnapshotManager, config: Record<string, string>): Deployment {
    const pass: Deployment = new Deployment({
      stack: this.stack,
      project: this.project,
      dryRun,
      snapshot,
      region: this.region(config),
      account: this.opts.account ?? "123456789012",
      env: this.engineEnv(),
      log: (l) => this.log(l),
      importReadCarriesProvider: this.opts.importReadCarriesProvider,
      hasPlugin: (pkg) => this.findPlugin(pkg) !== undefined,
      launchPlugin: (pkg, address) => this.launchPlugin(pkg, address),
      stackConfig: this.configForState(),
      startHost: async () => {
        const host = this.startHost();
        this.hosts.set(pass, host);
        await host.configure(config);
        return host;
      },
    });
    return pass;
  }

  private async stopHost(pass: Deployment): Promise<void> {
    await Promise.all([this.hosts.get(pass)?.stop(), pass.close()]);
  }

  private result(operation: OperationName, pass: Deployment, dryRun: boolean, serializedOutputs: Props = pass.stackOutputs): OperationResult {
    return {
      ok: !pass.failed,
      operation,
      steps: pass.steps,
      outputs: unwrap(serializedOutputs),
      diagnostics: pass.diagnostics,
      failures: pass.failures,
      planText: renderPlan({
        operation,
        dryRun,
        stack: this.stack,
        steps: pass.steps,
        outputs: serializedOutputs,
        diagnostics: pass.diagnostics,
      }),
      changeSummary: summarize(pass.steps, dryRun, operation),
    };
  }

  /** One pass of preview/up: optionally refresh, run the program, then delete what it no longer declares. */
  private async runPass(dryRun: boolean, options: UpdateOptions): Promise<Deployment> {
    const prev = this.readState();
    const snapshot = new SnapshotManager(prev, dryRun ? undefined : this.stateFile);
    const pass = this.deployment(dryRun, snapshot, this.providerConfig());
    this.log(`${dryRun ? "preview" : "update"} pass of ${this.project}/${this.stack}`);
    if (!dryRun && !options.refresh && prev.pendingOperations?.length) {
      const list = prev.pendingOperations.map((o) => `  * ${o.resource.urn}, interrupted while ${o.type}`).join("\n");
      pass.warn(
        undefined,
        `this update starts with ${prev.pendingOperations.length} pending operation(s) left by an interrupted deployment:\n${list}\n` +
          "their outcome is unknown: check the resources with the cloud provider, then run refresh to clear them " +
          "(pending creates stay in the state until a refresh clears or imports them).",
      );
    }
    try {
      // Start the host alongside the program rather than on its first registration: it takes ~0.6 s to
      // listen, and guessing from the program's text which programs need it missed imports of packages.
      pass.dynamicProvider().catch(() => undefined);
      if (options.refresh) await pass.refreshAll();
      if (!pass.failed) {
        snapshot.providerConfig = this.configForState();
        await this.runProgram(pass);
      }
      if (!pass.failed) await pass.deleteLeftovers();
    } finally {
      await this.stopHost(pass);
    }
    snapshot.write();
    return pass;
  }

  private async runRefresh(dryRun: boolean, options: RefreshOptions): Promise<Deployment> {
    const snapshot = new SnapshotManager(this.readState(), dryRun ? undefined : this.stateFile);
    const pass = this.deployment(dryRun, snapshot, this.storedConfig(snapshot));
    this.log(`${dryRun ? "preview" : "update"} pass of refresh ${this.project}/${this.stack}`);
    if (!dryRun && options.clearPendingCreates) snapshot.clearPendingCreates();
    try {
      await pass.refreshAll();
    } finally {
      await this.stopHost(pass);
    }
    snapshot.write();
    return pass;
  }

  private runProgram(pass: Deployment): Promise<void> {
    return runProgram({
      programDir: this.programDir,
      entry: this.entry,
      project: this.project,
      stack: this.stack,
      pulumiDir: this.pulumiDir,
      env: this.programEnv(),
      deployment: pass,
      children: this.children,
      log: (l) => this.log(l),
    });
  }

  /** Kills any program process still running (hosts are stopped at the end of each pass). */
  async dispose(): Promise<void> {
    for (const child of this.children) child.kill("SIGKILL");
    this.children.clear();
  }
}

export { STACK_TYPE };
