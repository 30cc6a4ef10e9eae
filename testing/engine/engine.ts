// LocalEngine: a small stand-in for the Pulumi engine, for tests and demos only (not a replacement for the
// Pulumi CLI). It runs a program in a child process under pulumi.runtime.setMocks, sends dynamic resources to
// @pulumi/pulumi's real dynamic-provider host over gRPC following the engine's rules, simulates every other
// resource, and keeps a JSON state file.
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import {
  changedKeys,
  decideStep,
  deletionOrder,
  markSecrets,
  readyToDelete,
  renderPlan,
  secretKeys,
  summarize,
  toProviderValue,
} from "./plan";
import { ProviderCallError, ProviderHost, resolvePulumiDir } from "./host";
import { readProject } from "./project";
import type { RegisterRequest, Reply, RunnerMessage } from "./protocol";
import { simulate, simulatedInvokes } from "./simulated";
import { loadState, saveState } from "./state";
import {
  UNKNOWN,
  type CheckFailure,
  type Diagnostic,
  type LocalEngineOptions,
  type OperationName,
  type OperationResult,
  type StateFile,
  type StateResource,
  type Step,
} from "./types";

type Props = Record<string, unknown>;

const PROVIDER_KEY = "__provider";
const STACK_TYPE = "pulumi:pulumi:Stack";

export function isDynamicType(type: string): boolean {
  return type === "pulumi-nodejs:dynamic:Resource" || type.startsWith("pulumi-nodejs:dynamic/");
}

/** The URN the Pulumi runtime (and its mock monitor) gives a resource: parent types are prefixed with `$`. */
export function makeUrn(stack: string, project: string, type: string, name: string, parent?: string): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2].split("$").pop();
    qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function unwrap(props: Props): Props {
  return toProviderValue(props) as Props;
}

/** Everything one pass (a preview or an update run of the program) accumulates. */
class Pass {
  readonly steps: Step[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly failures: CheckFailure[] = [];
  /** Resources registered this pass, in the order their steps finished (a valid creation order). */
  readonly records: StateResource[] = [];
  readonly registered = new Set<string>();
  /** Old resources replaced create-before-delete; deleted at the end with the dropped ones. */
  readonly replacedOld = new Set<StateResource>();
  /** Old resources whose deletion succeeded in this pass. */
  readonly deleted: StateResource[] = [];
  readonly oldByUrn: Map<string, StateResource>;
  stackOutputs: Props = {};
  failed = false;
  private host?: Promise<ProviderHost>;
  private hostHandle?: ProviderHost;

  constructor(
    readonly engine: LocalEngine,
    readonly dryRun: boolean,
    readonly old: StateFile,
  ) {
    this.oldByUrn = new Map(old.resources.filter((r) => r.status !== "pending-delete").map((r) => [r.urn, r]));
  }

  fail(diag: Diagnostic): void {
    this.failed = true;
    this.diagnostics.push(diag);
    this.engine.log(`${diag.severity}: ${diag.urn ?? ""} ${diag.message}`);
  }

  /** The pass's dynamic-provider host, started and configured on first use. */
  provider(): Promise<ProviderHost> {
    if (!this.host) {
      this.hostHandle = this.engine.startHost();
      const handle = this.hostHandle;
      this.host = handle.configure(this.engine.providerConfig()).then(() => handle);
    }
    return this.host;
  }

  async stopHost(): Promise<void> {
    await this.hostHandle?.stop();
  }
}

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
  async preview(): Promise<OperationResult> {
    const pass = await this.runPass(true);
    return this.result("preview", pass, true);
  }

  /** Up: a preview pass, then (if it succeeded) an update pass, each with its own program process and host. */
  async up(): Promise<OperationResult> {
    const preview = await this.runPass(true);
    if (preview.failed) return this.result("up", preview, true);
    const update = await this.runPass(false);
    return this.result("up", update, false);
  }

