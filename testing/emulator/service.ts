// The service's state machine: monitors, scopes, tags, idempotency tokens, quotas and lifecycle.
// No I/O: inputs are already bound and model-validated; time comes from an injectable clock;
// failures are thrown as ServiceError. Status changes are due at a time and applied lazily.
import { randomUUID } from "node:crypto";
import { checkMonitorResources } from "../../provider/monitor/resourceRules";
import { isRegionName, partitionForRegion } from "../../provider/monitor/regions";
import { isUnknown } from "../../provider/monitor/types";
import { conflict, conflictOrValidation, notFound, quotaError, ServiceError, validationError } from "./errors";
import { model } from "./model";
import { describeViolation, validationMessage } from "./validate";

export type MonitorStatus = "PENDING" | "ACTIVE" | "INACTIVE" | "ERROR" | "DELETING";
export type ScopeStatus = "SUCCEEDED" | "IN_PROGRESS" | "FAILED" | "DEACTIVATING" | "DEACTIVATED";

export interface Resource {
  type: string;
  identifier: string;
}

export interface ScopeTarget {
  targetIdentifier: { targetId: { accountId: string }; targetType: string };
  region: string;
}

/** A status change due at `at` (clock ms); `GONE` removes the record. */
interface Transition<S> {
  at: number;
  to: S | "GONE" | "SETTLED";
}

export interface MonitorRecord {
  name: string;
  arn: string;
  scopeArn: string;
  localResources: Resource[];
  remoteResources: Resource[];
  tags: Record<string, string>;
  status: MonitorStatus;
  createdAt: number;
  modifiedAt: number;
  transition?: Transition<MonitorStatus>;
}

export interface ScopeRecord {
  scopeId: string;
  arn: string;
  targets: ScopeTarget[];
  tags: Record<string, string>;
  status: ScopeStatus;
  createdAt: number;
  transition?: Transition<ScopeStatus>;
}

interface TokenRecord {
  key: string;
  fingerprint: string;
  response: unknown;
}

export interface ServiceSnapshot {
  version: 1;
  monitors: MonitorRecord[];
  scopes: ScopeRecord[];
  tokens: TokenRecord[];
}

export interface ServiceLimits {
  /** Monitors per account and Region (AWS: 20). */
  maxMonitors: number;
  /** Local resources per monitor (AWS: 25). */
  maxLocalResources: number;
  /** Remote resources per monitor (AWS: 25). */
  maxRemoteResources: number;
  /** Scopes per account and Region (AWS: 1). */
  maxScopes: number;
  /** Tags per resource (AWS: 200). */
  maxTags: number;
}

export const awsLimits: ServiceLimits = { maxMonitors: 20, maxLocalResources: 25, maxRemoteResources: 25, maxScopes: 1, maxTags: 200 };

export interface ServiceConfig {
  region: string;
  account: string;
  /** Delay before PENDING / IN_PROGRESS settle (0 = by the next request). */
  activeAfterMs: number;
  /** Delay before DELETING / DEACTIVATING resources are gone. */
  deleteAfterMs: number;
  limits: ServiceLimits;
  /** Current time in ms. */
  clock: () => number;
  /** Whether a monitor settling now ends in ERROR (fault injection). */
  endsInError?: (monitorName: string) => boolean;
  newScopeId?: () => string;
}

const MONITOR_LIST_DEFAULT = 25;

const seconds = (ms: number) => ms / 1000;

