// `make acceptance` (`npm run acceptance`): the acceptance scenarios against a real AWS account with the real
// `pulumi` CLI. Refuses, naming everything missing, unless `pulumi` is on PATH, AWS credentials resolve and their
// account is NFM_ACCEPTANCE_ACCOUNT. Writes the observations to NFM_ACCEPTANCE_REPORT (acceptance-report.json).
//   npm run acceptance -- [--only "monitor lifecycle"]... [--report FILE]
import * as fs from "node:fs";
import * as path from "node:path";
import { refuse, runAsCommand } from "./cli";
import { gatherPreflightFacts, refusalReasons } from "./preflight";
import { emulatorSettingsFrom } from "./report";
import { runAcceptance } from "./scenarios";
import { awsTarget } from "./target";

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, log = (l: string) => console.log(l)): Promise<number> {
  const only: string[] = [];
  let reportFile = env.NFM_ACCEPTANCE_REPORT || "acceptance-report.json";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--only") only.push(argv[++i]);
    else if (argv[i] === "--report") reportFile = argv[++i];
    else {
      log(`unknown argument ${argv[i]}; usage: npm run acceptance -- [--only "<scenario name>"]... [--report FILE]`);
      return 2;
    }
  }
  const facts = await gatherPreflightFacts(env);
  const reasons = refusalReasons(facts);
  if (reasons.length) return refuse("make acceptance", "it creates and deletes real AWS objects, so it runs only against the account you name", reasons, log);
  const account = (facts.caller as { account: string }).account;
  const target = awsTarget({ region: facts.region as string, account, env });
  log(`Acceptance run ${target.runId} in account ${account}, ${target.region}, with ${facts.pulumiCli}. Objects are tagged acceptance=${target.runId}.`);
  const report = await runAcceptance(target, { log, only: only.length ? only : undefined });
  fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const suggested = emulatorSettingsFrom(report);
  log(`\nReport: ${path.resolve(reportFile)}`);
  log(`Emulator settings this account suggests: ${suggested.flags.join(" ") || "(no durations measured)"} (see docs/acceptance.md)`);
  const failed = report.scenarios.filter((s) => s.status === "failed");
  if (failed.length) log(`${failed.length} scenario(s) failed; if objects were left behind, run make sweep.`);
  return failed.length ? 1 : 0;
}

runAsCommand(module, (argv) => main(argv));
