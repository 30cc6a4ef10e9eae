// The Network Flow Monitor client, wired onto the AWS SDK v3 runtime the way the official generated
// clients are (compare @aws-sdk/nested-clients' SSO client): schema-based serde with the restJson1
// protocol, SigV4 via the http-auth-scheme plugins, the standard retry strategy and the model's
// endpoint rule set. Swapping in @aws-sdk/client-networkflowmonitor later is an import change.
import {
  NODE_APP_ID_CONFIG_OPTIONS,
  createDefaultUserAgentProvider,
  getAwsRegionExtensionConfiguration,
  getDefaultSocketTimeout,
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  resolveAwsRegionExtensionConfiguration,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from "@aws-sdk/core/client";
import { AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, resolveAwsSdkSigV4Config } from "@aws-sdk/core/httpAuthSchemes";
import { AwsRestJsonProtocol } from "@aws-sdk/core/protocols";
import { defaultProvider as credentialDefaultProvider } from "@aws-sdk/credential-provider-node";
import { DefaultIdentityProviderConfig, getHttpAuthSchemeEndpointRuleSetPlugin, getHttpSigningPlugin } from "@smithy/core";
import { Sha256 } from "@smithy/core/checksum";
import {
  NoOpLogger,
  getDefaultExtensionConfiguration,
  getSmithyContext,
  loadConfigsForDefaultMode,
  normalizeProvider,
  resolveDefaultRuntimeConfig,
} from "@smithy/core/client";
import {
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  loadConfig,
  resolveDefaultsModeConfig,
  resolveRegionConfig,
} from "@smithy/core/config";
import { resolveEndpointConfig } from "@smithy/core/endpoints";
import {
  getContentLengthPlugin,
  getHttpHandlerExtensionConfiguration,
  parseUrl,
  resolveHttpHandlerRuntimeConfig,
} from "@smithy/core/protocols";
import {
  DEFAULT_RETRY_MODE,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  getRetryPlugin,
  resolveRetryConfig,
} from "@smithy/core/retry";
import { getSchemaSerdePlugin } from "@smithy/core/schema";
import { calculateBodyLength, fromBase64, fromUtf8, toBase64, toUtf8 } from "@smithy/core/serde";
import { NodeHttpHandler, streamCollector } from "@smithy/node-http-handler";
import { Client as __Client } from "@smithy/smithy-client";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Endpoint,
  EndpointV2,
  HttpAuthOption,
  HttpHandlerOptions,
  Logger,
  Provider,
  RequestHandler,
  RetryStrategy,
  RetryStrategyV2,
  UserAgent,
} from "@smithy/types";
import { defaultEndpointResolver, type EndpointParameters } from "./endpointResolver";
import type { ServiceInputTypes, ServiceOutputTypes } from "./generated/commands";
import { NAMESPACE, getErrorTypeRegistries } from "./generated/schemas";

export type { ServiceInputTypes, ServiceOutputTypes } from "./generated/commands";

const API_VERSION = "2023-04-19";
/** The model's serviceId: it names AWS_ENDPOINT_URL_NETWORKFLOWMONITOR and the profile's services section key. */
const SERVICE_ID = "NetworkFlowMonitor";
const SIGNING_NAME = "networkflowmonitor";
const CLIENT_VERSION = "0.1.0";

/** Options of `new NetworkFlowMonitorClient(...)`; the same names the official client accepts. */
export interface NetworkFlowMonitorClientConfig {
  /** AWS Region; defaults to AWS_REGION or the profile's `region`. */
  region?: string | Provider<string>;
  /** Defaults to the Node.js default chain (env, SSO, ini profile, process, web identity, ECS/EC2 metadata). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * Fixed endpoint, e.g. "http://127.0.0.1:4566". Without it the client looks at AWS_ENDPOINT_URL_NETWORKFLOWMONITOR,
   * AWS_ENDPOINT_URL and the profile's `endpoint_url`, then the model's endpoint rules.
   */
  endpoint?: string | Endpoint | Provider<Endpoint> | EndpointV2 | Provider<EndpointV2>;
  /** Shared config/credentials profile; defaults to AWS_PROFILE, then "default". */
  profile?: string;
  /** Attempts per call including the first; defaults to AWS_MAX_ATTEMPTS, the profile's `max_attempts`, or 3. */
  maxAttempts?: number | Provider<number>;
  /** "standard" (default) or "adaptive". */
  retryMode?: string | Provider<string>;
  retryStrategy?: RetryStrategy | RetryStrategyV2;
  useFipsEndpoint?: boolean | Provider<boolean>;
  /** Skip AWS_ENDPOINT_URL* and profile `endpoint_url`. */
  ignoreConfiguredEndpointUrls?: boolean;
  requestHandler?: RequestHandler<any, any, HttpHandlerOptions> | Record<string, unknown>;
  logger?: Logger;
  customUserAgent?: string | UserAgent;
  userAgentAppId?: string | undefined | Provider<string | undefined>;
  endpointProvider?: (params: EndpointParameters, context?: { logger?: Logger }) => EndpointV2;
  credentialDefaultProvider?: (input: any) => AwsCredentialIdentityProvider;
  /** Runtime extensions, as in the official clients (`{ configure(extensionConfiguration) {...} }`). */
  extensions?: { configure(extensionConfiguration: any): void }[];
  [option: string]: unknown;
}

