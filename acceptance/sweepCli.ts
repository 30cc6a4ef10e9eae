// `make sweep` (`npm run sweep`): deletes the monitors and scopes tagged `acceptance` that a failed acceptance run
// left in the account, after listing them. Same safety as the suite: only in NFM_ACCEPTANCE_ACCOUNT.
//   npm run sweep -- [--dry-run]
import { refuse, runAsCommand } from "./cli";
import { gatherPreflightFacts, refusalReasons } from "./preflight";
import { sweep } from "./sweep";
import { awsTarget } from "./target";

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, log = (l: string) => console.log(l)): Promise<number> {
  const dryRun = argv.includes("--dry-run");
  const facts = await gatherPreflightFacts(env);
  // The sweeper calls the service directly: it needs no pulumi CLI.
  const reasons = refusalReasons({ ...facts, pulumiCli: facts.pulumiCli ?? "(not needed)" });
  if (reasons.length) return refuse("make sweep", "it deletes AWS objects, so it runs only in the account you name", reasons, log);
  const target = awsTarget({ region: facts.region as string, account: (facts.caller as { account: string }).account, env });
  log(`Sweeping account ${target.account}, ${target.region}${dryRun ? " (dry run: nothing is deleted)" : ""}.`);
  const result = await sweep(target.client, { log, dryRun });
  return result.failed.length ? 1 : 0;
}

runAsCommand(module, (argv) => main(argv));
