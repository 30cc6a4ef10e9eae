// The `__awsProvider` input both providers (Monitor, Scope) carry when the program gave the resource an explicit
// aws.Provider: its settings, as the SDK read them from the provider's outputs. check lifts it out before the
// resource's own validation (it is not a user property), takes the defaults from it, and puts it back so it is
// stored with the resource: delete and refresh get only the stored outputs, and must reach the same account.
import { isUnknown, UNKNOWN } from "../monitor/types";
import { defaultRegion, providerSettings } from "../runtime";
import { AWS_PROVIDER_INPUT, type ProviderSettings } from "../settings";
import { deepEqual } from "./equality";

export interface LiftedAwsProvider {
  /** The inputs without `__awsProvider`, with `region` unknown when it is to come from an unknown provider region. */
  rest: Record<string, unknown>;
  /** `{ __awsProvider }` to merge back into the checked inputs, or `{}`. */
  awsProvider: Record<string, unknown>;
  settings: ProviderSettings;
  /** The resource's default Region under these settings. */
  defaultRegion: string | undefined;
}

export async function withoutAwsProvider(news: Record<string, unknown> | null | undefined): Promise<LiftedAwsProvider> {
  const input = news !== null && typeof news === "object" ? news : {};
  const { [AWS_PROVIDER_INPUT]: given, ...rest } = input;
  const settings = providerSettings(input);
  const region = await defaultRegion(input);
  // The provider's region is an output not known yet (preview): so is the resource's, when it sets none.
  if (isUnknown(region) && (rest.region === undefined || rest.region === null)) rest.region = UNKNOWN;
  return {
    rest,
    awsProvider: given === undefined || given === null ? {} : { [AWS_PROVIDER_INPUT]: given },
    settings,
    defaultRegion: isUnknown(region) ? undefined : region,
  };
}

/**
 * Whether the resource's aws.Provider settings changed (another profile, role or endpoint): an update with no
 * API call, so that the stored settings, which delete and refresh use, are the current ones.
 */
export function awsProviderChanged(olds: Record<string, unknown> | null | undefined, news: Record<string, unknown> | null | undefined): boolean {
  // `notKnownYet` (preview only) lists settings not known yet: not a change by itself.
  const settled = (v: unknown) => (v !== null && typeof v === "object" ? { ...(v as Record<string, unknown>), notKnownYet: undefined } : v ?? null);
  return !deepEqual(settled(olds?.[AWS_PROVIDER_INPUT]), settled(news?.[AWS_PROVIDER_INPUT]));
}

/** `{ __awsProvider }` from stored state, for results (such as a refresh's) built from the service's answer. */
export function keptAwsProvider(props: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const v = props?.[AWS_PROVIDER_INPUT];
  return v === undefined || v === null ? {} : { [AWS_PROVIDER_INPUT]: v };
}
