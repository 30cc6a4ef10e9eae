#!/usr/bin/env node
// nfm-engine: run a Pulumi program with the local test engine (tests and demos; not a Pulumi CLI replacement).
import * as path from "node:path";
import { LocalEngine } from "./engine";
import { resolvePulumiDir } from "./host";
import { readProject } from "./project";
import { findPulumiCli } from "./pulumiCli";
import { readStackConfig } from "./stackConfig";
import type { OperationName } from "./types";

const OPERATIONS: OperationName[] = ["preview", "up", "refresh", "destroy", "import"];

export const USAGE = `usage: nfm-engine <preview|up|refresh|destroy> [options]
       nfm-engine import <type> <name> <id> [options]

Runs a Pulumi TypeScript or JavaScript project the way \`pulumi <operation>\` would, without the Pulumi CLI:
dynamic resources go to @pulumi/pulumi's own dynamic-provider host, other resources (e.g. @pulumi/aws ones) are
simulated; a package with a resource plugin (pulumi-resource-<package> on PATH, a \`plugins.providers\` entry of
Pulumi.yaml, or the plugin cache) is served by that plugin. For tests and demos; with real cloud resources use the
Pulumi CLI. Its rules: testing/engine/RULES.md.

import <type> <name> <id>, like \`pulumi import\`, adopts an existing resource of a plugin's package into the
state without running the program (read through the package's default provider, parent the stack, protected) and
prints the TypeScript to add to the program so that the next \`up\` changes nothing. Example:
  nfm-engine import networkflowmonitor:index:Monitor web web-monitor

Options:
  --cwd DIR              the project directory (holds Pulumi.yaml); default: the current directory
  --stack NAME           the stack; default: dev
  --state FILE           the state file; default: DIR/.pulumi-state/<stack>.json (created when missing)
  --config KEY=VALUE     stack config, over the values of DIR/Pulumi.<stack>.yaml; repeatable.
                         A KEY without a namespace belongs to the project (region -> <project>:region)
  --secret KEY=VALUE     secret stack config; repeatable. \`secure:\` values in Pulumi.<stack>.yaml cannot be
                         decrypted by this engine (they need the stack's secrets provider): pass them here
  --refresh              preview, up: read every resource of the state first (pulumi up --refresh)
  --skip-preview         refresh: no preview pass (a plain refresh reads every resource twice)
  --clear-pending-creates
                         refresh: drop the pending creates an interrupted up left in the state
  --protect=false        import: do not mark the imported resource protected (\`pulumi import\` protects by default)
  -v, --verbose          print the engine's, the program's and the provider host's logs, and stack traces
  -h, --help             print this help

Exit status: 0 when the operation succeeded, 1 when it failed, 2 for bad arguments or an unreadable project.`;

export interface CliArgs {
  operation: OperationName;
  cwd: string;
  stack: string;
  state: string;
  config: Record<string, string>;
  secretConfig: Record<string, string>;
  verbose: boolean;
  refresh: boolean;
  skipPreview: boolean;
  clearPendingCreates: boolean;
  /** import: the resource's type token, name and id. */
  importArgs?: { type: string; name: string; id: string };
  /** import: mark the resource protected (default true). */
  protect: boolean;
}

/** Thrown for `--help`: print the usage and exit 0. */
export class HelpRequested extends Error {
  constructor() {
    super(USAGE);
  }
}

/** Parses the command line; throws an Error naming the bad argument and what is allowed. */
export function parseArgs(argv: string[], cwd: string = process.cwd()): CliArgs {
  if (argv.length === 0 || argv.some((a) => a === "--help" || a === "-h" || a === "help")) throw new HelpRequested();
  const [operation, ...rest] = argv;
  if (!OPERATIONS.includes(operation as OperationName)) {
    throw new Error(`operation must be one of ${OPERATIONS.join(", ")}; got ${JSON.stringify(operation ?? "")} (nfm-engine --help)`);
  }
  let importArgs: CliArgs["importArgs"];
  if (operation === "import") {
    const [type, name, id] = rest;
    if ([type, name, id].some((a) => a === undefined || a.startsWith("-"))) {
      throw new Error("import takes <type> <name> <id>, e.g. nfm-engine import networkflowmonitor:index:Monitor web web-monitor");
    }
    if (type.split(":").length !== 3) throw new Error(`type must be a token <package>:<module>:<Type>; got ${JSON.stringify(type)}`);
    importArgs = { type, name, id };
    rest.splice(0, 3);
  }
  let protect = true;
  let dirArg: string | undefined;
  let stack = "dev";
  let state: string | undefined;
  const flags = { verbose: false, refresh: false, skipPreview: false, clearPendingCreates: false };
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
        dirArg = value();
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
      case "--protect":
      case "--protect=true":
      case "--protect=false":
        if (operation !== "import") throw new Error(`${flag} applies to import only`);
        protect = flag !== "--protect=false";
        break;
      case "--verbose":
      case "-v":
        flags.verbose = true;
        break;
      case "--refresh":
      case "--skip-preview":
      case "--clear-pending-creates": {
        const allowed = flag === "--refresh" ? ["preview", "up"] : ["refresh"];
        if (!allowed.includes(operation)) throw new Error(`${flag} applies to ${allowed.join(" and ")} only`);
        const key = flag === "--refresh" ? "refresh" : flag === "--skip-preview" ? "skipPreview" : "clearPendingCreates";
        flags[key] = true;
        break;
      }
      default:
        throw new Error(`unknown argument ${JSON.stringify(flag)} (nfm-engine --help lists the options)`);
    }
  }
  const dir = path.resolve(cwd, dirArg ?? ".");
  return {
    operation: operation as OperationName,
    cwd: dir,
    stack,
    state: path.resolve(cwd, state ?? path.join(dir, ".pulumi-state", `${stack}.json`)),
    config,
    secretConfig,
    ...flags,
    importArgs,
    protect,
  };
}

