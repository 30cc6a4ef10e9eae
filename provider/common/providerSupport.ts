// The I/O edge both dynamic providers (Monitor, Scope) share: progress logging, timeouts, the
// partial-failure error the host understands, finders that turn "not found" into undefined, and the
// status waiter's wiring. Loaded by Pulumi's host with the providers; nothing here is serialized.
import { DEFAULT_TIMEOUT_MS, formatDuration, parseDuration } from "../duration";
import { realClock, waitForStatus, type WaitClock } from "../wait";

// Loaded on first use, as in the providers: check and diff never need the SDK.
const client = () => require("../client") as typeof import("../client");

/** Progress in `pulumi up`'s output when running in the host; the console otherwise (tests, scripts). */
/**
 * How many "not found" answers in a row are taken for eventual consistency (a read just after a create, or after
 * a ConflictException) before they are believed.
 */
export const STALE_READS_BELIEVED_AFTER = 4;

export function log(message: string): void {
  try {
    (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).log.info(message);
  } catch {
    console.log(message);
  }
}

/** Go-style durations ("30m", "1h30m") per step; unset steps use DEFAULT_TIMEOUT_MS. */
export interface StepTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

export function timeoutOf(timeouts: StepTimeouts | undefined, step: keyof StepTimeouts): number {
  const t = timeouts?.[step];
  return t ? parseDuration(t) : DEFAULT_TIMEOUT_MS;
}

/** The status a failed wait last saw (WaitTimeoutError / WaitFailedError carry it), if any. */
export function lastStatus(err: unknown): string | undefined {
  const s = (err as { lastStatus?: unknown })?.lastStatus;
  return typeof s === "string" ? s : undefined;
}

/**
 * The host turns every result into a protobuf Struct, which rejects `undefined` at any depth ("Unexpected
 * struct type."), hiding whatever message the result carried. Members set to undefined are dropped, at any
 * depth; an undefined list item becomes null (a list keeps its positions).
 */
export function definedOnly<T extends object>(obj: T): T {
  return withoutUndefined(obj) as T;
}

function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : withoutUndefined(x)));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, withoutUndefined(x)]));
  }
  return v;
}

/**
 * Whether a read has the resource's state (a refresh) or only what the program passed (a `get`): state always
 * holds the ARN the service gave at create, a get's properties never do.
 */
export function hasState(props: Record<string, unknown> | undefined, arnKey: string): boolean {
  const arn = props?.[arnKey];
  return typeof arn === "string" && arn !== "";
}

/** `aws:defaultTags` the resource carries with the same value are not the resource's own tags. */
export function tagsWithoutDefaults(actual: Record<string, string>, defaults: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(actual).filter(([k, v]) => defaults[k] !== v));
}

/**
 * The host's partial-failure path: an error carrying `id` and `properties` makes Pulumi record the
 * resource instead of losing it. `properties` are recorded as given; the host does not add `__provider`
 * itself (without it a later destroy fails), so callers include it, copied from the inputs.
 */
export function partialFailure(id: string, properties: object, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  return Object.assign(new Error(message), { id, properties: definedOnly(properties), reasons: [message] });
}

/** A finder's read: the result, or undefined when the service says there is no such resource. */
export async function unlessNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof client().ResourceNotFoundException) return undefined;
    throw err;
  }
}

/**
 * A provider's waiting setup: the real clock and the host's log, which tests swap (to make waiting
 * instant and to see progress). One per provider module, so each provider's tests swap only its own.
 */
export class Waiting {
  clock: WaitClock = realClock;
  progressLog: (message: string) => void = log;

  setForTesting(clock: WaitClock, logger: (message: string) => void = log): void {
    this.clock = clock;
    this.progressLog = logger;
  }

  /**
   * Deletes a resource within `timeoutMs`, then waits until it is gone. "Not found" means already gone.
   * The service refuses (ConflictException) while a change is pending: `onConflict` decides, given the
   * time left, whether to try again (after waiting that out), to go on to wait for the deletion already
   * under way, or that the resource is gone; it may throw to explain why it cannot be deleted.
   */
  async deleteThenWait(d: {
    remove: () => Promise<unknown>;
    onConflict: (err: Error, timeLeftMs: number) => Promise<"retry" | "deleting" | "gone">;
    waitDeleted: (timeLeftMs: number) => Promise<unknown>;
    timeoutMs: number;
  }): Promise<void> {
    const nfm = client();
    const started = this.clock.now();
    const left = () => d.timeoutMs - (this.clock.now() - started);
    for (;;) {
      try {
        await d.remove();
        break;
      } catch (err) {
        if (err instanceof nfm.ResourceNotFoundException) return; // already gone: nothing to do
        if (!(err instanceof nfm.ConflictException)) throw err;
        const next = await d.onConflict(err, left());
        if (next === "gone") return;
        if (next === "deleting") break;
      }
    }
    await d.waitDeleted(left());
  }

  /**
   * Waits for a resource to reach a goal, reading it with `find` (undefined: gone). Logs
   * "<what>: <status>, <elapsed>" on progress, the way users expect from `pulumi up`.
   * A negative timeout (the time left already spent) counts as none.
   */
  async forStatus<T>(w: {
    what: string;
    goal: string;
    find: () => Promise<T | undefined>;
    statusOf: (value: T) => string;
    until: (status: string | undefined) => boolean;
    failWhen: (status: string | undefined) => string | undefined;
    timeoutMs: number;
  }): Promise<T | undefined> {
    const result = await waitForStatus<T>({
      what: w.what,
      goal: w.goal,
      read: async () => {
        const got = await w.find();
        return got === undefined ? undefined : { status: w.statusOf(got), value: got };
      },
      until: w.until,
      failWhen: w.failWhen,
      timeoutMs: Math.max(0, w.timeoutMs),
      clock: this.clock,
      onProgress: (status, elapsedMs) => this.progressLog(`${w.what}: ${status ?? "deleted"}, ${formatDuration(elapsedMs)}`),
    });
    return result.value;
  }
}
