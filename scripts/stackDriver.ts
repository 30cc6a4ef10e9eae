// Drives one stack of a Pulumi program the same way whether a real `pulumi` CLI is on PATH or
// not: with it, the CLI through Pulumi's Automation API (`LocalWorkspace`, a local file backend in
// a temporary directory, a passphrase); without it, the project's engine in a box (testing/engine)
// over Pulumi's real dynamic-provider host. `make demo` and the acceptance suite (acceptance/) use it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPulumiCli, LocalEngine, type OperationResult } from "../testing/engine";

export interface StepResult {
  ok: boolean;
  /** What a user would see: the engine's plan text and messages, or the CLI's output and error. */
  text: string;
  /** Operation per resource name: create, update, replace, delete, same, read, refresh. */
  ops: Record<string, string[]>;
}

export interface StackDriver {
  readonly kind: "pulumi-cli" | "engine-in-a-box";
  /** Where the stack's state lives (kept after `dispose({ keepState: true })`). */
  readonly stateLocation: string;
  setConfig(key: string, value: string): Promise<void>;
  preview(): Promise<StepResult>;
  up(): Promise<StepResult>;
  refresh(): Promise<StepResult>;
  destroy(): Promise<StepResult>;
  outputs(): Promise<Record<string, unknown>>;
  /** `pulumi import` of existing objects into the stack (the CLI only: the engine in a box imports through the `import` option). */
  importResources?(resources: { type: string; name: string; id: string }[]): Promise<StepResult>;
  /** Removes the temporary state and backend, unless `keepState` (a failed acceptance run keeps it to destroy by hand). */
  dispose(opts?: { keepState?: boolean }): Promise<void>;
}

export interface DriverOptions {
  programDir: string;
  stack: string;
  config: Record<string, string>;
  env: Record<string, string>;
  /** Force one kind; by default the real CLI when it is on PATH. */
  kind?: StackDriver["kind"];
}

export function createStackDriver(opts: DriverOptions): StackDriver {
  const kind = opts.kind ?? (findPulumiCli() ? "pulumi-cli" : "engine-in-a-box");
  return kind === "pulumi-cli" ? new CliDriver(opts) : new EngineDriver(opts);
}

class EngineDriver implements StackDriver {
  readonly kind = "engine-in-a-box" as const;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-stack-"));
  private readonly config: Record<string, string>;
  private engine?: LocalEngine;
  readonly stateLocation = path.join(this.dir, "state.json");

  constructor(private readonly opts: DriverOptions) {
    this.config = { ...opts.config };
  }

  async setConfig(key: string, value: string): Promise<void> {
    this.config[key] = value;
  }

  // A fresh engine per operation, so each sees the config as it is now; state stays in one file.
  private async run(op: "preview" | "up" | "refresh" | "destroy" | ((engine: LocalEngine) => Promise<OperationResult>)): Promise<StepResult> {
    await this.engine?.dispose();
    this.engine = new LocalEngine({
      programDir: this.opts.programDir,
      stack: this.opts.stack,
      stateFile: this.stateLocation,
      config: this.config,
      env: this.opts.env,
    });
    const result = typeof op === "function" ? await op(this.engine) : await this.engine[op]();
    const ops: Record<string, string[]> = {};
    for (const s of result.steps) (ops[s.name] ??= []).push(s.op);
    const messages = result.diagnostics.map((d) => d.message).filter((m) => !result.planText.includes(m));
    return { ok: result.ok, text: [result.planText, ...messages].join("\n"), ops };
  }

  preview = () => this.run("preview");
  up = () => this.run("up");
  refresh = () => this.run("refresh");
  destroy = () => this.run("destroy");

  /** `nfm-engine import` for each resource in turn, as `pulumi import` does (unprotected, no code printed). */
  async importResources(resources: { type: string; name: string; id: string }[]): Promise<StepResult> {
    let last: StepResult = { ok: true, text: "", ops: {} };
    for (const r of resources) {
      last = await this.run((engine) => engine.import(r.type, r.name, r.id, { protect: false }));
      if (!last.ok) break;
    }
    return last;
  }