/** The resolved configuration (`client.config`). Fields are providers, as in the official client. */
export interface NetworkFlowMonitorClientResolvedConfig {
  readonly apiVersion: string;
  requestHandler: RequestHandler<any, any, HttpHandlerOptions>;
  region: Provider<string>;
  credentials: AwsCredentialIdentityProvider;
  endpointProvider: (params: EndpointParameters, context?: { logger?: Logger }) => EndpointV2;
  endpoint?: Provider<Endpoint>;
  isCustomEndpoint: boolean;
  useFipsEndpoint: Provider<boolean>;
  maxAttempts: Provider<number>;
  retryStrategy: Provider<RetryStrategyV2 | RetryStrategy>;
  serviceId: string;
  logger: Logger;
  [option: string]: any;
}

function getRuntimeConfig(config: NetworkFlowMonitorClientConfig): Record<string, any> {
  // No emitWarningIfUnsupportedVersion: it warns about future SDK releases, which pinned versions never get.
  const defaultsMode = resolveDefaultsModeConfig(config as any);
  const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
  const logger = config.logger ?? new NoOpLogger();
  const loaderConfig = { profile: config.profile, logger };
  const shared = {
    apiVersion: API_VERSION,
    base64Decoder: fromBase64,
    base64Encoder: toBase64,
    disableHostPrefix: false,
    endpointProvider: defaultEndpointResolver,
    extensions: [],
    httpAuthSchemeProvider: defaultHttpAuthSchemeProvider,
    httpAuthSchemes: [{
      schemeId: "aws.auth#sigv4",
      identityProvider: (ipc: DefaultIdentityProviderConfig) => ipc.getIdentityProvider("aws.auth#sigv4"),
      signer: new AwsSdkSigV4Signer(),
    }],
    logger,
    protocol: AwsRestJsonProtocol,
    protocolSettings: {
      defaultNamespace: NAMESPACE,
      errorTypeRegistries: getErrorTypeRegistries(),
      version: API_VERSION,
      serviceTarget: SERVICE_ID,
    },
    serviceId: SERVICE_ID,
    sha256: Sha256,
    urlParser: parseUrl,
    utf8Decoder: fromUtf8,
    utf8Encoder: toUtf8,
  };
  return {
    ...shared,
    ...config,
    runtime: "node",
    defaultsMode,
    authSchemePreference: config.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
    bodyLengthChecker: config.bodyLengthChecker ?? calculateBodyLength,
    credentialDefaultProvider: config.credentialDefaultProvider ?? credentialDefaultProvider,
    defaultSocketTimeout: getDefaultSocketTimeout(config.requestHandler as any, 300_000),
    defaultUserAgentProvider: config.defaultUserAgentProvider ??
      createDefaultUserAgentProvider({ serviceId: SERVICE_ID, clientVersion: CLIENT_VERSION }),
    maxAttempts: config.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config as any),
    region: config.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestHandler: NodeHttpHandler.create((config.requestHandler ?? defaultConfigProvider) as any),
    retryMode: config.retryMode ?? loadConfig({
      ...NODE_RETRY_MODE_CONFIG_OPTIONS,
      default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
    }, config as any),
    streamCollector: config.streamCollector ?? streamCollector,
    useDualstackEndpoint: config.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    useFipsEndpoint: config.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    userAgentAppId: config.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
  };
}

/** Every operation of this service is SigV4-signed for `networkflowmonitor` in the client's Region. */
async function httpAuthSchemeParametersProvider(config: any, context: any) {
  const region = await normalizeProvider(config.region)();
  if (!region) throw new Error("region is not configured: pass `region` to NetworkFlowMonitorClient or set AWS_REGION");
  return { operation: getSmithyContext(context).operation as string, region: region as string };
}

