// Drives one stack of a Pulumi program the same way whether a real `pulumi` CLI is on PATH or
// not: with it, the CLI (local file backend in a temporary directory, a passphrase); without it,
// the project's engine in a box (testing/engine) over Pulumi's real dynamic-provider host.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPulumiCli, LocalEngine } from "../testing/engine";

export interface StepResult {
  ok: boolean;
  /** What a user would see: the engine's plan text, or the CLI's output. */
  text: string;
  /** Operation per resource name: create, update, replace, delete, same, read. */
  ops: Record<string, string[]>;
}

export interface StackDriver {
  readonly kind: "pulumi-cli" | "engine-in-a-box";
  setConfig(key: string, value: string): void;
  preview(): Promise<StepResult>;
  up(): Promise<StepResult>;
  refresh(): Promise<StepResult>;
  destroy(): Promise<StepResult>;
  outputs(): Promise<Record<string, unknown>>;
  dispose(): Promise<void>;
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

  constructor(private readonly opts: DriverOptions) {
    this.config = { ...opts.config };
  }

  setConfig(key: string, value: string): void {
    this.config[key] = value;
  }

  // A fresh engine per operation, so each sees the config as it is now; state stays in one file.
  private async run(op: "preview" | "up" | "refresh" | "destroy"): Promise<StepResult> {
    await this.engine?.dispose();
    this.engine = new LocalEngine({
      programDir: this.opts.programDir,
      stack: this.opts.stack,
      stateFile: path.join(this.dir, "state.json"),
      config: this.config,
      env: this.opts.env,
    });
    const result = await this.engine[op]();
    const ops: Record<string, string[]> = {};
    for (const s of result.steps) (ops[s.name] ??= []).push(s.op);
    return { ok: result.ok, text: result.planText, ops };
  }

  preview = () => this.run("preview");
  up = () => this.run("up");
  refresh = () => this.run("refresh");
  destroy = () => this.run("destroy");

  async outputs(): Promise<Record<string, unknown>> {
    const state = JSON.parse(fs.readFileSync(path.join(this.dir, "state.json"), "utf8"));
    return state.outputs ?? {};
  }

  async dispose(): Promise<void> {
    await this.engine?.dispose();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

class CliDriver implements StackDriver {
  readonly kind = "pulumi-cli" as const;
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-pulumi-"));
  private readonly project = path.join(this.home, "project");
  private readonly env: NodeJS.ProcessEnv;
  private readonly cli = findPulumiCli() as string;

  constructor(opts: DriverOptions) {
    // The program runs from a copy whose node_modules is this checkout's, so `pulumi-networkflowmonitor`
    // resolves by name for the program and for the provider host, as in a user's project.
    fs.cpSync(opts.programDir, this.project, { recursive: true, filter: (src) => !src.includes("node_modules") });
    fs.symlinkSync(path.resolve(__dirname, "..", "node_modules"), path.join(this.project, "node_modules"));
    this.env = {
      ...process.env,
      ...opts.env,
      PULUMI_BACKEND_URL: `file://${this.home}`,
      PULUMI_CONFIG_PASSPHRASE: "nfm-demo",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_HOME: path.join(this.home, ".pulumi"),
    };
    this.pulumi(["stack", "init", opts.stack]);
    for (const [k, v] of Object.entries(opts.config)) this.setConfig(k, v);
  }

  private pulumi(args: string[]): { ok: boolean; text: string } {
    const r = spawnSync(this.cli, [...args, "--non-interactive"], { cwd: this.project, env: this.env, encoding: "utf8" });
    return { ok: r.status === 0, text: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  }

  setConfig(key: string, value: string): void {
    const r = this.pulumi(["config", "set", key, value]);
    if (!r.ok) throw new Error(`pulumi config set ${key} failed:\n${r.text}`);
  }

  private step(args: string[]): StepResult {
    const r = this.pulumi([...args, "--json"]);
    return { ok: r.ok, text: r.text, ops: opsFromCliJson(r.text) };
  }

  preview = async () => this.step(["preview"]);
  up = async () => this.step(["up", "--yes"]);
  refresh = async () => this.step(["refresh", "--yes"]);
  destroy = async () => this.step(["destroy", "--yes"]);

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse(execFileSync(this.cli, ["stack", "output", "--json", "--show-secrets"], { cwd: this.project, env: this.env, encoding: "utf8" }));
  }

  async dispose(): Promise<void> {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

// `pulumi preview|up --json` prints {steps: [{op, urn}, ...]}; names are the URN's last part.
function opsFromCliJson(text: string): Record<string, string[]> {
  const ops: Record<string, string[]> = {};
  try {
    const start = text.indexOf("{");
    const doc = JSON.parse(text.slice(start, text.lastIndexOf("}") + 1));
    for (const s of doc.steps ?? []) {
      const name = String(s.urn).split("::").pop() as string;
      (ops[name] ??= []).push(s.op === "create-replacement" || s.op === "delete-replaced" ? "replace" : s.op);
    }
  } catch {
    // not JSON (an error before the plan): no steps
  }
  return ops;
}
