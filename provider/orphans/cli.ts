#!/usr/bin/env node
// nfm-orphans: lists (and with --delete, deletes) the monitors and scopes that carry a stack's ownership tag but
// that its state does not hold: what an interrupted `pulumi up` leaves behind when the next program no longer
// declares the resource. Reads the state from `pulumi stack export` (a file or stdin) or an nfm-engine state file;
// reaches AWS with the provider's own settings (aws:* / networkflowmonitor:* given with --config, else the AWS
// environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_NETWORKFLOWMONITOR, ...).
import * as fs from "node:fs";
import { createClient, resolveDefaultRegion } from "../runtime";
import { readProviderSettings } from "../settings";
import { deleteOwned, listOwned } from "./account";
import { findOrphans, stateHoldings, type OwnedResource } from "./find";

const USAGE = `usage: nfm-orphans --stack <project>/<stack> [--state <file>|-] [--region <region>] [--config key=value]... [--delete]

  --stack    the Pulumi project and stack whose ownership tag to look for (pulumi-networkflowmonitor:owner = <project>/<stack>/<name>)
  --state    the stack's state: \`pulumi stack export --file state.json\` (or \`pulumi stack export | nfm-orphans ... --state -\`),
             or the state file of nfm-engine; default: stdin
  --region   the Region to search (default: aws:region from --config, then AWS_REGION / the AWS profile)
  --config   stack config the provider reads, e.g. --config networkflowmonitor:endpoint=http://127.0.0.1:4566 --config aws:profile=dev
  --delete   delete the orphans found (otherwise only list them)
Exit code: 0 nothing left to do, 1 orphans found and not deleted (or a deletion failed), 2 usage or access error.`;

interface Args {
  project: string;
  stack: string;
  state: string;
  region?: string;
  config: Record<string, string>;
  delete: boolean;
}

export function parseArgs(argv: string[]): Args | string {
  const config: Record<string, string> = {};
  let stackArg: string | undefined;
  let state = "-";
  let region: string | undefined;
  let del = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--stack") stackArg = value();
      else if (a === "--state") state = value();
      else if (a === "--region") region = value();
      else if (a === "--delete") del = true;
      else if (a === "--config") {
        const kv = value();
        const eq = kv.indexOf("=");
        if (eq <= 0) return `--config takes key=value, got ${JSON.stringify(kv)}`;
        config[kv.slice(0, eq)] = kv.slice(eq + 1);
      } else if (a === "--help" || a === "-h") return USAGE;
      else return `unknown argument ${JSON.stringify(a)}\n${USAGE}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  const m = /^([^/]+)\/([^/]+)$/.exec(stackArg ?? "");
  if (!m) return `--stack <project>/<stack> is required (the project name in Pulumi.yaml and the stack name)\n${USAGE}`;
  return { project: m[1], stack: m[2], state, region, config, delete: del };
}

const describe = (r: OwnedResource) => `${r.kind} ${r.id} (${r.arn}, owner ${r.owner}${r.status ? `, ${r.status}` : ""})`;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, errOut: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    errOut.write(`${args}\n`);
    return args === USAGE ? 0 : 2;
  }
  let holdings;
  try {
    const text = fs.readFileSync(args.state === "-" ? 0 : args.state, "utf8");
    holdings = stateHoldings(JSON.parse(text));
  } catch (err) {
    errOut.write(`nfm-orphans: cannot read the state from ${args.state === "-" ? "stdin" : args.state}: ${(err as Error).message}\n`);
    return 2;
  }
  const settings = readProviderSettings((k) => args.config[k]);
  const region = args.region ?? (await resolveDefaultRegion(settings));
  if (!region) {
    errOut.write("nfm-orphans: no Region: pass --region, --config aws:region=..., or set AWS_REGION\n");
    return 2;
  }
  const api = createClient(settings, region);
  try {
    const report = findOrphans(await listOwned(api, args.project, args.stack), holdings, args.project, args.stack);
    for (const r of report.pending) {
      out.write(`pending  ${describe(r)}: a pending operation in the state names this resource; run \`pulumi refresh\` and \`pulumi up\` first\n`);
    }
    if (report.orphans.length === 0) {
      out.write(`no orphans of ${args.project}/${args.stack} in ${region}\n`);
      return 0;
    }
    let failed = 0;
    // Monitors before scopes: a scope is deleted once nothing uses it.
    for (const r of [...report.orphans].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "monitor" ? -1 : 1))) {
      if (!args.delete) {
        out.write(`orphan   ${describe(r)}\n`);
        continue;
      }
      try {
        await deleteOwned(api, r);
        out.write(`deleted  ${describe(r)}\n`);
      } catch (err) {
        failed++;
        errOut.write(`nfm-orphans: deleting ${describe(r)} failed: ${(err as Error).message}\n`);
      }
    }
    if (!args.delete) out.write(`${report.orphans.length} orphan(s); run again with --delete to delete them\n`);
    return args.delete && failed === 0 ? 0 : 1;
  } catch (err) {
    errOut.write(`nfm-orphans: ${(err as Error).message}\n`);
    return 2;
  } finally {
    api.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nfm-orphans: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
