// getScope(): the account's existing scope in a Region, looked up from the Pulumi program itself.
// Why program-side: Pulumi's dynamic-provider host does not serve invokes (its Invoke answers
// "unknown function <token>"), so a dynamic provider cannot offer a data source. This calls ListScopes with the
// same client and settings the provider uses: `aws:region`, `aws:profile`, `networkflowmonitor:endpoint` /
// `aws:endpoints` from the stack config, else the AWS environment (AWS_REGION, AWS_ENDPOINT_URL_NETWORKFLOWMONITOR,
// AWS_ENDPOINT_URL, the credential chain).
import * as pulumi from "@pulumi/pulumi";
import type { ScopeStatus } from "../provider/client/generated/enums";

/** What {@link getScope} looks up. */
export interface GetScopeArgs {
  /** The Region to look in. Default: the provider's Region (the stack's `aws:region` in a Node.js program), then `AWS_REGION` / `AWS_DEFAULT_REGION` / the AWS profile's region. */
  region?: string;
}

/** The account's scope in a Region, as {@link getScope} finds it. */
export interface GetScopeResult {
  /** `arn:aws:networkflowmonitor:<region>:<account>:scope/<id>`: what a Monitor's `scopeArn` takes. */
  scopeArn: string;
  /** The scope's id: the last part of `scopeArn`. */
  scopeId: string;
  /** `SUCCEEDED` when the scope is ready; `IN_PROGRESS` or `FAILED` otherwise. */
  status: ScopeStatus;
  /** The Region the scope is in. */
  region: string;
}

function configValue(key: string): string | undefined {
  const at = key.indexOf(":");
  return new pulumi.Config(key.slice(0, at)).get(key.slice(at + 1));
}

/** The account's Network Flow Monitor scope in a Region; rejects with a message saying how to create one when there is none. */
export async function getScope(args?: GetScopeArgs, opts?: pulumi.InvokeOptions): Promise<GetScopeResult> {
  const { readAwsProviderSettings, readProviderSettings } = require("../provider/settings") as typeof import("../provider/settings");
  const { listScopes, pickAccountScope } = require("../provider/scope/lookup") as typeof import("../provider/scope/lookup");
  const { createClient, resolveDefaultRegion } = require("../provider/runtime") as typeof import("../provider/runtime");
  const { awsProviderOptions } = require("./awsProvider") as typeof import("./awsProvider");

  // An aws.Provider in opts (or inherited from opts.parent) applies here as on the resources.
  const { awsProvider } = awsProviderOptions("getScope", "", opts as pulumi.CustomResourceOptions | undefined);
  const settings = awsProvider
    // Output's promise() is how @pulumi/pulumi itself awaits a value; the provider's settings are known in preview.
    ? readAwsProviderSettings(await (awsProvider as unknown as { promise(): Promise<unknown> }).promise(), configValue)
    : readProviderSettings(configValue);
  if (settings.problems.length > 0) {
    throw new Error(`getScope: ${settings.problems.map((p) => `${p.property} ${p.reason}`).join("; ")}`);
  }
  const region = args?.region ?? (await resolveDefaultRegion(settings));
  if (!region) {
    throw new Error("getScope: no Region: pass { region }, set `aws:region` in the stack config, or set AWS_REGION (or the AWS profile's region)");
  }
  const api = createClient(settings, region);
  try {
    const found = pickAccountScope(await listScopes(api));
    if (!found) {
      throw new Error(
        `getScope: the account has no Network Flow Monitor scope in ${region}. ` +
          `Create one with \`new Scope("scope", { region: "${region}" })\` (one stack owns it; others use getScope), then run this stack again.`,
      );
    }
    return { scopeArn: found.scopeArn, scopeId: found.scopeId, status: found.status, region };
  } finally {
    api.destroy();
  }
}

export interface GetScopeOutputArgs {
  region?: pulumi.Input<string>;
}

/** {@link getScope} as an Output, for arguments that are Outputs themselves. */
export function getScopeOutput(args?: pulumi.Input<GetScopeOutputArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetScopeResult> {
  return pulumi.output(args ?? {}).apply((a) => getScope({ region: a.region }, opts));
}
