// getScope(): the account's existing scope in a Region, looked up from the Pulumi program itself.
// Why program-side: Pulumi's dynamic-provider host does not serve invokes (its Invoke answers
// "unknown function <token>"), so a dynamic provider cannot offer a data source. This calls ListScopes with the
// same client and settings the provider uses: `aws:region`, `aws:profile`, `networkflowmonitor:endpoint` /
// `aws:endpoints` from the stack config, else the AWS environment (AWS_REGION, AWS_ENDPOINT_URL_NETWORKFLOWMONITOR,
// AWS_ENDPOINT_URL, the credential chain).
import * as pulumi from "@pulumi/pulumi";

/** What {@link getScope} looks up. */
export interface GetScopeArgs {
  /** The Region to look in. Default: the provider's Region (the stack's `aws:region` in a Node.js program), then `AWS_REGION` / `AWS_DEFAULT_REGION` / the AWS profile's region. */
  region?: string;
}

export type GetScopeResult = import("../provider/scope/lookup").AccountScope;

function configValue(key: string): string | undefined {
  const at = key.indexOf(":");
  return new pulumi.Config(key.slice(0, at)).get(key.slice(at + 1));
}

/** The account's Network Flow Monitor scope in a Region; rejects with a message saying how to create one when there is none. */
export async function getScope(args?: GetScopeArgs, opts?: pulumi.InvokeOptions): Promise<GetScopeResult> {
  const { readAwsProviderSettings, readProviderSettings } = require("../provider/settings") as typeof import("../provider/settings");
  const { lookupAccountScope } = require("../provider/scope/lookup") as typeof import("../provider/scope/lookup");
  const { awsProviderOptions } = require("./awsProvider") as typeof import("./awsProvider");

  // An aws.Provider in opts (or inherited from opts.parent) applies here as on the resources.
  const { awsProvider } = awsProviderOptions("getScope", "", opts as pulumi.CustomResourceOptions | undefined);
  const settings = awsProvider
    // Output's promise() is how @pulumi/pulumi itself awaits a value; the provider's settings are known in preview.
    ? readAwsProviderSettings(await (awsProvider as unknown as { promise(): Promise<unknown> }).promise(), configValue)
    : readProviderSettings(configValue);
  return lookupAccountScope(settings, args?.region, "`aws:region` in the stack config");
}

export interface GetScopeOutputArgs {
  region?: pulumi.Input<string>;
}

/** {@link getScope} as an Output, for arguments that are Outputs themselves. */
export function getScopeOutput(args?: pulumi.Input<GetScopeOutputArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetScopeResult> {
  return pulumi.output(args ?? {}).apply((a) => getScope({ region: a.region }, opts));
}