function defaultHttpAuthSchemeProvider(params: { region: string }): HttpAuthOption[] {
  return [{
    schemeId: "aws.auth#sigv4",
    signingProperties: { name: SIGNING_NAME, region: params.region },
    propertiesExtractor: (config: any, context: any) => ({ signingProperties: { config, context } }),
  }];
}

/** Lets `extensions` replace auth schemes and credentials, as in the official clients. */
function getHttpAuthExtensionConfiguration(runtimeConfig: any) {
  const schemes = runtimeConfig.httpAuthSchemes;
  let schemeProvider = runtimeConfig.httpAuthSchemeProvider;
  let credentials = runtimeConfig.credentials;
  return {
    setHttpAuthScheme(scheme: any) {
      const i = schemes.findIndex((s: any) => s.schemeId === scheme.schemeId);
      if (i === -1) schemes.push(scheme);
      else schemes.splice(i, 1, scheme);
    },
    httpAuthSchemes: () => schemes,
    setHttpAuthSchemeProvider(provider: any) { schemeProvider = provider; },
    httpAuthSchemeProvider: () => schemeProvider,
    setCredentials(c: any) { credentials = c; },
    credentials: () => credentials,
  };
}

function resolveRuntimeExtensions(runtimeConfig: any, extensions: { configure(c: any): void }[]) {
  const auth = getHttpAuthExtensionConfiguration(runtimeConfig);
  const extensionConfiguration = Object.assign(
    getAwsRegionExtensionConfiguration(runtimeConfig),
    getDefaultExtensionConfiguration(runtimeConfig),
    getHttpHandlerExtensionConfiguration(runtimeConfig),
    auth,
  );
  for (const extension of extensions) extension.configure(extensionConfiguration);
  return Object.assign(
    runtimeConfig,
    resolveAwsRegionExtensionConfiguration(extensionConfiguration),
    resolveDefaultRuntimeConfig(extensionConfiguration),
    resolveHttpHandlerRuntimeConfig(extensionConfiguration),
    {
      httpAuthSchemes: extensionConfiguration.httpAuthSchemes(),
      httpAuthSchemeProvider: extensionConfiguration.httpAuthSchemeProvider(),
      credentials: extensionConfiguration.credentials(),
    },
  );
}

/**
 * Network Flow Monitor client for the AWS SDK v3 runtime:
 * `await new NetworkFlowMonitorClient({ region }).send(new GetMonitorCommand({ monitorName }))`.
 */
export class NetworkFlowMonitorClient extends __Client<
  HttpHandlerOptions,
  ServiceInputTypes,
  ServiceOutputTypes,
  NetworkFlowMonitorClientResolvedConfig
> {
  declare readonly config: NetworkFlowMonitorClientResolvedConfig;

  constructor(...[configuration]: [NetworkFlowMonitorClientConfig?]) {
    const initial = getRuntimeConfig(configuration ?? {});
    super(initial as any);
    this.initConfig = initial;
    let c: any = Object.assign(initial, {
      useFipsEndpoint: initial.useFipsEndpoint ?? false,
      useDualstackEndpoint: initial.useDualstackEndpoint ?? false,
      defaultSigningName: SIGNING_NAME,
    });
    c = resolveUserAgentConfig(c);
    c = resolveRetryConfig(c);
    c = resolveRegionConfig(c);
    c = resolveHostHeaderConfig(c);
    c = resolveEndpointConfig(c);
    c = resolveAwsSdkSigV4Config(c);
    c.authSchemePreference = normalizeProvider(c.authSchemePreference ?? []);
    c = resolveRuntimeExtensions(c, configuration?.extensions ?? []);
    (this as { config: NetworkFlowMonitorClientResolvedConfig }).config = c;
    this.middlewareStack.use(getSchemaSerdePlugin(c));
    this.middlewareStack.use(getUserAgentPlugin(c));
    this.middlewareStack.use(getRetryPlugin(c));
    this.middlewareStack.use(getContentLengthPlugin(c));
    this.middlewareStack.use(getHostHeaderPlugin(c));
    this.middlewareStack.use(getLoggerPlugin(c));
    this.middlewareStack.use(getRecursionDetectionPlugin(c));
    this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(c, {
      httpAuthSchemeParametersProvider: httpAuthSchemeParametersProvider as any,
      identityProviderConfigProvider: async (config: any) =>
        new DefaultIdentityProviderConfig({ "aws.auth#sigv4": config.credentials }),
    }));
    this.middlewareStack.use(getHttpSigningPlugin(c));
  }

  /** Closes the HTTP handler's sockets. */
  override destroy(): void {
    super.destroy();
  }
}