  async outputs(): Promise<Record<string, unknown>> {
    const state = JSON.parse(fs.readFileSync(this.stateLocation, "utf8"));
    return state.outputs ?? {};
  }

  async dispose(opts: { keepState?: boolean } = {}): Promise<void> {
    await this.engine?.dispose();
    if (!opts.keepState) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

type AutomationStack = import("@pulumi/pulumi/automation").Stack;
type EngineEvent = import("@pulumi/pulumi/automation").EngineEvent;

class CliDriver implements StackDriver {
  readonly kind = "pulumi-cli" as const;
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-pulumi-"));
  private readonly project = path.join(this.home, "project");
  readonly stateLocation = this.home;
  private stack?: Promise<AutomationStack>;

  constructor(private readonly opts: DriverOptions) {
    // The program runs from a copy whose node_modules is this checkout's, so `pulumi-networkflowmonitor`
    // resolves by name for the program and for the provider host, as in a user's project.
    fs.cpSync(opts.programDir, this.project, { recursive: true, filter: (src) => !src.includes("node_modules") });
    fs.symlinkSync(path.resolve(__dirname, "..", "node_modules"), path.join(this.project, "node_modules"));
  }

  // The Automation API (loaded on first use: `make demo` without a CLI never needs it).
  private open(): Promise<AutomationStack> {
    this.stack ??= (async () => {
      const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
      const envVars = {
        ...this.opts.env,
        PULUMI_BACKEND_URL: `file://${this.home}`,
        PULUMI_CONFIG_PASSPHRASE: "nfm-stack-driver",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      };
      // The user's PULUMI_HOME stays: its plugin cache (the aws plugin is large) is shared across stacks and runs.
      const stack = await LocalWorkspace.createOrSelectStack({ stackName: this.opts.stack, workDir: this.project }, { envVars });
      for (const [k, v] of Object.entries(this.opts.config)) await stack.setConfig(k, { value: v });
      return stack;
    })();
    return this.stack;
  }

  async setConfig(key: string, value: string): Promise<void> {
    await (await this.open()).setConfig(key, { value });
  }

  private async step(run: (stack: AutomationStack, on: { onOutput: (s: string) => void; onEvent: (e: EngineEvent) => void }) => Promise<unknown>): Promise<StepResult> {
    const stack = await this.open();
    let text = "";
    const ops: Record<string, string[]> = {};
    const onEvent = (e: EngineEvent) => {
      const meta = e.resourcePreEvent?.metadata;
      if (!meta || meta.type === "pulumi:pulumi:Stack") return;
      const name = meta.urn.split("::").pop() as string;
      (ops[name] ??= []).push(meta.op === "create-replacement" || meta.op === "delete-replaced" || meta.op === "replace" ? "replace" : meta.op);
    };
    try {
      await run(stack, { onOutput: (s) => (text += s), onEvent });
      return { ok: true, text, ops };
    } catch (err) {
      return { ok: false, text: `${text}\n${err instanceof Error ? err.message : String(err)}`, ops };
    }
  }

  preview = () => this.step((s, on) => s.preview(on));
  up = () => this.step((s, on) => s.up(on));
  refresh = () => this.step((s, on) => s.refresh(on));
  destroy = () => this.step((s, on) => s.destroy(on));

  importResources(resources: { type: string; name: string; id: string }[]): Promise<StepResult> {
    return this.step((s, on) => s.import({ resources, protect: false, generateCode: false, onOutput: on.onOutput }));
  }

  async outputs(): Promise<Record<string, unknown>> {
    const out = await (await this.open()).outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }

  async dispose(opts: { keepState?: boolean } = {}): Promise<void> {
    if (!opts.keepState) fs.rmSync(this.home, { recursive: true, force: true });
  }
}
