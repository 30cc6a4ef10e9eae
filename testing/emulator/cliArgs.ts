// Command-line flags of nfm-emulator → EmulatorOptions. Pure, so every flag is tested directly.
import { isRegionName } from "../../provider/monitor/regions";
import type { EmulatorOptions } from "./server";

export const usage = `Usage: nfm-emulator [options]

A local AWS Network Flow Monitor service (REST-JSON, SigV4) for tests and demos.
Prints "listening http://HOST:PORT" as its first line; stops on SIGINT/SIGTERM.

  --port N                  port to listen on (default 0: any free port)
  --host H                  address to bind (default 127.0.0.1)
  --region R                Region served (default us-east-1)
  --account A               12-digit account id (default 123456789012)
  --active-after MS         delay before PENDING/IN_PROGRESS settle (default 0)
  --delete-after MS         delay before DELETING/DEACTIVATING are gone (default 0)
  --state-file F            keep state in F across restarts
  --access-key K            with --secret-key: verify SigV4 signatures
  --secret-key S
  --max-monitors N          monitors per Region (default 20)
  --max-local-resources N   local resources per monitor (default 25)
  --max-remote-resources N  remote resources per monitor (default 25)
  --max-scopes N            scopes per Region (default 1)
  --max-tags N              tags per resource (default 200)
  --throttle-rate X         throttle this fraction (0..1) of requests
  --throttle-every N        throttle every Nth request
  --error-rate X            answer InternalServerException to this fraction (0..1)
  --error-every N           answer InternalServerException to every Nth request
  --latency-ms N            delay every service answer by N ms
  --error-monitors a,b      these monitors end in ERROR instead of ACTIVE
  --lost-response-every N   commit every Nth write and drop the connection before answering
  --stale-reads-after-create N  the first N GetMonitor/GetScope after a create answer ResourceNotFound
  --seed N                  seed of the fault PRNG (default 1)
  --assumable-roles a,b     role ARNs STS AssumeRole grants (default: any)
  --help                    show this help
`;

export type CliParse = { kind: "help" } | { kind: "run"; options: EmulatorOptions } | { kind: "error"; message: string };

type Kind = "string" | "count" | "rate" | "int";

const FLAGS: Record<string, { kind: Kind; set: (o: EmulatorOptions, v: never) => void }> = {
  "--port": { kind: "int", set: (o, v: number) => (o.port = v) },
  "--host": { kind: "string", set: (o, v: string) => (o.host = v) },
  "--region": { kind: "string", set: (o, v: string) => (o.region = v) },
  "--account": { kind: "string", set: (o, v: string) => (o.account = v) },
  "--active-after": { kind: "int", set: (o, v: number) => (o.activeAfterMs = v) },
  "--delete-after": { kind: "int", set: (o, v: number) => (o.deleteAfterMs = v) },
  "--state-file": { kind: "string", set: (o, v: string) => (o.stateFile = v) },
  "--access-key": { kind: "string", set: (o, v: string) => (o.accessKey = v) },
  "--secret-key": { kind: "string", set: (o, v: string) => (o.secretKey = v) },
  "--max-monitors": { kind: "count", set: (o, v: number) => ((o.limits ??= {}).maxMonitors = v) },
  "--max-local-resources": { kind: "count", set: (o, v: number) => ((o.limits ??= {}).maxLocalResources = v) },
  "--max-remote-resources": { kind: "count", set: (o, v: number) => ((o.limits ??= {}).maxRemoteResources = v) },
  "--max-scopes": { kind: "count", set: (o, v: number) => ((o.limits ??= {}).maxScopes = v) },
  "--max-tags": { kind: "count", set: (o, v: number) => ((o.limits ??= {}).maxTags = v) },
  "--throttle-rate": { kind: "rate", set: (o, v: number) => ((o.faults ??= {}).throttleRate = v) },
  "--throttle-every": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).throttleEvery = v) },
  "--error-rate": { kind: "rate", set: (o, v: number) => ((o.faults ??= {}).errorRate = v) },
  "--error-every": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).errorEvery = v) },
  "--latency-ms": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).latencyMs = v) },
  "--lost-response-every": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).lostResponseEvery = v) },
  "--stale-reads-after-create": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).staleReadsAfterCreate = v) },
  "--error-monitors": {
    kind: "string",
    set: (o, v: string) => ((o.faults ??= {}).errorMonitors = v.split(",").map((s) => s.trim()).filter((s) => s !== "")),
  },
  "--seed": { kind: "int", set: (o, v: number) => ((o.faults ??= {}).seed = v) },
  "--assumable-roles": {
    kind: "string",
    set: (o, v: string) => (o.assumableRoles = v.split(",").map((s) => s.trim()).filter((s) => s !== "")),
  },
};

function convert(flag: string, kind: Kind, text: string): number | string | { error: string } {
  switch (kind) {
    case "string":
      return text;
    case "int":
    case "count": {
      const min = kind === "count" ? 1 : 0;
      if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
        return { error: `${flag} must be a whole number >= ${min}, got '${text}'` };
      }
      return Number(text);
    }
    case "rate": {
      const n = Number(text);
      if (text.trim() === "" || !(n >= 0 && n <= 1)) return { error: `${flag} must be a number from 0 to 1, got '${text}'` };
      return n;
    }
  }
}

/** Parses argv (without node and script); `--flag value` and `--flag=value` both work. */
export function parseCliArgs(argv: string[]): CliParse {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[flag];
    if (!spec) return { kind: "error", message: `unknown option '${arg}' (see --help)` };
    let text: string;
    if (eq > 0 && arg.startsWith("--")) text = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) return { kind: "error", message: `${flag} needs a value (see --help)` };
      text = argv[++i];
    }
    const value = convert(flag, spec.kind, text);
    if (typeof value === "object") return { kind: "error", message: value.error };
    spec.set(options, value as never);
  }
  if ((options.accessKey === undefined) !== (options.secretKey === undefined)) {
    return { kind: "error", message: "--access-key and --secret-key must be given together" };
  }
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    return { kind: "error", message: `--account must be 12 digits, got '${options.account}'` };
  }
  if (options.region !== undefined && !isRegionName(options.region)) {
    return { kind: "error", message: `--region must be a Region name like us-east-1, got '${options.region}'` };
  }
  return { kind: "run", options };
}