  /** Refresh: Read every dynamic resource; gone ones leave the state, changed outputs (and inputs) are stored. */
  async refresh(): Promise<OperationResult> {
    const state = this.readState();
    const pass = new Pass(this, false, state);
    const kept: StateResource[] = [];
    try {
      for (const r of state.resources) {
        if (!r.custom || !isDynamicType(r.type) || r.id === undefined) {
          kept.push(r);
          continue;
        }
        const step: Step = { op: "read", urn: r.urn, type: r.type, name: r.name, diffs: [], replaces: [], startedMs: Date.now() };
        pass.steps.push(step);
        try {
          const host = await pass.provider();
          const read = await host.read(r.urn, r.id, unwrap(r.outputs));
          if (read.id === "") {
            step.op = "delete";
            continue;
          }
          const secrets = secretKeys(r.outputs);
          const outputs = markSecrets({ ...read.properties, [PROVIDER_KEY]: r.outputs[PROVIDER_KEY] }, secrets);
          step.diffs = changedKeys(r.outputs, outputs);
          const inputs = read.inputs ? markSecrets(read.inputs, secretKeys(r.inputs)) : r.inputs;
          kept.push({ ...r, id: read.id, outputs, inputs });
        } catch (err) {
          step.failed = true;
          kept.push(r);
          pass.fail({ urn: r.urn, severity: "error", message: `refreshing ${r.urn}: ${(err as Error).message}` });
        } finally {
          step.finishedMs = Date.now();
        }
      }
    } finally {
      await pass.stopHost();
    }
    saveState(this.stateFile, { ...state, resources: kept });
    return this.result("refresh", pass, false, state.outputs);
  }