/** A key as the CLI takes it: without a namespace it belongs to the project. */
function namespaced(values: Record<string, string>, project: string): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v]));
}

/**
 * The stack config: Pulumi.<stack>.yaml, then --config on top; --secret values are secret. A `secure:` value of
 * the file that --secret (or --config) does not supply is an error naming it.
 */
export function resolveConfig(args: CliArgs, project: string): { config: Record<string, string>; secretConfig: Record<string, string> } {
  const file = readStackConfig(args.cwd, project, args.stack, resolvePulumiDir(args.cwd));
  const config = { ...file.config, ...namespaced(args.config, project) };
  const secretConfig = namespaced(args.secretConfig, project);
  for (const k of Object.keys(secretConfig)) delete config[k];
  const missing = file.secure.filter((k) => !(k in secretConfig) && !(k in config));
  if (missing.length) {
    throw new Error(
      `${file.file} holds secure (encrypted) values this engine cannot decrypt: ${missing.join(", ")}. ` +
        `Pass each as --secret ${missing[0]}=VALUE.`,
    );
  }
  return { config, secretConfig };
}

/** An error for the terminal: its message, and its stack only when verbose. */
export function describeError(err: unknown, verbose: boolean): string {
  if (!(err instanceof Error)) return String(err);
  return verbose ? (err.stack ?? err.message) : err.message;
}

export async function main(argv: string[], out = process.stdout, errOut = process.stderr): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof HelpRequested) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    errOut.write(`nfm-engine: ${(err as Error).message}\n`);
    return 2;
  }
  let engine: LocalEngine;
  try {
    const project = readProject(args.cwd).name;
    const { config, secretConfig } = resolveConfig(args, project);
    engine = new LocalEngine({
      programDir: args.cwd,
      stack: args.stack,
      stateFile: args.state,
      config,
      secretConfig,
      log: args.verbose ? (l) => errOut.write(`${l}\n`) : undefined,
    });
  } catch (err) {
    errOut.write(`nfm-engine: ${describeError(err, args.verbose)}\n`);
    return 2;
  }
  const cli = findPulumiCli();
  if (cli) errOut.write(`note: a Pulumi CLI is installed at ${cli}; this local engine is for tests and demos.\n`);
  if (args.operation === "import") {
    const { type, name, id } = args.importArgs!;
    const imported = await engine.import(type, name, id, { protect: args.protect });
    out.write(imported.planText);
    if (imported.ok && imported.code) {
      out.write(
        "\nPlease copy the following code into your Pulumi application. Not doing so\n" +
          "will cause Pulumi to report that an update will happen on the next update command.\n\n",
      );
      if (args.protect) {
        out.write(
          "Please note that the imported resources are marked as protected. To destroy them\n" +
            "you will need to remove the `protect` option and run `nfm-engine up` first.\n\n",
        );
      }
      out.write(imported.code);
    }
    return imported.ok ? 0 : 1;
  }
  const result =
    args.operation === "refresh"
      ? await engine.refresh({ skipPreview: args.skipPreview, clearPendingCreates: args.clearPendingCreates })
      : args.operation === "destroy"
        ? await engine.destroy()
        : await engine[args.operation]({ refresh: args.refresh });
  out.write(result.planText);
  if (args.verbose) errOut.write(`state: ${args.state}\n`);
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`nfm-engine: ${describeError(err, process.argv.includes("--verbose") || process.argv.includes("-v"))}\n`);
      process.exitCode = 2;
    },
  );
}
