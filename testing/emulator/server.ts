/*
 * The emulator's HTTP layer: REST-JSON as the model binds it, plus a control API for tests.
 *
 * Service API: the 13 operations of serviceModel, routed by method and requestUri template.
 *   - Errors carry the model's status, `x-amzn-errortype: <Name>`, `x-amzn-requestid` and a
 *     `{"message": ...}` body; every error passes enforceModelledError for its operation.
 *   - Requests matching no operation (unknown path, wrong method, HEAD) are answered 404
 *     ResourceNotFoundException: AWS says UnknownOperationException, which no operation models,
 *     so a model-generated client could not type it; 404 keeps AWS's status.
 *   - Malformed JSON, a non-object body, a non-JSON content type or a body over maxBodyBytes
 *     (1 MiB) are ValidationException (400): AWS's SerializationException / 413 are not modelled
 *     and ValidationException is the one error every operation lists.
 *
 * STS GetCallerIdentity and AssumeRole (Query protocol: form-encoded `POST /`, XML answers; see sts.ts), so
 * `AWS_ENDPOINT_URL` pointed here serves the provider's account lookup and assumed roles too. Signed for service
 * `sts`. Credentials AssumeRole issues are accepted by both services (signature and session token checked).
 *
 * Control API (JSON, no auth, never faulted), under /__emulator/:
 *   GET    /__emulator/health                     {region, account, endpoint}
 *   GET    /__emulator/requests[?clear=true]      {requests: LoggedRequest[]} (and clear them)
 *   DELETE /__emulator/requests                   clear the request log
 *   POST   /__emulator/reset                      forget every monitor, scope and token; clear the log
 *   GET    /__emulator/state                      ServiceSnapshot
 *   GET    /__emulator/faults                     FaultConfig
 *   PUT    /__emulator/faults                     merge a partial FaultConfig; answers the result
 *   POST   /__emulator/clock                      {advanceMs: N} moves the emulator's clock forward
 *   GET    /__emulator/monitors/{name}            the monitor's record (404 if none)
 *   DELETE /__emulator/monitors/{name}            delete it at once (drift)
 *   PUT    /__emulator/monitors/{name}/tags       {tags: {...}} replace its tags
 *   PUT    /__emulator/monitors/{name}/resources  {localResources?, remoteResources?} replace them
 *   PUT    /__emulator/monitors/{name}/status     {status: MonitorStatus}
 *   GET    /__emulator/scopes/{scopeId}           the scope's record (404 if none)
 *   DELETE /__emulator/scopes/{scopeId}           delete it at once
 *   PUT    /__emulator/scopes/{scopeId}/status    {status: ScopeStatus}
 *   GET    /__emulator/sessions                   {sessions: StsSession[]} the credentials AssumeRole issued
 * Control errors are {message} with 400 (bad input) or 404 (no such monitor/scope/endpoint).
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { isRegionName } from "../../provider/monitor/regions";
import { enforceModelledError, ServiceError } from "./errors";
import { FaultPolicy, type FaultConfig } from "./faults";
import { errorStatus, matchRoute, model } from "./model";
import { awsLimits, NetworkFlowMonitorService, type MonitorRecord, type MonitorStatus, type Resource, type ScopeRecord, type ScopeStatus, type ServiceLimits, type ServiceSnapshot } from "./service";
import { parseAuthorization, verifyRequest, type AuthResult, type SignedRequest } from "./sigv4";
import { assumeRoleXml, callerIdentityXml, StsError, stsErrorXml, StsSessions, type StsSession } from "./sts";
import { bindAndValidate, describeViolation, validationMessage } from "./validate";

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  /** Milliseconds before PENDING monitors / IN_PROGRESS scopes settle; default 0. */
  activeAfterMs?: number;
  /** Milliseconds before DELETING monitors / DEACTIVATING scopes are gone; default 0. */
  deleteAfterMs?: number;
  /** Keep state in this JSON file across restarts (written atomically, loaded at start). */
  stateFile?: string;
  /** With secretKey: verify SigV4 signatures fully. Without: only check the credential scope. */
  accessKey?: string;
  secretKey?: string;
  /** Quotas; AWS's by default. */
  limits?: Partial<ServiceLimits>;
  /** Initial fault injection. */
  faults?: Partial<FaultConfig>;
  /** Largest request body accepted; default 1 MiB. */
  maxBodyBytes?: number;
  /** Time source in ms (default Date.now); the lifecycle runs on it. SigV4 uses real time. */
  clock?: () => number;
  /** Role ARNs STS AssumeRole grants; others are AccessDenied. Default: any well-formed role ARN. */
  assumableRoles?: string[];
}

