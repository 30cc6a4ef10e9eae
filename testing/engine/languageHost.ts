// The program's process: what Pulumi's Node.js language host does (sdk/nodejs/cmd/run), here a child process
// running the program once under pulumi.runtime.setMocks (runner.ts) and forwarding its registrations, invokes
// and outputs to the deployment over Node's IPC channel.
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import type { Deployment } from "./deployment";
import type { Reply, RunnerMessage } from "./protocol";

export interface ProgramRun {
  programDir: string;
  entry: string;
  project: string;
  stack: string;
  pulumiDir: string;
  env: NodeJS.ProcessEnv;
  deployment: Deployment;
  /** Running program processes (the engine kills what is left on dispose). */
  children: Set<ChildProcess>;
  log: (line: string) => void;
}

/** Runs the program once; resolves when it finished (or failed) and every answer it awaited was sent. */
export function runProgram(run: ProgramRun): Promise<void> {
  const { deployment: pass, log } = run;
  const ext = path.extname(__filename);
  const runner = path.join(__dirname, `runner${ext}`);
  const execArgv = ext === ".ts" ? ["-r", require.resolve("ts-node/register/transpile-only")] : [];
  const child = fork(runner, [], { cwd: run.programDir, env: run.env, execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  run.children.add(child);
  child.on("error", (err) => log(`[program] ${err.message}`));
  readline.createInterface({ input: child.stdout! }).on("line", (l) => log(`[program] ${l}`));
  readline.createInterface({ input: child.stderr! }).on("line", (l) => log(`[program] ${l}`));
  const inflight = new Set<Promise<void>>();
  let finished = false;

  return new Promise<void>((resolve) => {
    const finish = (message?: string) => {
      if (finished) return;
      finished = true;
      if (message) pass.fail({ message });
      void Promise.allSettled([...inflight]).then(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        run.children.delete(child);
        resolve();
      });
    };
    child.on("message", (msg: RunnerMessage) => {
      switch (msg.kind) {
        case "register":
        case "invoke": {
          const answer = msg.kind === "register" ? pass.register(msg) : Promise.resolve(pass.invoke(msg.token, msg.inputs));
          const work = answer.then((a) => {
            const reply: Reply = { kind: "reply", reqId: msg.reqId, ...a };
            // The program may be gone already (it failed, or was killed): nothing to answer then.
            if (child.connected) child.send(reply, () => undefined);
          });
          inflight.add(work);
          void work.finally(() => inflight.delete(work));
          break;
        }
        case "outputs":
          pass.registerOutputs(msg.urn, msg.outputs);
          break;
        case "done":
          finish();
          break;
        case "failed":
          if (msg.stack) log(`[program] ${msg.stack}`);
          finish(`the program failed: ${msg.message}`);
          break;
      }
    });
    child.on("exit", (code, signal) => finish(`the program exited (code ${code}, signal ${signal}) before finishing`));
    child.send({
      kind: "init",
      programDir: run.programDir,
      entry: run.entry,
      project: run.project,
      stack: run.stack,
      preview: pass.ctx.dryRun,
      pulumiDir: run.pulumiDir,
    });
  });
}
