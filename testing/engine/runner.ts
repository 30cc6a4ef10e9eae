// Child-process "language host": runs one Pulumi program once under pulumi.runtime.setMocks and forwards every
// resource registration and invoke to the engine (the parent) over the IPC channel. One process per pass, so
// module state never leaks between passes. Uses only the @pulumi/pulumi the program itself resolves.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineMessage, Reply, RunnerInit, RunnerMessage } from "./protocol";
import { resourceOptions } from "./registration";
import { makeUrn } from "./urn";

let nextReqId = 1;
const pending = new Map<number, (reply: Reply) => void>();

function send(msg: RunnerMessage): void {
  process.send!(msg);
}

function request(msg: Omit<RunnerMessage & { reqId: number }, "reqId">): Promise<Reply> {
  const reqId = nextReqId++;
  return new Promise((resolve) => {
    pending.set(reqId, resolve);
    send({ ...(msg as any), reqId });
  });
}

let finished = false;
function fail(err: unknown): void {
  if (finished) return;
  finished = true;
  const message = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
  send({ kind: "failed", message, stack: err instanceof Error ? err.stack : undefined });
  // Let the IPC message flush before exiting.
  process.disconnect?.();
}

/**
 * TypeScript support as Pulumi's Node.js language host gives it (sdk/nodejs/cmd/run/run.ts, tsutils.ts): ts-node and
 * typescript from the project when it has them, else the copies vendored in @pulumi/pulumi (ts-node 7.0.1,
 * typescript 3.8.3), so a project made by `pulumi new` needs neither. The project's tsconfig.json is used when
 * there is one. Unlike the CLI, type checking is off unless PULUMI_NODEJS_TRANSPILE_ONLY=false (speed).
 */
function registerTypeScript(programDir: string, pulumiDir: string): void {
  if ((process as any)[Symbol.for("ts-node.register.instance")]) return;
  const tsutils = require(path.join(pulumiDir, "tsutils"));
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const tsConfigPath = path.join(programDir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  const major = Number(String(require(typescriptRequire).version).split(".")[0]);
  // The engine's default module pair for projects without a tsconfig needs TypeScript 4.7 or later.
  if (major < 5) delete process.env.TS_NODE_COMPILER_OPTIONS;
  require(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY !== "false",
    project: tsConfigPath,
    skipProject: !fs.existsSync(tsConfigPath),
  });
}

async function run(init: RunnerInit): Promise<void> {
  if (init.entry.endsWith(".ts")) registerTypeScript(init.programDir, init.pulumiDir);
  const pulumi = require(init.pulumiDir);
  const settings = require(path.join(init.pulumiDir, "runtime", "settings"));
  const stackMod = require(path.join(init.pulumiDir, "runtime", "stack"));

  // The raw registration the monitor received, stashed synchronously before MockMonitor calls newResource.
  let current: ({ parent?: string; dependencies: string[]; inputs: Record<string, unknown>; read?: boolean } & Record<string, unknown>) | undefined;

  const mocks = {
    async newResource(args: { type: string; name: string; custom?: boolean; id?: string }) {
      const raw = current;
      current = undefined;
      const reply = await request({
        kind: "register",
        type: args.type,
        name: args.name,
        custom: args.custom ?? false,
        parent: raw?.parent || undefined,
        inputs: raw?.inputs ?? {},
        dependencies: raw?.dependencies ?? [],
        ...(raw?.read ? { readId: args.id || "" } : { importId: args.id || undefined }),
        ...(raw?.options ?? {}),
      } as any);
      if (reply.error !== undefined) throw new Error(reply.error);
      return { id: reply.id, state: reply.state ?? {} };
    },
    async call(args: { token: string; inputs: Record<string, unknown>; provider?: string }) {
      const reply = await request({ kind: "invoke", token: args.token, inputs: args.inputs, provider: args.provider || undefined } as any);
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.state ?? {};
    },
  };

  await pulumi.runtime.setMocks(mocks, init.project, init.stack, init.preview);
  const monitor = settings.getMonitor();
  // The program sees the URNs the engine gives (the full parent type chain, no stack type), not the mock's own
  // (which keeps only the parent's last type), so parents, dependencies and deletedWith name the engine's URNs.
  monitor.newUrn = (parent: string, type: string, name: string) => makeUrn(init.stack, init.project, type, name, parent || undefined);
  const originalRegister = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    current = {
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      // Exactly what the engine would receive: unknowns as the sentinel, secrets and references as objects.
      inputs: req.getObject()?.toJavaScript() ?? {},
      options: resourceOptions(req),
    };
    return originalRegister(req, callback);
  };
  // Resource.get arrives as ReadResource: its properties are what the engine's Read step sends as state.
  const originalRead = monitor.readResource.bind(monitor);
  monitor.readResource = (req: any, callback: any) => {
    current = {
      parent: req.getParent() || undefined,
      dependencies: req.getDependenciesList?.() ?? [],
      inputs: req.getProperties()?.toJavaScript() ?? {},
      read: true,
    };
    return originalRead(req, callback);
  };
  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: any) => {
    send({ kind: "outputs", urn: req.getUrn(), outputs: req.getOutputs()?.toJavaScript() ?? {} });
    return originalOutputs(req, callback);
  };

  const entry = path.resolve(init.programDir, init.entry);
  await stackMod.runInPulumiStack(async () => {
    const mod = require(entry);
    // A default export that is a function is the program (Pulumi's convention for async programs).
    const exported = mod && mod.__esModule && typeof mod.default === "function" ? await mod.default() : mod;
    return exported;
  });
  await settings.waitForRPCs();
  while (pending.size > 0) await new Promise((r) => setTimeout(r, 5));
  if (finished) return;
  finished = true;
  send({ kind: "done" });
  process.disconnect?.();
}

let program: Promise<void> | undefined;
process.on("message", (msg: EngineMessage) => {
  if (msg.kind === "init") {
    program = run(msg).catch(fail);
  } else if (msg.kind === "reply") {
    const resolve = pending.get(msg.reqId);
    pending.delete(msg.reqId);
    resolve?.(msg);
  }
});
// The engine died (for example SIGKILLed): nobody will answer, so stop rather than linger.
process.on("disconnect", () => {
  if (!finished) process.exit(1);
});
process.on("unhandledRejection", (err) => fail(err));
process.on("uncaughtException", (err) => fail(err));
void program;
