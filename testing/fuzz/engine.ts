// The engine in a box, in process: the same passes as testing/engine/engine.ts (`LocalEngine`) built from the
// same modules (Deployment, StepGenerator, StepExecutor, SnapshotManager, ProviderPlugin), with the program given
// as a ProgramSpec (program.ts) and the dynamic-provider host replaced by in-process calls (frontEnd.ts). The
// state lives in memory and every write of it is kept in a journal, so a crash after any entry can be simulated
// by keeping that entry and stopping every later provider call (Pulumi's fuzzer does the same with its
// snapshot persister, pkg/engine/lifecycletest/fuzzing). On the plugin front end the package `networkflowmonitor`
// has a resource plugin (pluginFrontEnd.ts): its resources get the package's default provider, registered from the
// stack's `networkflowmonitor:*` config, as Pulumi does.
import { Deployment } from "../engine/deployment";
import { makeSecret, summarize } from "../engine/plan";
import { SnapshotManager } from "../engine/snapshot";
import { emptyState } from "../engine/state";
import type { ChangeKind, Diagnostic, OperationName, StateFile, Step } from "../engine/types";
import { InProcessDynamicHost, type CrashSwitch, type FrontEndName } from "./frontEnd";
import type { InProcessPluginServer } from "./pluginFrontEnd";
import { PLUGIN_PACKAGE, registerProgram, type ProgramSpec } from "./program";

export interface FuzzOperationResult {
  ok: boolean;
  operation: OperationName;
  steps: Step[];
  diagnostics: Diagnostic[];
  changeSummary: Record<ChangeKind, number>;
}

/** A SnapshotManager whose writes go to a journal in memory (entry = the whole state after that write). */
class JournalSnapshot extends SnapshotManager {
  constructor(
    prev: StateFile,
    private readonly persist: ((state: StateFile) => void) | undefined,
  ) {
    super(prev, undefined);
  }

  override write(): void {
    this.persist?.(this.snap());
  }
}

export interface InProcessEngineOptions {
  project: string;
  stack: string;
  /** Stack config as Configure receives it (namespaced keys). */
  config: Record<string, string>;
  secretConfig?: Record<string, string>;
  front?: FrontEndName;
  /** The plugin's server (the plugin front end). */
  plugin?: InProcessPluginServer;
  log?: (line: string) => void;
}

export class InProcessEngine {
  state: StateFile;
  /** Every state written since the last `clearJournal`, in order. */
  journal: StateFile[] = [];
  /** Set to crash after this many more journal entries (then no entry is kept and no provider call starts). */
  crashAfter: number | undefined;
  readonly crash: CrashSwitch = { crashed: false };

  constructor(private readonly opts: InProcessEngineOptions) {
    if (opts.front === "plugin" && !opts.plugin) throw new Error("the plugin front end needs the plugin's server");
    this.state = emptyState(opts.project, opts.stack);
  }

  private persist = (state: StateFile): void => {
    if (this.crash.crashed) return;
    if (this.crashAfter !== undefined) {
      if (this.crashAfter <= 0) {
        this.crash.crashed = true;
        return;
      }
      this.crashAfter--;
    }
    const copy = JSON.parse(JSON.stringify(state)) as StateFile;
    this.state = copy;
    this.journal.push(copy);
  };

  /** After a crash: the engine restarts from the state it last wrote. */
  restart(): void {
    this.crash.crashed = false;
    this.crashAfter = undefined;
  }

  private config(): Record<string, string> {
    return { ...this.opts.config, ...(this.opts.secretConfig ?? {}) };
  }

  get front(): FrontEndName {
    return this.opts.front ?? "dynamic";
  }

  /** The stack config as state and default providers hold it (target.go GetPackageConfig): secrets wrapped. */
  private stackConfig(): Record<string, unknown> {
    const secret = Object.fromEntries(Object.entries(this.opts.secretConfig ?? {}).map(([k, v]) => [k, makeSecret(v)]));
    return { ...this.opts.config, ...secret };
  }

  private deployment(dryRun: boolean, snapshot: SnapshotManager): Deployment {
    const { project, stack, plugin } = this.opts;
    const config = this.config();
    const pass = new Deployment({
      stack,
      project,
      dryRun,
      snapshot,
      region: config["aws:region"] ?? "us-east-1",
      account: "123456789012",
      env: process.env,
      log: (l) => this.opts.log?.(l),
      startHost: async () => {
        const host = new InProcessDynamicHost(project, this.crash);
        await host.configure(config);
        return host.asProviderHost();
      },
      stackConfig: this.stackConfig(),
      ...(this.front === "plugin" && plugin
        ? {
            hasPlugin: (pkg: string) => pkg === PLUGIN_PACKAGE,
            launchPlugin: () => plugin.connect(this.crash),
          }
        : {}),
    });
    return pass;
  }

  private snapshot(dryRun: boolean): SnapshotManager {
    return new JournalSnapshot(JSON.parse(JSON.stringify(this.state)) as StateFile, dryRun ? undefined : this.persist);
  }

  private result(operation: OperationName, pass: Deployment, dryRun: boolean): FuzzOperationResult {
    return {
      ok: !pass.failed && !this.crash.crashed,
      operation,
      steps: pass.steps,
      diagnostics: pass.diagnostics,
      changeSummary: summarize(pass.steps, dryRun, operation),
    };
  }

  private async runPass(spec: ProgramSpec, dryRun: boolean, refresh: boolean): Promise<Deployment> {
    const snapshot = this.snapshot(dryRun);
    const pass = this.deployment(dryRun, snapshot);
    try {
      if (refresh) await pass.refreshAll();
      if (!pass.failed) {
        snapshot.providerConfig = this.stackConfig();
        await registerProgram(pass, spec, this.opts.project, this.opts.stack, this.front);
      }
      if (!pass.failed) await pass.deleteLeftovers();
      snapshot.write();
    } finally {
      // The pass's plugin loads and, when a plugin was loaded, the engine's own gRPC server.
      await pass.close();
    }
    return pass;
  }

  async preview(spec: ProgramSpec, options: { refresh?: boolean } = {}): Promise<FuzzOperationResult> {
    return this.result("preview", await this.runPass(spec, true, !!options.refresh), true);
  }

  async up(spec: ProgramSpec, options: { refresh?: boolean } = {}): Promise<FuzzOperationResult> {
    const preview = await this.runPass(spec, true, !!options.refresh);
    if (preview.failed) return this.result("up", preview, true);
    return this.result("up", await this.runPass(spec, false, !!options.refresh), false);
  }

  /** `clearPendingCreates`: `pulumi refresh --clear-pending-creates` (the "clear" answer to refresh's prompt). */
  async refresh(options: { clearPendingCreates?: boolean } = {}): Promise<FuzzOperationResult> {
    for (const dryRun of [true, false]) {
      const snapshot = this.snapshot(dryRun);
      const pass = this.deployment(dryRun, snapshot);
      if (!dryRun && options.clearPendingCreates) snapshot.clearPendingCreates();
      try {
        await pass.refreshAll();
        snapshot.write();
      } finally {
        await pass.close();
      }
      if (pass.failed || !dryRun) return this.result("refresh", pass, dryRun);
    }
    throw new Error("unreachable");
  }

  async destroy(): Promise<FuzzOperationResult> {
    const snapshot = this.snapshot(false);
    const pass = this.deployment(false, snapshot);
    try {
      await pass.deleteAll([...snapshot.base].reverse());
      if (snapshot.snap().resources.length === 0) snapshot.outputs = {};
      snapshot.write();
    } finally {
      await pass.close();
    }
    return this.result("destroy", pass, false);
  }
}
