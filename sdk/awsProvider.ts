// An explicit aws.Provider on a Monitor or Scope (`{ provider }`, or `providers` on a parent component such as
// WorkloadMonitor). A dynamic resource's CRUD runs in Pulumi's dynamic-provider host, so the aws.Provider must
// not be passed on as the resource's provider: @pulumi/pulumi sends a custom resource's `opts.provider` to the
// engine whatever its package (runtime/resource.js prepareResource), and the engine would send the dynamic
// resource's Check and Create to the AWS provider plugin. Instead its settings are read from its outputs (every
// input of a provider resource is also an output: the engine's provider registry returns the checked config,
// pkg/resource/deploy/providers/registry.go Create) and passed as the `__awsProvider` input, secret as a whole
// because it may hold keys. Nothing here is captured by the serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { AWS_PROVIDER_KEYS, UNSUPPORTED_AWS_KEYS } from "../provider/settings";

/** The aws.Provider outputs the provider reads: applied, or refused with what to do instead (never ignored). */
const PROVIDER_OUTPUTS = [...AWS_PROVIDER_KEYS, ...Object.keys(UNSUPPORTED_AWS_KEYS)];

const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

function isAwsProvider(p: unknown): p is pulumi.ProviderResource {
  return pulumi.ProviderResource.isInstance(p) && (p as unknown as { __pulumiType?: string }).__pulumiType === AWS_PROVIDER_TYPE;
}

/** Whether a component's options give it an aws.Provider (`provider`, `providers`, or one its parent has). */
export function hasAwsProvider(opts: pulumi.ComponentResourceOptions | undefined): boolean {
  const providers = opts?.providers;
  const listed = Array.isArray(providers) ? providers : providers ? Object.values(providers) : [];
  return [opts?.provider, ...listed, opts?.parent?.getProvider("aws:index:Provider")].some(isAwsProvider);
}

/**
 * Splits a resource's options: the options to register the dynamic resource with (without a foreign provider),
 * and the `__awsProvider` input from the aws.Provider given as `provider` or inherited from the parent.
 * Throws when `provider` is a provider of another package, naming what to pass instead.
 */
export function awsProviderOptions<T extends pulumi.CustomResourceOptions>(
  kind: string,
  name: string,
  opts: T | undefined,
): { opts: T | undefined; awsProvider: pulumi.Output<unknown> | undefined } {
  const explicit = opts?.provider;
  let provider: pulumi.ProviderResource | undefined;
  let own = opts;
  if (explicit !== undefined) {
    if (!isAwsProvider(explicit)) {
      const candidate = explicit as unknown;
      const type = (candidate as { __pulumiType?: unknown } | undefined)?.__pulumiType;
      const pkg = typeof type === "string" ? type.replace(/^pulumi:providers:/, "") : typeof candidate;
      throw new Error(
        `${kind}${name ? ` "${name}"` : ""}: opts.provider is a ${JSON.stringify(pkg)} provider; pass an aws.Provider from @pulumi/aws ` +
          "(its region, profile, credentials, assumeRoles and endpoints are used), or leave it out to use the stack's aws:* config",
      );
    }
    provider = explicit;
    own = { ...opts, provider: undefined } as T;
  } else {
    const inherited = opts?.parent?.getProvider("aws:index:Provider");
    if (isAwsProvider(inherited)) provider = inherited;
  }
  if (!provider) return { opts: own, awsProvider: undefined };
  return { opts: own, awsProvider: pulumi.secret(pulumi.output(knownSettings(provider))) };
}

// Output internals @pulumi/pulumi uses itself to await values: whether the value is known, and the value.
interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(): Promise<unknown>;
}

/**
 * The provider's settings that are known. In preview a provider's unset settings are unknown outputs too (the
 * SDK marks every property the engine does not return as unknown in a dry run: runtime/rpc.js resolveProperties),
 * which would make the whole object unknown; so unknown ones are left out and named in `notKnownYet` (the
 * provider treats an unknown `region` as not known yet).
 */
async function knownSettings(provider: pulumi.ProviderResource): Promise<Record<string, unknown>> {
  const urn = (await (provider.urn as unknown as OutputInternals).promise()) as string;
  const values: Record<string, unknown> = { name: urn.split("::").pop() ?? "" };
  const notKnownYet: string[] = [];
  for (const key of PROVIDER_OUTPUTS) {
    const v = (provider as unknown as Record<string, unknown>)[key];
    if (!pulumi.Output.isInstance(v)) continue;
    const out = v as unknown as OutputInternals;
    if (!(await out.isKnown)) {
      notKnownYet.push(key);
      continue;
    }
    const value = await out.promise();
    if (value !== undefined && value !== null) values[key] = value;
  }
  if (notKnownYet.length > 0) values.notKnownYet = notKnownYet;
  return values;
}
