// The provider plugin's configuration, typed and documented for the package schema (scripts/generate-schema.ts):
// the `networkflowmonitor:<key>` stack config keys, which are also the inputs of an explicit
// `networkflowmonitor.Provider`. provider/settings.ts reads the values (structured ones arrive JSON-encoded);
// tests/schema holds these keys equal to the keys it reads. Types only: nothing here runs.

/** One IAM role to assume, as an entry of `assumeRoles`. */
export interface ProviderAssumeRole {
  /** The role's ARN, like `arn:aws:iam::123456789012:role/deploy`. An entry without one assumes nothing. */
  roleArn?: string;
  /** The role session's name. */
  sessionName?: string;
  /** The external id the role's trust policy asks for. */
  externalId?: string;
  /** How long the session lasts: a duration from `15m` to `12h`, like `"1h"`. */
  duration?: string;
  /** An IAM policy document (JSON) that narrows the session's permissions further. */
  policy?: string;
  /** ARNs of managed policies that narrow the session's permissions further. */
  policyArns?: string[];
  /** The source identity the session carries. */
  sourceIdentity?: string;
  /** Session tags. */
  tags?: Record<string, string>;
  /** Keys of session tags that pass on to the next role in a chain. */
  transitiveTagKeys?: string[];
}

/** Tags every monitor and scope of this provider carries. */
export interface ProviderDefaultTags {
  /** Tags merged under each resource's own `tags` into its `tagsAll`. */
  tags?: Record<string, string>;
}

/** Per-service endpoint overrides, as an entry of `endpoints`. */
export interface ProviderEndpoint {
  /** The URL Network Flow Monitor calls go to, like `http://127.0.0.1:4566` for the local emulator. */
  networkflowmonitor?: string;
  /** The URL STS calls (AssumeRole, GetCallerIdentity) go to. */
  sts?: string;
}

/** The provider's settings; unset ones come from the AWS environment (`AWS_REGION`, `AWS_PROFILE`, the credential chain). */
export interface ProviderConfig {
  /** The Region monitors and scopes default to; else `AWS_REGION` / `AWS_DEFAULT_REGION`, then the AWS profile's region. */
  region?: string;
  /** The shared-config profile that credentials and the default Region come from. */
  profile?: string;
  /**
   * A static access key id; set it together with `secretKey`.
   * @secret
   */
  accessKey?: string;
  /**
   * The static secret access key that goes with `accessKey`.
   * @secret
   */
  secretKey?: string;
  /**
   * A session token for temporary static credentials.
   * @secret
   */
  token?: string;
  /** Roles to assume, in order, each with the previous one's credentials. */
  assumeRoles?: ProviderAssumeRole[];
  /**
   * One role to assume (the older, single form of `assumeRoles`); set one of the two.
   * @deprecated Use assumeRoles.
   */
  assumeRole?: ProviderAssumeRole;
  /** The shared credentials file to read the profile from (one file; the list form matches `@pulumi/aws`). */
  sharedCredentialsFiles?: string[];
  /** The shared config file to read the profile from (one file; the list form matches `@pulumi/aws`). */
  sharedConfigFiles?: string[];
  /** Endpoint overrides: the `networkflowmonitor` and `sts` entries are used. */
  endpoints?: ProviderEndpoint[];
  /** The URL Network Flow Monitor calls go to; wins over the `networkflowmonitor` entry of `endpoints`. */
  endpoint?: string;
  /** Tags every monitor and scope carries beside its own. */
  defaultTags?: ProviderDefaultTags;
  /** The Region STS calls (AssumeRole, GetCallerIdentity) go to. */
  stsRegion?: string;
  /**
   * Retries after a throttled or failed call, from 0 to 49 (attempts are this plus one).
   * @integer
   */
  maxRetries?: number;
  /**
   * Attempts per call, from 1 to 50 (default 10); wins over `maxRetries`.
   * @integer
   */
  maxAttempts?: number;
}
