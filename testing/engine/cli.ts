#!/usr/bin/env node
// nfm-engine: run a Pulumi program with the local test engine (tests and demos; not a Pulumi CLI replacement).
//   nfm-engine <preview|up|refresh|destroy> --cwd DIR [--stack S] [--state FILE] [--config k=v ...]
//              [--secret k=v ...]
import * as path from "node:path";
import { LocalEngine } from "./engine";
import { findPulumiCli } from "./pulumiCli";
import type { OperationName } from "./types";

const OPERATIONS: OperationName[] = ["preview", "up", "refresh", "destroy"];
const USAGE =
  "usage: nfm-engine <preview|up|refresh|destroy> --cwd DIR [--stack S] [--state FILE] [--config k=v ...] [--secret k=v ...]";

export interface CliArgs {
  operation: OperationName;
  cwd: string;
  stack: string;
  state: string;
  config: Record<string, string>;
  secretConfig: Record<string, string>;
  verbose: boolean;
}

/** Parses the command line; throws an Error naming the bad argument and what is allowed. */
export function parseArgs(argv: string[]): CliArgs {
  const [operation, ...rest] = argv;
  if (!OPERATIONS.includes(operation as OperationName)) {
    throw new Error(`operation must be one of ${OPERATIONS.join(", ")}; got ${JSON.stringify(operation ?? "")}`);
  }
  let cwd: string | undefined;
  let stack = "dev";
  let state: string | undefined;
  let verbose = false;
  const config: Record<string, string> = {};
  const secretConfig: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const pair = (target: Record<string, string>) => {
      const v = value();
      const eq = v.indexOf("=");
      if (eq <= 0) throw new Error(`${flag} takes key=value (e.g. aws:region=us-east-1); got ${JSON.stringify(v)}`);
      target[v.slice(0, eq)] = v.slice(eq + 1);
    };
    switch (flag) {
      case "--cwd":
        cwd = value();
        break;
      case "--stack":
        stack = value();
        break;
      case "--state":
        state = value();
        break;
      case "--config":
        pair(config);
        break;
      case "--secret":
        pair(secretConfig);
        break;
      case "--verbose":
      case "-v":
        verbose = true;
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(flag)}; ${USAGE}`);
    }
  }
  if (!cwd) throw new Error(`--cwd DIR is required; ${USAGE}`);
  const dir = path.resolve(cwd);
  return {
    operation: operation as OperationName,
    cwd: dir,
    stack,
    state: path.resolve(state ?? path.join(dir, ".pulumi-state", `${stack}.json`)),
    config,
    secretConfig,
    verbose,
  };
}

export async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`nfm-engine: ${(err as Error).message}\n`);
    return 2;
  }
  const cli = findPulumiCli();
  if (cli) process.stderr.write(`note: a Pulumi CLI is installed at ${cli}; this local engine is for tests and demos.\n`);
  const engine = new LocalEngine({
    programDir: args.cwd,
    stack: args.stack,
    stateFile: args.state,
    config: args.config,
    secretConfig: args.secretConfig,
    log: args.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined,
  });
  const result = await engine[args.operation]();
  process.stdout.write(result.planText);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`nfm-engine: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 2;
    },
  );
}