  /**
   * Destroy: delete every resource, each once nothing left depends on it, independent ones concurrently (as the
   * Pulumi engine does); after a failure no new delete starts. The state is left empty (failed deletes stay).
   */
  async destroy(): Promise<OperationResult> {
    const state = this.readState();
    const pass = new Pass(this, false, state);
    const remaining = [...state.resources];
    try {
      // Latest created first, so independent resources start in reverse creation order.
      const pending = [...state.resources].reverse();
      const started = new Set<StateResource>();
      let inflight = 0;
      await new Promise<void>((resolve) => {
        const pump = () => {
          if (!pass.failed) {
            for (const r of readyToDelete(pending)) {
              if (started.has(r)) continue;
              started.add(r);
              inflight++;
              void this.deleteResource(pass, r, "delete").then((ok) => {
                inflight--;
                if (ok) {
                  pending.splice(pending.indexOf(r), 1);
                  remaining.splice(remaining.indexOf(r), 1);
                }
                pump();
              });
            }
          }
          if (inflight === 0) resolve();
        };
        pump();
      });
    } finally {
      await pass.stopHost();
    }
    saveState(this.stateFile, { ...state, resources: remaining, outputs: remaining.length ? state.outputs : {} });
    return this.result("destroy", pass, false, {});
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /** Whole stack config as the provider's Configure receives it: namespaced keys, secrets unwrapped. */
  providerConfig(): Record<string, string> {
    return { ...(this.opts.config ?? {}), ...(this.opts.secretConfig ?? {}) };
  }

  private region(): string {
    return this.providerConfig()["aws:region"] ?? "us-east-1";
  }

  private account(): string {
    return this.opts.account ?? "123456789012";
  }

  private baseEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...(this.opts.env ?? {}),
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

  startHost(): ProviderHost {
    const host = ProviderHost.start({
      pulumiDir: this.pulumiDir,
      cwd: this.programDir,
      env: this.baseEnv(),
      log: (l) => this.log(l),
    });
    if (host.pid !== undefined) this.hostPids.push(host.pid);
    return host;
  }

  private result(
    operation: OperationName,
    pass: Pass,
    dryRun: boolean,
    serializedOutputs: Props = pass.stackOutputs,
  ): OperationResult {
    const ok = !pass.failed;
    return {
      ok,
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
      changeSummary: summarize(pass.steps),
    };
  }

  /** Runs the program once and processes its registrations; in an update pass, writes the new state. */
  private async runPass(dryRun: boolean): Promise<Pass> {
    const old = this.readState();
    const pass = new Pass(this, dryRun, old);
    this.log(`${dryRun ? "preview" : "update"} pass of ${this.project}/${this.stack}`);
    try {
      // Start the host alongside the program rather than on its first registration: it takes ~0.6 s to
      // listen, and guessing from the program's text which programs need it missed imports of packages.
      pass.provider().catch(() => undefined);
      await this.runProgram(pass);
      if (!pass.failed) await this.deleteLeftovers(pass);
    } finally {
      await pass.stopHost();
    }
    if (!dryRun) saveState(this.stateFile, this.newState(pass));
    return pass;
  }

  private newState(pass: Pass): StateFile {
    const gone = new Set(pass.deleted);
    const recorded = new Set(pass.records.map((r) => r.urn));
    // Old resources nothing replaced this pass stay (e.g. when the program failed before registering them).
    const remainingOld = pass.old.resources.filter(
      (r) => !gone.has(r) && (!recorded.has(r.urn) || pass.replacedOld.has(r) || r.status === "pending-delete"),
    );
    const resources = [
      ...remainingOld.map((r): StateResource => (pass.replacedOld.has(r) ? { ...r, status: "pending-delete" } : r)),
      ...pass.records.map((r) => (r.type === STACK_TYPE ? { ...r, outputs: pass.stackOutputs } : r)),
    ];
    return { ...pass.old, resources, outputs: pass.stackOutputs };
  }

  private runProgram(pass: Pass): Promise<void> {
    const ext = path.extname(__filename);
    const runner = path.join(__dirname, `runner${ext}`);
    const execArgv = ext === ".ts" ? ["-r", require.resolve("ts-node/register/transpile-only")] : [];
    const child = fork(runner, [], {
      cwd: this.programDir,
      env: this.baseEnv(),
      execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.children.add(child);
    readline.createInterface({ input: child.stdout! }).on("line", (l) => this.log(`[program] ${l}`));
    readline.createInterface({ input: child.stderr! }).on("line", (l) => this.log(`[program] ${l}`));
    const inflight = new Set<Promise<void>>();
    let finished = false;

    return new Promise<void>((resolve) => {
      const finish = (diag?: Diagnostic) => {
        if (finished) return;
        finished = true;
        if (diag) pass.fail(diag);
        void Promise.allSettled([...inflight]).then(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          this.children.delete(child);
          resolve();
        });
      };
      child.on("message", (msg: RunnerMessage) => {
        switch (msg.kind) {
          case "register":
          case "invoke": {
            const work = (msg.kind === "register" ? this.register(pass, msg) : this.invoke(msg)).then(
              (reply) => {
                if (child.connected) child.send(reply);
              },
            );
            inflight.add(work);
            void work.finally(() => inflight.delete(work));
            break;
          }
          case "outputs":
            if (msg.urn.split("::")[2] === STACK_TYPE) pass.stackOutputs = msg.outputs;
            break;
          case "done":
            finish();
            break;
          case "failed":
            finish({ severity: "error", message: `the program failed: ${msg.message}` });
            break;
        }
      });
      child.on("exit", (code, signal) =>
        finish({ severity: "error", message: `the program exited (code ${code}, signal ${signal}) before finishing` }),
      );
      child.send({
        kind: "init",
        programDir: this.programDir,
        entry: this.entry,
        project: this.project,
        stack: this.stack,
        preview: pass.dryRun,
        pulumiDir: this.pulumiDir,
      });
    });
  }

  private async invoke(msg: { reqId: number; token: string; inputs: Props }): Promise<Reply> {
    const handler = simulatedInvokes[msg.token];
    const state = handler ? handler({ inputs: msg.inputs, region: this.region(), account: this.account() }) : {};
    return { kind: "reply", reqId: msg.reqId, state };
  }

  private async register(pass: Pass, req: RegisterRequest): Promise<Reply> {
    const urn = makeUrn(this.stack, this.project, req.type, req.name, req.parent);
    const reply = (r: Omit<Reply, "kind" | "reqId">): Reply => ({ kind: "reply", reqId: req.reqId, ...r });
    if (pass.registered.has(urn)) {
      const message = `Duplicate resource URN '${urn}'; try giving it a unique name`;
      pass.fail({ urn, severity: "error", message });
      return reply({ error: message });
    }
    pass.registered.add(urn);
    try {
      if (req.readId !== undefined) return reply(await this.readExternal(pass, req, urn, req.readId));
      if (req.importId !== undefined && req.custom && isDynamicType(req.type) && !pass.oldByUrn.has(urn)) {
        return reply(await this.importDynamic(pass, req, urn, req.importId));
      }
      if (req.importId !== undefined && !(req.custom && isDynamicType(req.type))) {
        // Simulated resources: reported as a read, not managed by this stack.
        pass.steps.push({ op: "read", urn, type: req.type, name: req.name, diffs: [], replaces: [] });
        return reply({ id: req.importId, state: req.inputs });
      }
      if (req.custom && isDynamicType(req.type)) {
        const startedMs = Date.now();
        try {
          return reply(await this.registerDynamic(pass, req, urn));
        } finally {
          const finishedMs = Date.now();
          for (const s of pass.steps) {
            if (s.urn === urn && s.finishedMs === undefined) Object.assign(s, { startedMs, finishedMs });
          }
        }
      }
      return reply(this.registerSimulated(pass, req, urn));
    } catch (err) {
      // Provider errors (e.g. Check or Diff throwing) fail the run; anything else is a bug in this engine.
      const message =
        err instanceof ProviderCallError
          ? `provider error: ${err.message}`
          : `internal engine error for ${urn}: ${(err as Error).stack ?? err}`;
      pass.fail({ urn, severity: "error", message });
      return reply({ error: message });
    }
  }

  /**
   * Resource.get: the engine's Read step. The provider's Read receives the properties the program passed (for a
   * dynamic resource they include `__provider`), also in preview; the resource is stored as external: refreshed,
   * never deleted.
   */
  private async readExternal(pass: Pass, req: RegisterRequest, urn: string, id: string): Promise<Omit<Reply, "kind" | "reqId">> {
    const step: Step = { op: "read", urn, type: req.type, name: req.name, diffs: [], replaces: [] };
    pass.steps.push(step);
    if (!(req.custom && isDynamicType(req.type))) {
      if (!pass.dryRun) this.record(pass, req, urn, { id, inputs: req.inputs, outputs: req.inputs, external: true });
      return { id, state: req.inputs };
    }
    const host = await pass.provider();
    const read = await host.read(urn, id, unwrap(req.inputs));
    if (read.id === "") {
      step.failed = true;
      const message = `resource '${id}' does not exist`;
      pass.fail({ urn, severity: "error", message });
      return { error: message };
    }
    const outputs = read.properties;
    if (!pass.dryRun) this.record(pass, req, urn, { id: read.id || id, inputs: req.inputs, outputs, external: true });
    return { id: read.id || id, state: outputs };
  }

  /**
   * The `import` resource option, as the engine's ImportStep does it: Read(id) with no properties, then Check of the
   * program's inputs against what was read, then Diff; any difference fails the import (a warning in preview).
   * See `importReadCarriesProvider` for why the dynamic-provider host fails the Read by default.
   */
  private async importDynamic(pass: Pass, req: RegisterRequest, urn: string, importId: string): Promise<Omit<Reply, "kind" | "reqId">> {
    const step: Step = { op: "import", urn, type: req.type, name: req.name, diffs: [], replaces: [] };
    pass.steps.push(step);
    const failWith = (message: string): Omit<Reply, "kind" | "reqId"> => {
      step.failed = true;
      pass.fail({ urn, severity: "error", message });
      return { error: message };
    };
    const secrets = secretKeys(req.inputs);
    const news = unwrap(req.inputs);
    const host = await pass.provider();
    let read: { id: string; properties: Props; inputs?: Props };
    try {
      read = await host.read(urn, importId, this.opts.importReadCarriesProvider ? { [PROVIDER_KEY]: news[PROVIDER_KEY] } : {});
    } catch (err) {
      return failWith(`importing ${importId}: ${(err as Error).message}`);
    }
    if (read.id === "") return failWith(`resource '${importId}' does not exist`);
    if (read.inputs === undefined) return failWith("provider does not support importing resources; please try updating the 'pulumi-nodejs' plugin");
    const id = read.id || importId;
    const checked = await this.check(pass, host, urn, read.inputs, news);
    if (!checked) return { error: `check of ${urn} failed` };
    const diff = await host.diff(urn, id, read.properties, checked);
    const decision = decideStep(read.inputs, checked, diff, "created");
    if (decision.op !== "same") {
      step.diffs = decision.diffs;
      const message = `inputs to import do not match the existing resource: [${decision.diffs.join(" ")}]`;
      if (!pass.dryRun) return failWith(message);
      pass.diagnostics.push({ urn, severity: "warning", message: `${message}; importing this resource will fail` });
    }
    const outputs = markSecrets({ ...read.properties, [PROVIDER_KEY]: checked[PROVIDER_KEY] }, secrets);
    if (!pass.dryRun) this.record(pass, req, urn, { id, inputs: markSecrets(checked, secrets), outputs });
    return { id, state: outputs };
  }

  private record(pass: Pass, req: RegisterRequest, urn: string, r: Partial<StateResource>): void {
    pass.records.push({
      urn,
      type: req.type,
      name: req.name,
      custom: req.custom,
      id: r.id,
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
      parent: req.parent,
      dependencies: req.dependencies,
      status: r.status ?? "created",
      ...(r.external ? { external: true } : {}),
    });
  }

  /** Components and non-dynamic custom resources: deterministic simulated outputs, no provider. */
  private registerSimulated(pass: Pass, req: RegisterRequest, urn: string): Omit<Reply, "kind" | "reqId"> {
    const old = pass.oldByUrn.get(urn);
    const step: Step = { op: "create", urn, type: req.type, name: req.name, diffs: [], replaces: [] };
    let id: string | undefined;
    let outputs: Props;
    if (!req.custom) {
      // Components have no id; outputs arrive later through registerResourceOutputs.
      outputs = req.type === STACK_TYPE ? {} : req.inputs;
      if (old) step.op = "same";
    } else {
      const sim = simulate({
        type: req.type,
        name: req.name,
        inputs: unwrap(req.inputs),
        region: this.region(),
        account: this.account(),
      });
      if (!old) {
        const computed = pass.dryRun
          ? Object.fromEntries(Object.keys(sim.computed).map((k) => [k, UNKNOWN]))
          : sim.computed;
        id = pass.dryRun ? undefined : sim.id;
        outputs = { ...req.inputs, ...computed };
      } else {
        step.diffs = changedKeys(old.inputs, req.inputs);
        step.op = step.diffs.length ? "update" : "same";
        id = old.id;
        outputs = { ...old.outputs, ...req.inputs };
      }
    }
    pass.steps.push(step);
    if (!pass.dryRun) this.record(pass, req, urn, { id, inputs: req.inputs, outputs });
    return { id, state: outputs };
  }

  private async registerDynamic(pass: Pass, req: RegisterRequest, urn: string): Promise<Omit<Reply, "kind" | "reqId">> {
    const old = pass.oldByUrn.get(urn);
    const secrets = secretKeys(req.inputs);
    const news = unwrap(req.inputs);
    const host = await pass.provider();
    const checked = await this.check(pass, host, urn, old ? unwrap(old.inputs) : {}, news);
    if (!checked) return { error: `check of ${urn} failed` };
    const base = { urn, type: req.type, name: req.name };

    if (!old) {
      const step: Step = { ...base, op: "create", diffs: [], replaces: [] };
      pass.steps.push(step);
      if (pass.dryRun) return { id: undefined, state: markSecrets(checked, secrets) };
      return this.create(pass, host, req, urn, checked, secrets, step);
    }

    const diff = await host.diff(urn, old.id ?? "", unwrap(old.outputs), checked);
    const decision = decideStep(unwrap(old.inputs), checked, diff, old.status);
    if (decision.op === "same") {
      pass.steps.push({ ...base, op: "same", diffs: [], replaces: [] });
      if (!pass.dryRun) pass.records.push({ ...old, parent: req.parent, dependencies: req.dependencies });
      return { id: old.id, state: old.outputs };
    }
    if (decision.op === "update") {
      const step: Step = { ...base, op: "update", diffs: decision.diffs, replaces: [] };
      pass.steps.push(step);
      if (pass.dryRun) return { id: old.id, state: markSecrets(checked, secrets) };
      if (pass.failed) return this.skipped(pass, old, step);
      try {
        const updated = await host.update(urn, old.id ?? "", unwrap(old.outputs), checked);
        const outputs = markSecrets(updated.properties, secrets);
        this.record(pass, req, urn, { id: old.id, inputs: markSecrets(checked, secrets), outputs });
        return { id: old.id, state: outputs };
      } catch (err) {
        step.failed = true;
        return this.providerFailure(pass, req, urn, checked, secrets, err, old);
      }
    }

    // Replace: the new resource is checked again without olds, as the real engine does.
    const { diffs, replaces, deleteBeforeReplace } = decision;
    const replaceStep = (op: Step["op"]): Step => ({ ...base, op, diffs, replaces, deleteBeforeReplace });
    const recheck = await this.check(pass, host, urn, {}, news);
    if (!recheck) return { error: `check of ${urn} failed` };
    if (deleteBeforeReplace) {
      pass.steps.push(replaceStep("delete-replaced"));
      pass.steps.push(replaceStep("replace"));
    }
    const createStep = replaceStep("create-replacement");
    pass.steps.push(createStep);
    if (!deleteBeforeReplace) pass.steps.push(replaceStep("replace"));
    // In an update the old resource's deletion runs at the end, with the other deletes.
    if (!deleteBeforeReplace && pass.dryRun) pass.steps.push(replaceStep("delete-replaced"));
    if (pass.dryRun) return { id: undefined, state: markSecrets(recheck, secrets) };
    if (deleteBeforeReplace) {
      if (!(await this.deleteResource(pass, old, undefined))) {
        pass.records.push(old);
        return { error: `deleting ${urn} before its replacement failed` };
      }
    } else {
      pass.replacedOld.add(old);
    }
    return this.create(pass, host, req, urn, recheck, secrets, createStep);
  }

  private async check(pass: Pass, host: ProviderHost, urn: string, olds: Props, news: Props): Promise<Props | undefined> {
    const result = await host.check(urn, olds, news);
    if (result.failures.length === 0) return result.inputs;
    for (const f of result.failures) {
      pass.failures.push({ urn, property: f.property || undefined, reason: f.reason });
      const where = f.property ? `property ${f.property}: ` : "";
      pass.fail({ urn, severity: "error", message: `${where}${f.reason}` });
    }
    return undefined;
  }

  /** After a failure in this pass no further write is sent; the step is marked failed and the old state kept. */
  private skipped(pass: Pass, old: StateResource | undefined, step: Step): Omit<Reply, "kind" | "reqId"> {
    step.failed = true;
    if (old) pass.records.push(old);
    return { error: `${step.urn}: skipped because an earlier step failed` };
  }

  private async create(
    pass: Pass,
    host: ProviderHost,
    req: RegisterRequest,
    urn: string,
    checked: Props,
    secrets: string[],
    step: Step,
  ): Promise<Omit<Reply, "kind" | "reqId">> {
    if (pass.failed) return this.skipped(pass, undefined, step);
    try {
      const created = await host.create(urn, checked);
      const outputs = markSecrets(created.properties, secrets);
      this.record(pass, req, urn, { id: created.id, inputs: markSecrets(checked, secrets), outputs });
      return { id: created.id, state: outputs };
    } catch (err) {
      step.failed = true;
      return this.providerFailure(pass, req, urn, checked, secrets, err, undefined);
    }
  }

  /**
   * A failed create/update: with ErrorResourceInitFailed the resource exists, so it is recorded as `failed-init`
   * (with `__provider`, which the host leaves out, so it can be deleted later); otherwise a failed create is lost
   * and a failed update keeps the old state.
   */
  private providerFailure(
    pass: Pass,
    req: RegisterRequest,
    urn: string,
    checked: Props,
    secrets: string[],
    err: unknown,
    old: StateResource | undefined,
  ): Omit<Reply, "kind" | "reqId"> {
    const message = err instanceof Error ? err.message : String(err);
    const init = err instanceof ProviderCallError ? err.initFailed : undefined;
    if (init) {
      const outputs = markSecrets({ ...init.properties, [PROVIDER_KEY]: checked[PROVIDER_KEY] }, secrets);
      this.record(pass, req, urn, { id: init.id, inputs: markSecrets(checked, secrets), outputs, status: "failed-init" });
      const reasons = init.reasons.length ? ` (${init.reasons.join("; ")})` : "";
      pass.fail({ urn, severity: "error", message: `resource ${init.id} was created but failed to initialise: ${message}${reasons}` });
    } else {
      if (old) pass.records.push(old);
      pass.fail({ urn, severity: "error", message });
    }
    return { error: message };
  }

  /** Deletes one resource (dynamic ones through the host); false when the provider failed. */
  private async deleteResource(pass: Pass, r: StateResource, op: Step["op"] | undefined): Promise<boolean> {
    // A resource read with Resource.get is not this stack's: it is discarded from the state, never deleted.
    const stepOp = r.external && op ? "discard" : (op ?? "delete");
    const step: Step = { op: stepOp, urn: r.urn, type: r.type, name: r.name, diffs: [], replaces: [], startedMs: Date.now() };
    if (op) pass.steps.push(step);
    if (pass.dryRun) return true;
    if (!r.custom || !isDynamicType(r.type) || r.id === undefined || r.external) {
      pass.deleted.push(r);
      return true;
    }
    try {
      const host = await pass.provider();
      await host.delete(r.urn, r.id, unwrap(r.outputs));
      pass.deleted.push(r);
      return true;
    } catch (err) {
      step.failed = true;
      pass.fail({ urn: r.urn, severity: "error", message: `deleting ${r.id}: ${(err as Error).message}` });
      return false;
    } finally {
      step.finishedMs = Date.now();
    }
  }

  /** Deletes (or, in preview, plans deleting) resources dropped from the program and replaced ones. */
  private async deleteLeftovers(pass: Pass): Promise<void> {
    const leftovers = deletionOrder(
      pass.old.resources,
      (r) => pass.registered.has(r.urn) && !pass.replacedOld.has(r) && r.status !== "pending-delete",
    );
    for (const r of leftovers) {
      const replaced = pass.replacedOld.has(r) || r.status === "pending-delete";
      const ok = await this.deleteResource(pass, r, replaced ? "delete-replaced" : "delete");
      if (!ok) break;
    }
  }

  /** Kills any program process still running (hosts are stopped at the end of each pass). */
  async dispose(): Promise<void> {
    for (const child of this.children) child.kill("SIGKILL");
    this.children.clear();
  }
}