export interface LoggedRequest {
  /** ISO time the request arrived. */
  time: string;
  /** Model operation name, or null when the request matched none. */
  operation: string | null;
  method: string;
  path: string;
  query: string;
  status: number;
  /** The error shape sent (x-amzn-errortype), if any. */
  errorName?: string;
  /** The access key the request was signed with (an AssumeRole session's key for assumed roles). */
  accessKey?: string;
  errorMessage?: string;
  /** Parsed JSON body, the raw text when it was not JSON, or null when empty. */
  requestBody: unknown;
}

export interface EmulatorControl {
  /** Forget every monitor, scope and idempotency token, and clear the request log. */
  reset(): void;
  faults(): FaultConfig;
  /** Merges a change into the fault configuration; throws naming a bad field. */
  setFaults(change: Partial<FaultConfig>): FaultConfig;
  getMonitor(name: string): MonitorRecord | undefined;
  /** Deletes a monitor at once; false if there was none. */
  deleteMonitor(name: string): boolean;
  setMonitorTags(name: string, tags: Record<string, string>): MonitorRecord;
  setMonitorResources(name: string, change: { localResources?: Resource[]; remoteResources?: Resource[] }): MonitorRecord;
  setMonitorStatus(name: string, status: MonitorStatus): MonitorRecord;
  getScope(scopeId: string): ScopeRecord | undefined;
  deleteScope(scopeId: string): boolean;
  setScopeStatus(scopeId: string, status: ScopeStatus): ScopeRecord;
  /** Moves the lifecycle clock forward (SigV4 time checks stay on real time). */
  advanceClock(ms: number): void;
  /** The temporary credentials STS AssumeRole issued (secrets included: this is a test double). */
  stsSessions(): StsSession[];
  snapshot(): ServiceSnapshot;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  region: string;
  account: string;
  requests(): LoggedRequest[];
  clearRequests(): void;
  control: EmulatorControl;
  stop(): Promise<void>;
}

const SERVICE_NAME = model.metadata.signingName;
const FORM_TYPE = /^application\/x-www-form-urlencoded(?:\s*;.*)?$/i;
const JSON_TYPES = /^application\/(?:json|x-amz-json-1\.[01]|[a-z0-9.+-]*\+json)(?:\s*;.*)?$/i;

function loadState(file: string): ServiceSnapshot | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as ServiceSnapshot;
  } catch (e) {
    throw new Error(`state file ${file} is not valid JSON (${(e as Error).message}); remove it or pass another --state-file`);
  }
}

