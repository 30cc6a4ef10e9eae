// Errors a user can act on, in one place: every failed call of a Network Flow Monitor client the provider builds
// says which operation failed for which resource in which Region, keeps the AWS error's name (the error table of docs/monitor.md
// is keyed on it), and adds what to check: for a connection failure the endpoint and the setting it came from, for
// a credential failure where the credentials came from. `describeFailure` is pure; `addFailureContext` installs it
// as the outermost middleware of a client, so no call site needs to change.

/** What a client knows about where its calls go and who makes them. */
export interface CallContext {
  region: string;
  /** The endpoint override and the setting it came from, when there is one. */
  endpoint?: string;
  endpointSource?: string;
  /** Where the credentials come from (see credentials.ts describeCredentials). */
  credentials: string;
  env?: NodeJS.ProcessEnv;
}

export interface FailedCall {
  operation: string;
  input: Record<string, unknown>;
  /** The endpoint the request was sent to, when it was resolved. */
  url?: string;
}

/** Connection failures: the endpoint is wrong or down. Retrying the first two rarely helps (see fastFailRetry). */
const CONNECTION_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"];
/** Failures that mean "these credentials are missing, wrong, expired or not allowed". */
const CREDENTIAL_ERRORS = [
  "CredentialsProviderError", "AssumeRoleError", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken",
  "ExpiredTokenException", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
  "MissingAuthenticationToken", "AccessDenied", "AccessDeniedException",
];

/** `monitor "web"`, `scope "abc"`: the resource a call is about, from its input. */
export function describeTarget(operation: string, input: Record<string, unknown>): string {
  if (typeof input.monitorName === "string") return `monitor "${input.monitorName}"`;
  if (typeof input.scopeId === "string") return `scope "${input.scopeId}"`;
  if (typeof input.resourceArn === "string") {
    const m = /:(monitor|scope)\/(.+)$/.exec(input.resourceArn);
    return m ? `${m[1]} "${m[2]}"` : `resource ${input.resourceArn}`;
  }
  if (operation === "CreateScope") return "a new scope";
  if (operation === "ListScopes") return "the account's scopes";
  if (operation === "ListMonitors") return "the account's monitors";
  return "the account";
}

/** Where the endpoint of a client without an override comes from. */
export function endpointOrigin(ctx: CallContext): string {
  if (ctx.endpointSource) return ctx.endpointSource;
  const env = ctx.env ?? process.env;
  if (env.AWS_ENDPOINT_URL_NETWORKFLOWMONITOR) return "AWS_ENDPOINT_URL_NETWORKFLOWMONITOR in the environment";
  if (env.AWS_ENDPOINT_URL) return "AWS_ENDPOINT_URL in the environment";
  return `the service's default endpoint for ${ctx.region} (or the AWS profile's endpoint_url)`;
}

/** The message a failed call reports. */
export function describeFailure(call: FailedCall, error: { name?: string; message?: string; code?: string }, ctx: CallContext): string {
  const head = `${call.operation} for ${describeTarget(call.operation, call.input)} in ${ctx.region} failed`;
  const name = error.name && error.name !== "Error" ? error.name : error.code ?? "Error";
  const message = (error.message ?? "").trim();
  const code = error.code ?? (CONNECTION_CODES.find((c) => message.includes(c)));
  if (code && CONNECTION_CODES.includes(code)) {
    const url = call.url ?? ctx.endpoint ?? "the endpoint";
    return (
      `${head}: cannot reach ${url} (${code}). That endpoint comes from ${endpointOrigin(ctx)}: ` +
      "check that the service (or the emulator) is listening there, or change that setting."
    );
  }
  const base = `${head}: ${name}: ${message}`;
  if (CREDENTIAL_ERRORS.includes(name) || /security token|credential|signature/i.test(message)) {
    const why = name === "CredentialsProviderError"
      ? "none could be loaded from there: set that profile up (or log in to its SSO session), or set the keys"
      : /signature|security token|expired|credential/i.test(message) || !name.startsWith("AccessDenied")
        ? "check that they are valid, not expired, and for this account"
        : "the credentials lack the IAM permission for this action, or belong to another account";
    return `${base} (credentials: ${ctx.credentials}; ${why})`;
  }
  return base;
}

interface MiddlewareStackLike {
  add(middleware: (next: (args: any) => Promise<any>, context: any) => (args: any) => Promise<any>, options: { step: "initialize"; name: string; priority?: "high" }): void;
}

/** Rewrites every failure of this client's calls with describeFailure, keeping the error's class and name. */
export function addFailureContext(client: { middlewareStack: MiddlewareStackLike }, ctx: CallContext): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (err instanceof Error && !(err as { $described?: boolean }).$described) {
          const url = context?.endpointV2?.url;
          const message = describeFailure(
            { operation: String(context?.commandName ?? "request").replace(/Command$/, ""), input: (args?.input ?? {}) as Record<string, unknown>, url: url ? String(url) : undefined },
            err as Error & { code?: string },
            ctx,
          );
          // The first stack line repeats the message: keep the two in step, whichever the host prints.
          if (typeof err.stack === "string") err.stack = err.stack.replace(err.message, message);
          err.message = message;
          Object.assign(err, { $described: true });
        }
        throw err;
      }
    },
    { step: "initialize", name: "nfmFailureContext", priority: "high" },
  );
}

/** Codes no retry can fix quickly: nothing listens there, or the name does not resolve. */
const FAIL_FAST_CODES = ["ECONNREFUSED", "ENOTFOUND"];

/** The standard retry strategy, except that it fails at once when the endpoint refuses or does not resolve. */
export function fastFailRetryStrategy(maxAttempts: number): unknown {
  const { StandardRetryStrategy } = require("@smithy/core/retry") as typeof import("@smithy/core/retry");
  type Token = Parameters<InstanceType<typeof StandardRetryStrategy>["refreshRetryTokenForRetry"]>[0];
  type Info = Parameters<InstanceType<typeof StandardRetryStrategy>["refreshRetryTokenForRetry"]>[1];
  class FastFailRetryStrategy extends StandardRetryStrategy {
    override async refreshRetryTokenForRetry(token: Token, info: Info) {
      const code = (info.error as { code?: string } | undefined)?.code;
      if (code && FAIL_FAST_CODES.includes(code)) throw info.error;
      return super.refreshRetryTokenForRetry(token, info);
    }
  }
  return new FastFailRetryStrategy(maxAttempts);
}
