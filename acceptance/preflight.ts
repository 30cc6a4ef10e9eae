// Whether the acceptance suite may run against an AWS account: only when the `pulumi` CLI is on PATH,
// AWS credentials resolve, and the caller's account is the one named in NFM_ACCEPTANCE_ACCOUNT. The
// decision is pure (`refusalReasons`); gathering the facts is the I/O edge (`gatherPreflightFacts`).
import { resolveDefaultRegion } from "../provider/runtime";
import { getCallerIdentity } from "../provider/scope/callerAccount";
import { readProviderSettings } from "../provider/settings";
import { findPulumiCli } from "../testing/engine";

export interface PreflightFacts {
  /** Path of the `pulumi` CLI, or undefined when it is not on PATH. */
  pulumiCli?: string;
  /** The account the credentials sign for, or the reason they did not resolve. */
  caller: { account: string; arn: string } | { error: string };
  /** NFM_ACCEPTANCE_ACCOUNT as set, or undefined. */
  expectedAccount?: string;
  /** The Region the suite would use, or undefined when none is configured. */
  region?: string;
}

/** Every reason to refuse, each naming what is missing and how to fix it; empty when the suite may run. */
export function refusalReasons(facts: PreflightFacts): string[] {
  const reasons: string[] = [];
  if (!facts.pulumiCli) {
    reasons.push("the `pulumi` CLI is not on PATH: install it (https://www.pulumi.com/docs/install/) and make sure `pulumi version` runs");
  }
  if (!facts.region) {
    reasons.push("no AWS Region: set AWS_REGION (or AWS_DEFAULT_REGION, or a region in your AWS profile)");
  }
  if ("error" in facts.caller) {
    reasons.push(`AWS credentials do not resolve (STS GetCallerIdentity failed: ${facts.caller.error}): set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the test account`);
  }
  if (!facts.expectedAccount) {
    reasons.push("NFM_ACCEPTANCE_ACCOUNT is not set: set it to the 12-digit id of the account the suite may create and delete objects in");
  } else if (!/^\d{12}$/.test(facts.expectedAccount)) {
    reasons.push(`NFM_ACCEPTANCE_ACCOUNT is "${facts.expectedAccount}", not a 12-digit account id`);
  } else if ("account" in facts.caller && facts.caller.account !== facts.expectedAccount) {
    reasons.push(
      `the credentials sign for account ${facts.caller.account} (${facts.caller.arn}), not NFM_ACCEPTANCE_ACCOUNT=${facts.expectedAccount}: switch credentials or correct NFM_ACCEPTANCE_ACCOUNT`,
    );
  }
  return reasons;
}

/** Looks the facts up: PATH, the environment's Region, and STS GetCallerIdentity with the default credential chain. */
export async function gatherPreflightFacts(env: NodeJS.ProcessEnv = process.env): Promise<PreflightFacts> {
  const settings = readProviderSettings(() => undefined);
  const region = await resolveDefaultRegion(settings).catch(() => undefined);
  let caller: PreflightFacts["caller"];
  try {
    const id = await withTimeout(getCallerIdentity(region ?? "us-east-1", settings), 20_000);
    caller = { account: id.account, arn: id.arn };
  } catch (err) {
    caller = { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  return { pulumiCli: findPulumiCli(env.PATH), caller, expectedAccount: env.NFM_ACCEPTANCE_ACCOUNT || undefined, region };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e) => (clearTimeout(t), reject(e)));
  });
}
