// Waiting for a resource to reach a status, with the clock injected so the schedule is tested without time.
//
// Schedule: the first read comes after `initialDelayMs`; after that each delay is about 10 % of the time
// waited so far, never under `initialDelayMs` and capped at `maxDelayMs`, plus 0-10 % upward jitter so
// many waiters started together spread out. Why: a short wait costs at most about one read per second
// (cheap on the API's rate limits), while a long one stops at most about 10 % after the status changed.
// The last read happens at the deadline itself, never after it.
import { formatDuration } from "./duration";

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
}

export const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

function describeStatus(status: string | undefined): string {
  return status === undefined ? "not found" : status;
}

export class WaitTimeoutError extends Error {
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
    readonly elapsedMs: number,
  ) {
    super(message);
    this.name = "WaitTimeoutError";
  }
}

export class WaitFailedError extends Error {
  constructor(
    message: string,
    readonly lastStatus: string | undefined,
    readonly elapsedMs: number,
    readonly reason: string,
  ) {
    super(message);
    this.name = "WaitFailedError";
  }
}

export interface WaitOptions<T> {
  /** Names the thing waited on in messages: "monitor m-1". */
  what: string;
  /** For messages, what `until` waits for, as a verb phrase: "reach ACTIVE", "finish deleting". */
  goal?: string;
  /** One read of the status; undefined means the resource is gone. Its errors propagate. */
  read: () => Promise<{ status: string; value: T } | undefined>;
  until: (status: string | undefined) => boolean;
  /** A reason to stop waiting with a WaitFailedError, or undefined to keep waiting. */
  failWhen?: (status: string | undefined) => string | undefined;
  timeoutMs: number;
  clock?: WaitClock;
  onProgress?: (status: string | undefined, elapsedMs: number) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface WaitResult<T> {
  status: string | undefined;
  value?: T;
  elapsedMs: number;
  polls: number;
}

export const DEFAULT_INITIAL_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 30_000;

/** The pause before the next read, `waitedMs` into the wait; `random` in [0, 1). */
export function nextPollDelay(waitedMs: number, initialDelayMs: number, maxDelayMs: number, random: number): number {
  const base = Math.max(initialDelayMs, waitedMs * 0.1);
  return Math.min(maxDelayMs, base * (1 + 0.1 * random));
}

export async function waitForStatus<T>(opts: WaitOptions<T>): Promise<WaitResult<T>> {
  const clock = opts.clock ?? realClock;
  const initialDelayMs = Math.max(0, opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS);
  const maxDelayMs = Math.max(initialDelayMs, opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const goal = opts.goal ?? "reach the wanted status";
  const start = clock.now();
  const deadline = start + Math.max(0, opts.timeoutMs);
  let polls = 0;
  let delay = initialDelayMs;
  for (;;) {
    await clock.sleep(Math.max(0, Math.min(delay, deadline - clock.now())));
    const got = await opts.read();
    polls++;
    const status = got?.status;
    const elapsedMs = clock.now() - start;
    opts.onProgress?.(status, elapsedMs);
    if (opts.until(status)) return { status, value: got?.value, elapsedMs, polls };
    const reason = opts.failWhen?.(status);
    if (reason !== undefined) {
      throw new WaitFailedError(
        `${opts.what} failed to ${goal}: ${reason} (status ${describeStatus(status)} after ${formatDuration(elapsedMs)})`,
        status,
        elapsedMs,
        reason,
      );
    }
    if (clock.now() >= deadline) {
      throw new WaitTimeoutError(
        `${opts.what} did not ${goal} within ${formatDuration(opts.timeoutMs)} (last status ${describeStatus(status)})`,
        status,
        elapsedMs,
      );
    }
    delay = nextPollDelay(elapsedMs, initialDelayMs, maxDelayMs, clock.random());
  }
}