function saveState(file: string, snapshot: ServiceSnapshot): void {
  // Temp file + rename: a crash never leaves a half-written state file.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(snapshot, null, 1));
  fs.renameSync(tmp, file);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const MONITOR_STATUSES = model.shapes.MonitorStatus.enum ?? [];
const SCOPE_STATUSES = model.shapes.ScopeStatus.enum ?? [];

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const region = options.region ?? "us-east-1";
  const account = options.account ?? "123456789012";
  const host = options.host ?? "127.0.0.1";
  if (!isRegionName(region)) throw new Error(`region must be a Region name like us-east-1, got ${JSON.stringify(region)}`);
  if (!/^\d{12}$/.test(account)) throw new Error(`account must be 12 digits, got ${JSON.stringify(account)}`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const baseClock = options.clock ?? Date.now;
  let clockOffset = 0;
  const faults = new FaultPolicy(options.faults);
  const service = new NetworkFlowMonitorService({
    region,
    account,
    activeAfterMs: options.activeAfterMs ?? 0,
    deleteAfterMs: options.deleteAfterMs ?? 0,
    limits: { ...awsLimits, ...options.limits },
    clock: () => baseClock() + clockOffset,
    endsInError: (name) => faults.endsInError(name),
  });
  if (options.stateFile) {
    const stateFile = options.stateFile;
    const loaded = loadState(stateFile);
    if (loaded) service.restore(loaded);
    service.onChange = () => saveState(stateFile, service.snapshot());
  }
  let log: LoggedRequest[] = [];
  /** Eventual consistency (faults.staleReadsAfterCreate): reads still to miss, by monitor name / scope id. */
  const staleReads = new Map<string, number>();
  const sessions = new StsSessions(Date.now, options.assumableRoles);

  /** SigV4 for `service`: an AssumeRole session's key verifies with its secret and token, others as configured. */
  function authenticate(parts: SignedRequest, signingService: string): AuthResult {
    const header = parts.headers.authorization;
    const parsed = typeof header === "string" ? parseAuthorization(header) : undefined;
    const session = parsed ? sessions.get(parsed.accessKey) : undefined;
    if (session) {
      const token = parts.headers["x-amz-security-token"];
      const problem = sessions.usable(session, Array.isArray(token) ? token[0] : token);
      if (problem) return { ok: false, message: problem };
      return verifyRequest(parts, { region, service: signingService, accessKey: session.accessKeyId, secretKey: session.secretAccessKey }, Date.now() + faults.clockSkewMs);
    }
    return verifyRequest(parts, { region, service: signingService, accessKey: options.accessKey, secretKey: options.secretKey }, Date.now() + faults.clockSkewMs);
  }

  const control: EmulatorControl = {
    reset: () => {
      service.reset();
      staleReads.clear();
      sessions.clear();
      log = [];
    },
    faults: () => faults.current,
    setFaults: (change) => {
      const now = faults.update(change);
      // Eventual consistency ends with its fault window: reads still pending become consistent.
      if (now.staleReadsAfterCreate === 0) staleReads.clear();
      return now;
    },
    getMonitor: (name) => service.getMonitor(name),
    deleteMonitor: (name) => service.forceDeleteMonitor(name),
    setMonitorTags: (name, tags) => service.setMonitorTags(name, tags),
    setMonitorResources: (name, change) => service.setMonitorResources(name, change),
    setMonitorStatus: (name, status) => {
      if (!MONITOR_STATUSES.includes(status)) throw new Error(`status must be one of ${MONITOR_STATUSES.join(", ")}, got ${JSON.stringify(status)}`);
      return service.setMonitorStatus(name, status);
    },
    getScope: (scopeId) => service.getScope(scopeId),
    deleteScope: (scopeId) => service.forceDeleteScope(scopeId),
    setScopeStatus: (scopeId, status) => {
      if (!SCOPE_STATUSES.includes(status)) throw new Error(`status must be one of ${SCOPE_STATUSES.join(", ")}, got ${JSON.stringify(status)}`);
      return service.setScopeStatus(scopeId, status);
    },
    advanceClock: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`advanceMs must be a number >= 0, got ${JSON.stringify(ms)}`);
      clockOffset += ms;
    },
    snapshot: () => service.snapshot(),
    stsSessions: () => sessions.list(),
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Last resort; handle() answers its own errors, so this is a bug in the emulator.
      process.stderr.write(`nfm-emulator: unexpected failure: ${(e as Error)?.stack ?? String(e)}\n`);
      if (!res.headersSent) send(res, 500, { message: "The emulator failed unexpectedly." }, { "x-amzn-errortype": "InternalServerException" });
    });
  });

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "x-amzn-requestid": randomUUID(),
      // A skewed service clock shows in its Date header, which is what the SDK corrects its signing clock from.
      ...(faults.clockSkewMs !== 0 ? { date: new Date(Date.now() + faults.clockSkewMs).toUTCString() } : {}),
      ...headers,
    });
    res.end(text);
  }

  async function readBody(req: http.IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      // Keep draining past the limit so the client can read our answer, but keep nothing.
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk as Buffer);
    }
    return { body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const method = (req.method ?? "GET").toUpperCase();
    const { body, tooLarge } = await readBody(req);
    if (rawPath === "/__emulator" || rawPath.startsWith("/__emulator/")) return handleControl(method, rawPath, rawQuery, body, res);

    const entry: LoggedRequest = { time: new Date().toISOString(), operation: null, method, path: rawPath, query: rawQuery, status: 0, requestBody: null };
    const text = body.toString("utf8");
    let parsed: unknown = undefined;
    let parseError: string | undefined;
    if (body.length > 0) {
      try {
        parsed = JSON.parse(text);
        entry.requestBody = parsed;
      } catch (e) {
        parseError = (e as Error).message;
        entry.requestBody = text;
      }
    }
    log.push(entry);

    const fail = (operation: string | null, error: ServiceError) => {
      const sent = operation ? enforceModelledError(operation, error) : error;
      const status = errorStatus(sent.errorName);
      entry.status = status;
      entry.errorName = sent.errorName;
      entry.errorMessage = sent.message;
      send(res, status, { message: sent.message }, { "x-amzn-errortype": sent.errorName });
    };

    // STS GetCallerIdentity (Query protocol: form-encoded POST /), so one AWS_ENDPOINT_URL serves both services.
    if (method === "POST" && rawPath === "/" && FORM_TYPE.test(req.headers["content-type"] ?? "")) {
      return answerSts(req, res, entry, text, body, rawQuery);
    }

    const routed = matchRoute(method, rawPath);
    if (routed.kind === "none") {
      return fail(null, new ServiceError("ResourceNotFoundException", `No operation of this service matches ${method} ${rawPath}.`));
    }
    if (routed.kind === "bad-label") {
      entry.operation = routed.route.operation;
      return fail(routed.route.operation, new ServiceError("ValidationException", `The '${routed.label}' in the path is not valid percent-encoding.`));
    }
    const { route, params } = routed.match;
    const operation = route.operation;
    entry.operation = operation;
    try {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const decision = faults.next();
      if (decision.kind === "throttle") return fail(operation, new ServiceError("ThrottlingException", "Rate exceeded"));
      if (decision.kind === "error") return fail(operation, new ServiceError("InternalServerException", "An internal error occurred (injected fault)."));

      if (tooLarge) return fail(operation, new ServiceError("ValidationException", `The request body exceeds the ${maxBodyBytes} bytes this endpoint accepts.`));
      const auth = authenticate({ method, rawPath, rawQuery, headers: req.headers, body }, SERVICE_NAME);
      if (!auth.ok) return fail(operation, new ServiceError("AccessDeniedException", auth.message));
      entry.accessKey = auth.accessKey;

      const contentType = req.headers["content-type"];
      if (body.length > 0 && contentType !== undefined && !JSON_TYPES.test(contentType)) {
        return fail(operation, new ServiceError("ValidationException", `Unsupported content type '${contentType}': send the body as application/json.`));
      }
      if (parseError !== undefined) return fail(operation, new ServiceError("ValidationException", `Could not parse the request body as JSON: ${parseError}`));
      if (parsed !== undefined && (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) {
        return fail(operation, new ServiceError("ValidationException", "The request body must be a JSON object."));
      }
      const { input, violations } = bindAndValidate(operation, { params, query: parseQuery(rawQuery), body: parsed as Record<string, unknown> | undefined });
      if (violations.length > 0) return fail(operation, new ServiceError("ValidationException", validationMessage(violations.map(describeViolation))));

      const staleKey = operation === "GetMonitor" ? `monitor/${input.monitorName}` : operation === "GetScope" ? `scope/${input.scopeId}` : undefined;
      const stale = staleKey ? (staleReads.get(staleKey) ?? 0) : 0;
      if (staleKey && stale > 0) {
        staleReads.set(staleKey, stale - 1);
        const what = operation === "GetMonitor" ? `Monitor ${input.monitorName}` : `Scope ${input.scopeId}`;
        return fail(operation, new ServiceError("ResourceNotFoundException", `${what} does not exist (injected fault: not yet visible after create).`));
      }
      const result = service.handle(operation, input);
      if (faults.staleReadsAfterCreate > 0 && (operation === "CreateMonitor" || operation === "CreateScope")) {
        staleReads.set(operation === "CreateMonitor" ? `monitor/${input.monitorName}` : `scope/${result.scopeId}`, faults.staleReadsAfterCreate);
      }
      if (!model.operations[operation]?.readonly && faults.losesResponse()) {
        // Committed, but the answer never arrives: the connection drops before a byte is sent.
        entry.errorName = "LostResponse";
        entry.errorMessage = "injected fault: the service committed the request and the response was lost";
        res.socket?.destroy();
        return;
      }
      entry.status = route.responseCode;
      send(res, route.responseCode, result);
    } catch (e) {
      if (e instanceof ServiceError) return fail(operation, e);
      process.stderr.write(`nfm-emulator: ${operation} failed: ${(e as Error)?.stack ?? String(e)}\n`);
      return fail(operation, new ServiceError("InternalServerException", "An internal error occurred."));
    }
  }

  function answerSts(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest, text: string, body: Buffer, rawQuery: string): void {
    const form = new URLSearchParams(text);
    const action = form.get("Action");
    entry.operation = `sts:${action ?? "?"}`;
    entry.requestBody = Object.fromEntries(form);
    const xml = (status: number, doc: string, errorName?: string, errorMessage?: string) => {
      entry.status = status;
      if (errorName) Object.assign(entry, { errorName, errorMessage });
      res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(doc), "x-amzn-requestid": randomUUID() });
      res.end(doc);
    };
    const stsError = (status: number, code: string, message: string) => xml(status, stsErrorXml(code, message), code, message);
    const auth = authenticate({ method: "POST", rawPath: "/", rawQuery, headers: req.headers, body }, "sts");
    if (!auth.ok) {
      const code = /token included in the request is expired/.test(auth.message) ? "ExpiredToken" : /security token/.test(auth.message) ? "InvalidClientTokenId" : "SignatureDoesNotMatch";
      return stsError(403, code, auth.message);
    }
    entry.accessKey = auth.accessKey;
    if (form.get("Version") !== "2011-06-15" || (action !== "GetCallerIdentity" && action !== "AssumeRole")) {
      return stsError(400, "InvalidAction", `The emulator's STS answers Action=GetCallerIdentity and Action=AssumeRole with Version=2011-06-15, got Action=${action ?? ""}.`);
    }
    const caller = sessions.get(auth.accessKey);
    if (action === "AssumeRole") {
      try {
        return xml(200, assumeRoleXml(sessions.assumeRole(form, caller?.arn ?? auth.accessKey)));
      } catch (e) {
        if (e instanceof StsError) return stsError(e.status, e.code, e.message);
        throw e;
      }
    }
    const partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    const identity = caller
      ? { arn: caller.arn, account: caller.account, userId: `AROAEMULATOR:${caller.roleSessionName}` }
      : { arn: `arn:${partition}:iam::${account}:user/nfm-emulator`, account, userId: "AIDAEMULATOR000000000" };
    xml(200, callerIdentityXml(identity));
  }

  function handleControl(method: string, rawPath: string, rawQuery: string, body: Buffer, res: http.ServerResponse): void {
    const ok = (value: unknown) => send(res, 200, value ?? {});
    const bad = (status: number, message: string) => send(res, status, { message });
    let input: Record<string, unknown> = {};
    if (body.length > 0) {
      try {
        const parsed = JSON.parse(body.toString("utf8")) as unknown;
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return bad(400, "the body must be a JSON object");
        input = parsed as Record<string, unknown>;
      } catch (e) {
        return bad(400, `the body is not valid JSON: ${(e as Error).message}`);
      }
    }
    const parts = rawPath.split("/").slice(2).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    const query = parseQuery(rawQuery);
    const key = `${method} ${parts[0] ?? ""}${parts.length > 2 ? `/*/${parts[2]}` : parts.length === 2 ? "/*" : ""}`;
    try {
      switch (key) {
        case "GET health":
          return ok({ region, account, endpoint });
        case "GET requests": {
          const out = log.map((e) => structuredClone(e));
          if (query.clear?.[0] === "true" || query.clear?.[0] === "1") log = [];
          return ok({ requests: out });
        }
        case "DELETE requests":
          log = [];
          return ok({});
        case "POST reset":
          control.reset();
          return ok({});
        case "GET state":
          return ok(control.snapshot());
        case "GET faults":
          return ok(control.faults());
        case "PUT faults":
        case "POST faults":
          return ok(control.setFaults(input as Partial<FaultConfig>));
        case "POST clock":
          control.advanceClock(input.advanceMs as number);
          return ok({ offsetMs: clockOffset });
        case "GET monitors/*": {
          const m = control.getMonitor(parts[1]);
          return m ? ok(m) : bad(404, `no monitor named '${parts[1]}'`);
        }
        case "DELETE monitors/*":
          return control.deleteMonitor(parts[1]) ? ok({}) : bad(404, `no monitor named '${parts[1]}'`);
        case "PUT monitors/*/tags":
          if (!isStringMap(input.tags)) return bad(400, "tags must be an object of string values");
          return ok(control.setMonitorTags(parts[1], input.tags));
        case "PUT monitors/*/resources": {
          for (const k of ["localResources", "remoteResources"] as const) {
            if (input[k] !== undefined && !isResourceList(input[k])) return bad(400, `${k} must be a list of {type, identifier} strings`);
          }
          return ok(control.setMonitorResources(parts[1], input as { localResources?: Resource[]; remoteResources?: Resource[] }));
        }
        case "PUT monitors/*/status":
          return ok(control.setMonitorStatus(parts[1], input.status as MonitorStatus));
        case "GET scopes/*": {
          const s = control.getScope(parts[1]);
          return s ? ok(s) : bad(404, `no scope with id '${parts[1]}'`);
        }
        case "DELETE scopes/*":
          return control.deleteScope(parts[1]) ? ok({}) : bad(404, `no scope with id '${parts[1]}'`);
        case "PUT scopes/*/status":
          return ok(control.setScopeStatus(parts[1], input.status as ScopeStatus));
        case "GET sessions":
          return ok({ sessions: control.stsSessions() });
        default:
          return bad(404, `no control endpoint ${method} ${rawPath}; see "Control API" in the package's docs/emulator.md`);
      }
    } catch (e) {
      const message = (e as Error).message;
      return bad(/^no (monitor|scope)/.test(message) ? 404 : 400, message);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    endpoint,
    port,
    region,
    account,
    requests: () => log.map((e) => structuredClone(e)),
    clearRequests: () => {
      log = [];
    },
    control,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** `a=1&b=2&b=3` → {a: ["1"], b: ["2", "3"]}, values decoded. */
export function parseQuery(rawQuery: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) (out[k] ??= []).push(v);
  return out;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
}

function isResourceList(v: unknown): v is Resource[] {
  return Array.isArray(v) && v.every((r) => r !== null && typeof r === "object" && typeof r.type === "string" && typeof r.identifier === "string");
}