/** Deterministic JSON (sorted keys) so equal requests compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

const sameResource = (a: Resource, b: Resource) => a.type === b.type && a.identifier === b.identifier;
const resourceKey = (r: Resource) => `${r.type}|${r.identifier}`;

function encodeToken(kind: string, after: string): string {
  return Buffer.from(JSON.stringify({ k: kind, a: after }), "utf8").toString("base64url");
}

function decodeToken(kind: string, token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { k?: unknown; a?: unknown };
    if (parsed.k === kind && typeof parsed.a === "string") return parsed.a;
  } catch {
    // fall through
  }
  throw validationError(`The nextToken '${token}' is not valid: pass the nextToken of a previous response unchanged.`);
}

function valueAt(root: Record<string, unknown>, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
  }
  return cur;
}

export class NetworkFlowMonitorService {
  private monitors = new Map<string, MonitorRecord>();
  private scopes = new Map<string, ScopeRecord>();
  private tokens = new Map<string, TokenRecord>();
  /** Called after every change of state (for persistence). */
  onChange: () => void = () => {};

  constructor(readonly config: ServiceConfig) {}

  get partition(): string {
    return partitionForRegion(this.config.region);
  }

  monitorArn(name: string): string {
    return `arn:${this.partition}:networkflowmonitor:${this.config.region}:${this.config.account}:monitor/${name}`;
  }

  scopeArn(scopeId: string): string {
    return `arn:${this.partition}:networkflowmonitor:${this.config.region}:${this.config.account}:scope/${scopeId}`;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Applies every status change that is due. */
  advance(): void {
    const now = this.config.clock();
    let changed = false;
    for (const m of [...this.monitors.values()]) {
      if (!m.transition || m.transition.at > now) continue;
      changed = true;
      const to = m.transition.to;
      m.transition = undefined;
      if (to === "GONE") this.monitors.delete(m.name);
      else if (to === "SETTLED") m.status = this.config.endsInError?.(m.name) ? "ERROR" : "ACTIVE";
      else m.status = to;
    }
    for (const s of [...this.scopes.values()]) {
      if (!s.transition || s.transition.at > now) continue;
      changed = true;
      const to = s.transition.to;
      s.transition = undefined;
      if (to === "GONE") this.scopes.delete(s.scopeId);
      else s.status = to === "SETTLED" ? "SUCCEEDED" : to;
    }
    if (changed) this.onChange();
  }

  // ---- the API ----------------------------------------------------------------------------

  /** Runs one operation on bound, model-validated input; returns the response body. */
  handle(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    this.advance();
    const handler = this.operations[operation];
    if (!handler) throw new ServiceError("InternalServerException", `The emulator does not implement ${operation}.`);
    const token = typeof input.clientToken === "string" ? input.clientToken : undefined;
    if (token === undefined) {
      const result = handler(input);
      if (!model.operations[operation]?.readonly) this.onChange();
      return result;
    }
    // clientToken idempotency: same token and request → the first answer, nothing new happens.
    const key = `${operation}:${token}`;
    const fingerprint = stableJson({ ...input, clientToken: undefined });
    const seen = this.tokens.get(key);
    if (seen) {
      if (seen.fingerprint === fingerprint) return structuredClone(seen.response) as Record<string, unknown>;
      throw conflictOrValidation(
        operation,
        `clientToken '${token}' was already used with a different ${operation} request; use a new clientToken for a different request.`,
      );
    }
    const result = handler(input);
    this.tokens.set(key, { key, fingerprint, response: structuredClone(result) });
    this.onChange();
    return result;
  }

  private readonly operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    CreateMonitor: (i) => this.createMonitor(i),
    GetMonitor: (i) => this.monitorOutput(this.requireMonitor(i.monitorName as string)),
    UpdateMonitor: (i) => this.updateMonitor(i),
    DeleteMonitor: (i) => this.deleteMonitor(i.monitorName as string),
    ListMonitors: (i) => this.listMonitors(i),
    CreateScope: (i) => this.createScope(i),
    GetScope: (i) => this.scopeOutput(this.requireScope(i.scopeId as string), true),
    UpdateScope: (i) => this.updateScope(i),
    DeleteScope: (i) => this.deleteScope(i.scopeId as string),
    ListScopes: (i) => this.listScopes(i),
    TagResource: (i) => this.tagResource(i.resourceArn as string, i.tags as Record<string, string>),
    UntagResource: (i) => this.untagResource(i.resourceArn as string, i.tagKeys as string[]),
    ListTagsForResource: (i) => ({ tags: { ...this.taggable(i.resourceArn as string).tags } }),
  };

  private requireMonitor(name: string): MonitorRecord {
    const m = this.monitors.get(name);
    if (!m) throw notFound(`Monitor '${name}' does not exist in account ${this.config.account}, Region ${this.config.region}.`);
    return m;
  }

  private requireScope(scopeId: string): ScopeRecord {
    const s = this.scopes.get(scopeId);
    if (!s) throw notFound(`Scope '${scopeId}' does not exist in account ${this.config.account}, Region ${this.config.region}.`);
    return s;
  }

  private monitorOutput(m: MonitorRecord): Record<string, unknown> {
    // Like the real service, no scopeArn in the answer.
    return {
      monitorArn: m.arn,
      monitorName: m.name,
      monitorStatus: m.status,
      localResources: m.localResources.map((r) => ({ ...r })),
      remoteResources: m.remoteResources.map((r) => ({ ...r })),
      createdAt: seconds(m.createdAt),
      modifiedAt: seconds(m.modifiedAt),
      tags: { ...m.tags },
    };
  }

  private scopeOutput(s: ScopeRecord, withTargets: boolean): Record<string, unknown> {
    return {
      scopeId: s.scopeId,
      status: s.status,
      scopeArn: s.arn,
      ...(withTargets ? { targets: structuredClone(s.targets) } : {}),
      tags: { ...s.tags },
    };
  }

  /** Turns resource-rule findings into one AWS-style ValidationException. */
  private checkResources(input: Record<string, unknown>, local: Resource[], remote: Resource[], localPath: string, remotePath: string): void {
    const messages: string[] = [];
    const root = { [localPath]: local, [remotePath]: remote };
    // The shared rules skip Pulumi's unknown placeholder; the service must not accept it.
    for (const [path, list] of Object.entries(root)) {
      list.forEach((r, i) => {
        for (const field of ["type", "identifier"] as const) {
          if (isUnknown(r[field])) messages.push(`Value '${r[field]}' at '${path}[${i}].${field}' failed to satisfy constraint: Member must be a concrete value, not Pulumi's unknown-value placeholder`);
        }
      });
    }
    for (const v of checkMonitorResources({ localResources: local, remoteResources: remote, region: this.config.region, localPath, remotePath })) {
      messages.push(describeViolation({ path: v.path, rule: `Member ${v.message}`, value: valueAt(root, v.path) ?? valueAt(input, v.path) }));
    }
    if (messages.length > 0) throw validationError(validationMessage(messages));
  }

  private checkTags(operation: string, tags: Record<string, string>, path: string): void {
    const reserved = Object.keys(tags).filter((k) => k.toLowerCase().startsWith("aws:"));
    if (reserved.length > 0) {
      throw validationError(
        validationMessage(reserved.map((k) => `Value '${k}' at '${path}' failed to satisfy constraint: Map keys must not begin with 'aws:' (reserved for AWS)`)),
      );
    }
    if (Object.keys(tags).length > this.config.limits.maxTags) {
      throw quotaError(operation, `A resource can have at most ${this.config.limits.maxTags} tags; this request would leave ${Object.keys(tags).length}.`);
    }
  }

  private createMonitor(input: Record<string, unknown>): Record<string, unknown> {
    const name = input.monitorName as string;
    const local = dedupe(input.localResources as Resource[]);
    const remote = dedupe((input.remoteResources as Resource[] | undefined) ?? []);
    const tags = (input.tags as Record<string, string> | undefined) ?? {};
    this.checkResources(input, input.localResources as Resource[], (input.remoteResources as Resource[] | undefined) ?? [], "localResources", "remoteResources");
    this.checkTags("CreateMonitor", tags, "tags");
    const scopeArn = input.scopeArn as string;
    const scope = [...this.scopes.values()].find((s) => s.arn === scopeArn);
    if (!scope) {
      throw validationError(`1 validation error detected: Value '${scopeArn}' at 'scopeArn' failed to satisfy constraint: Member must be the ARN of a scope in account ${this.config.account}, Region ${this.config.region}`);
    }
    if (scope.status === "DEACTIVATING" || scope.status === "DEACTIVATED") throw conflict(`Scope '${scope.scopeId}' is ${scope.status} and cannot take new monitors.`);
    if (this.monitors.has(name)) throw conflict(`A monitor named '${name}' already exists in account ${this.config.account}, Region ${this.config.region}.`);
    const { limits } = this.config;
    if (this.monitors.size >= limits.maxMonitors) {
      throw quotaError("CreateMonitor", `You have reached the quota of ${limits.maxMonitors} monitors per account in ${this.config.region}.`);
    }
    if (local.length > limits.maxLocalResources) {
      throw quotaError("CreateMonitor", `A monitor can have at most ${limits.maxLocalResources} local resources; localResources has ${local.length}.`);
    }
    if (remote.length > limits.maxRemoteResources) {
      throw quotaError("CreateMonitor", `A monitor can have at most ${limits.maxRemoteResources} remote resources; remoteResources has ${remote.length}.`);
    }
    const now = this.config.clock();
    const m: MonitorRecord = {
      name,
      arn: this.monitorArn(name),
      scopeArn,
      localResources: local,
      remoteResources: remote,
      tags: { ...tags },
      status: "PENDING",
      createdAt: now,
      modifiedAt: now,
      transition: { at: now + this.config.activeAfterMs, to: "SETTLED" },
    };
    this.monitors.set(name, m);
    return this.monitorOutput(m);
  }

  private updateMonitor(input: Record<string, unknown>): Record<string, unknown> {
    const m = this.requireMonitor(input.monitorName as string);
    // UpdateMonitor models no ConflictException: a monitor on its way out is reported as not found.
    if (m.status === "DELETING") throw notFound(`Monitor '${m.name}' is being deleted.`);
    const list = (k: string) => (input[k] as Resource[] | undefined) ?? [];
    const [localAdd, localRemove, remoteAdd, remoteRemove] = ["localResourcesToAdd", "localResourcesToRemove", "remoteResourcesToAdd", "remoteResourcesToRemove"].map(list);
    this.checkResources(input, localAdd, remoteAdd, "localResourcesToAdd", "remoteResourcesToAdd");
    const both = [
      ...localAdd.filter((a) => localRemove.some((r) => sameResource(a, r))).map((r) => ["localResourcesToAdd", "localResourcesToRemove", r] as const),
      ...remoteAdd.filter((a) => remoteRemove.some((r) => sameResource(a, r))).map((r) => ["remoteResourcesToAdd", "remoteResourcesToRemove", r] as const),
    ];
    if (both.length > 0) {
      throw validationError(
        validationMessage(both.map(([add, remove, r]) => `Value '${r.identifier}' at '${add}' failed to satisfy constraint: Member must not also be in ${remove}`)),
      );
    }
    // UpdateMonitor is idempotent: removing an absent resource or adding a present one changes nothing.
    const local = dedupe([...m.localResources.filter((r) => !localRemove.some((x) => sameResource(r, x))), ...localAdd]);
    const remote = dedupe([...m.remoteResources.filter((r) => !remoteRemove.some((x) => sameResource(r, x))), ...remoteAdd]);
    const { limits } = this.config;
    if (local.length === 0) {
      throw validationError("1 validation error detected: Value '[]' at 'localResources' failed to satisfy constraint: A monitor must keep at least 1 local resource");
    }
    if (local.length > limits.maxLocalResources) {
      throw quotaError("UpdateMonitor", `A monitor can have at most ${limits.maxLocalResources} local resources; this update would leave ${local.length}.`);
    }
    if (remote.length > limits.maxRemoteResources) {
      throw quotaError("UpdateMonitor", `A monitor can have at most ${limits.maxRemoteResources} remote resources; this update would leave ${remote.length}.`);
    }
    // Cross-item rules (one remote Region, ...) hold for the result, reported against it.
    this.checkResources(input, local, remote, "localResources", "remoteResources");
    const changed = stableJson(local) !== stableJson(m.localResources) || stableJson(remote) !== stableJson(m.remoteResources);
    if (changed) {
      const now = this.config.clock();
      m.localResources = local;
      m.remoteResources = remote;
      m.modifiedAt = now;
      m.status = "PENDING";
      m.transition = { at: now + this.config.activeAfterMs, to: "SETTLED" };
    }
    return this.monitorOutput(m);
  }

  private deleteMonitor(name: string): Record<string, unknown> {
    const m = this.requireMonitor(name);
    if (m.status === "PENDING" || m.status === "DELETING") {
      throw conflict(`Monitor '${name}' is ${m.status}; it can be deleted once it is no longer PENDING or DELETING.`);
    }
    m.status = "DELETING";
    m.transition = { at: this.config.clock() + this.config.deleteAfterMs, to: "GONE" };
    return {};
  }

  private page<T>(kind: string, items: T[], keyOf: (t: T) => string, input: Record<string, unknown>): { page: T[]; nextToken?: string } {
    const max = (input.maxResults as number | undefined) ?? MONITOR_LIST_DEFAULT;
    const after = typeof input.nextToken === "string" ? decodeToken(kind, input.nextToken) : undefined;
    const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    const rest = after === undefined ? sorted : sorted.filter((t) => keyOf(t) > after);
    const page = rest.slice(0, max);
    return rest.length > max ? { page, nextToken: encodeToken(kind, keyOf(page[page.length - 1])) } : { page };
  }

  private listMonitors(input: Record<string, unknown>): Record<string, unknown> {
    const status = input.monitorStatus as string | undefined;
    const items = [...this.monitors.values()].filter((m) => status === undefined || m.status === status);
    const { page, nextToken } = this.page("monitors", items, (m) => m.name, input);
    return {
      monitors: page.map((m) => ({ monitorArn: m.arn, monitorName: m.name, monitorStatus: m.status })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  private checkTargets(targets: ScopeTarget[], path: string): void {
    const messages: string[] = [];
    targets.forEach((t, i) => {
      const account = t.targetIdentifier.targetId.accountId;
      if (account !== undefined && account !== this.config.account) {
        messages.push(
          `Value '${account}' at '${path}[${i}].targetIdentifier.targetId.accountId' failed to satisfy constraint: Member must be the caller's account ${this.config.account} (the emulator has no AWS Organizations)`,
        );
      }
      if (!isRegionName(t.region)) {
        messages.push(`Value '${t.region}' at '${path}[${i}].region' failed to satisfy constraint: Member must be a Region name like us-east-1`);
      }
    });
    if (messages.length > 0) throw validationError(validationMessage(messages));
  }

  private createScope(input: Record<string, unknown>): Record<string, unknown> {
    const targets = dedupeTargets(input.targets as ScopeTarget[]);
    const tags = (input.tags as Record<string, string> | undefined) ?? {};
    this.checkTargets(input.targets as ScopeTarget[], "targets");
    this.checkTags("CreateScope", tags, "tags");
    if (this.scopes.size >= this.config.limits.maxScopes) {
      throw quotaError("CreateScope", `You have reached the quota of ${this.config.limits.maxScopes} scope(s) per account in ${this.config.region}.`);
    }
    const scopeId = (this.config.newScopeId ?? randomUUID)();
    const now = this.config.clock();
    const s: ScopeRecord = {
      scopeId,
      arn: this.scopeArn(scopeId),
      targets,
      tags: { ...tags },
      status: "IN_PROGRESS",
      createdAt: now,
      transition: { at: now + this.config.activeAfterMs, to: "SETTLED" },
    };
    this.scopes.set(scopeId, s);
    return this.scopeOutput(s, false);
  }

  private updateScope(input: Record<string, unknown>): Record<string, unknown> {
    const s = this.requireScope(input.scopeId as string);
    if (s.status === "IN_PROGRESS" || s.status === "DEACTIVATING") {
      throw conflict(`Scope '${s.scopeId}' is ${s.status}; it can be updated once the change in progress has finished.`);
    }
    const add = (input.resourcesToAdd as ScopeTarget[] | undefined) ?? [];
    const remove = (input.resourcesToDelete as ScopeTarget[] | undefined) ?? [];
    this.checkTargets(add, "resourcesToAdd");
    const removeKeys = new Set(remove.map(targetKey));
    const targets = dedupeTargets([...s.targets.filter((t) => !removeKeys.has(targetKey(t))), ...add]);
    if (targets.length === 0) {
      throw validationError("1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: A scope must keep at least 1 target");
    }
    if (targets.length > 100) throw quotaError("UpdateScope", `A scope can have at most 100 targets; this update would leave ${targets.length}.`);
    if (stableJson(targets) !== stableJson(s.targets)) {
      s.targets = targets;
      s.status = "IN_PROGRESS";
      s.transition = { at: this.config.clock() + this.config.activeAfterMs, to: "SETTLED" };
    }
    return this.scopeOutput(s, false);
  }

  private deleteScope(scopeId: string): Record<string, unknown> {
    const s = this.requireScope(scopeId);
    if (s.status === "IN_PROGRESS" || s.status === "DEACTIVATING") {
      throw conflict(`Scope '${scopeId}' is ${s.status}; it can be deleted once the change in progress has finished.`);
    }
    const users = [...this.monitors.values()].filter((m) => m.scopeArn === s.arn).map((m) => m.name);
    if (users.length > 0) throw conflict(`Scope '${scopeId}' is used by monitor(s) ${users.join(", ")}; delete them first.`);
    s.status = "DEACTIVATING";
    s.transition = { at: this.config.clock() + this.config.deleteAfterMs, to: "GONE" };
    return {};
  }

  private listScopes(input: Record<string, unknown>): Record<string, unknown> {
    const { page, nextToken } = this.page("scopes", [...this.scopes.values()], (s) => s.scopeId, input);
    return { scopes: page.map((s) => ({ scopeId: s.scopeId, status: s.status, scopeArn: s.arn })), ...(nextToken ? { nextToken } : {}) };
  }

  private taggable(arn: string): MonitorRecord | ScopeRecord {
    const found = [...this.monitors.values()].find((m) => m.arn === arn) ?? [...this.scopes.values()].find((s) => s.arn === arn);
    if (!found) throw notFound(`No monitor or scope with ARN '${arn}' exists in account ${this.config.account}, Region ${this.config.region}.`);
    return found;
  }

  private tagResource(arn: string, tags: Record<string, string>): Record<string, unknown> {
    const r = this.taggable(arn);
    const merged = { ...r.tags, ...tags };
    this.checkTags("TagResource", tags, "tags");
    this.checkTags("TagResource", merged, "tags");
    r.tags = merged;
    return {};
  }

  private untagResource(arn: string, keys: string[]): Record<string, unknown> {
    const r = this.taggable(arn);
    const tags = { ...r.tags };
    for (const k of keys) delete tags[k];
    r.tags = tags;
    return {};
  }

  // ---- out-of-band changes (drift) and persistence --------------------------------------------

  getMonitor(name: string): MonitorRecord | undefined {
    this.advance();
    const m = this.monitors.get(name);
    return m && structuredClone(m);
  }

  getScope(scopeId: string): ScopeRecord | undefined {
    this.advance();
    const s = this.scopes.get(scopeId);
    return s && structuredClone(s);
  }

  private mutateMonitor(name: string, change: (m: MonitorRecord) => void): MonitorRecord {
    this.advance();
    const m = this.monitors.get(name);
    if (!m) throw new Error(`no monitor named '${name}'`);
    change(m);
    this.onChange();
    return structuredClone(m);
  }

  /** Removes a monitor at once, as if someone deleted it outside Pulumi. */
  forceDeleteMonitor(name: string): boolean {
    this.advance();
    const had = this.monitors.delete(name);
    if (had) this.onChange();
    return had;
  }

  setMonitorTags(name: string, tags: Record<string, string>): MonitorRecord {
    return this.mutateMonitor(name, (m) => {
      m.tags = { ...tags };
    });
  }

  setMonitorResources(name: string, change: { localResources?: Resource[]; remoteResources?: Resource[] }): MonitorRecord {
    return this.mutateMonitor(name, (m) => {
      if (change.localResources) m.localResources = change.localResources.map((r) => ({ type: r.type, identifier: r.identifier }));
      if (change.remoteResources) m.remoteResources = change.remoteResources.map((r) => ({ type: r.type, identifier: r.identifier }));
      m.modifiedAt = this.config.clock();
    });
  }

  /** Sets a status and cancels any pending change; DELETING also schedules the removal. */
  setMonitorStatus(name: string, status: MonitorStatus): MonitorRecord {
    return this.mutateMonitor(name, (m) => {
      m.status = status;
      m.transition = status === "DELETING" ? { at: this.config.clock() + this.config.deleteAfterMs, to: "GONE" } : undefined;
    });
  }

  forceDeleteScope(scopeId: string): boolean {
    this.advance();
    const had = this.scopes.delete(scopeId);
    if (had) this.onChange();
    return had;
  }

  setScopeStatus(scopeId: string, status: ScopeStatus): ScopeRecord {
    this.advance();
    const s = this.scopes.get(scopeId);
    if (!s) throw new Error(`no scope with id '${scopeId}'`);
    s.status = status;
    s.transition = undefined;
    this.onChange();
    return structuredClone(s);
  }

  snapshot(): ServiceSnapshot {
    this.advance();
    return structuredClone({ version: 1, monitors: [...this.monitors.values()], scopes: [...this.scopes.values()], tokens: [...this.tokens.values()] });
  }

  restore(snapshot: ServiceSnapshot): void {
    if (snapshot.version !== 1) throw new Error(`unsupported state version ${String(snapshot.version)}`);
    this.monitors = new Map(snapshot.monitors.map((m) => [m.name, structuredClone(m)]));
    this.scopes = new Map(snapshot.scopes.map((s) => [s.scopeId, structuredClone(s)]));
    this.tokens = new Map(snapshot.tokens.map((t) => [t.key, structuredClone(t)]));
  }

  reset(): void {
    this.monitors.clear();
    this.scopes.clear();
    this.tokens.clear();
    this.onChange();
  }
}

function dedupe(resources: Resource[]): Resource[] {
  const seen = new Set<string>();
  const out: Resource[] = [];
  for (const r of resources) {
    if (seen.has(resourceKey(r))) continue;
    seen.add(resourceKey(r));
    out.push({ type: r.type, identifier: r.identifier });
  }
  return out;
}

const targetKey = (t: ScopeTarget) => `${t.targetIdentifier.targetType}|${t.targetIdentifier.targetId.accountId}|${t.region}`;

function dedupeTargets(targets: ScopeTarget[]): ScopeTarget[] {
  const seen = new Set<string>();
  const out: ScopeTarget[] = [];
  for (const t of targets) {
    if (seen.has(targetKey(t))) continue;
    seen.add(targetKey(t));
    out.push({
      targetIdentifier: { targetId: { accountId: t.targetIdentifier.targetId.accountId }, targetType: t.targetIdentifier.targetType },
      region: t.region,
    });
  }
  return out;
}
