import * as assert from "node:assert/strict";
import fc from "fast-check";
import { nextPollDelay, waitForStatus, WaitClock, WaitFailedError, WaitTimeoutError } from "../../provider/wait";

/** Time moves only when the waiter sleeps; every sleep and read is recorded. */
class FakeClock implements WaitClock {
  t = 1_000_000;
  sleeps: number[] = [];
  reads: number[] = [];
  constructor(private readonly rand: () => number = () => 0.5) {}
  now() {
    return this.t;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.t += ms;
  }
  random() {
    return this.rand();
  }
}

/** A monitor that is PENDING until `readyAfter` ms from the start, then `finalStatus`. */
function monitor(clock: FakeClock, readyAfter: number, finalStatus = "ACTIVE") {
  const start = clock.t;
  return async () => {
    clock.reads.push(clock.t - start);
    return { status: clock.t - start >= readyAfter ? finalStatus : "PENDING", value: { at: clock.t - start } };
  };
}

const untilActive = (s: string | undefined) => s === "ACTIVE";
const failOnError = (s: string | undefined) => (s === "ERROR" ? "the service reported ERROR" : undefined);

describe("waitForStatus", () => {
  it("returns the status and value once the target is reached", async () => {
    const clock = new FakeClock();
    const progress: [string | undefined, number][] = [];
    const r = await waitForStatus({
      what: "monitor m-1",
      read: monitor(clock, 5000),
      until: untilActive,
      timeoutMs: 60_000,
      clock,
      onProgress: (s, e) => progress.push([s, e]),
    });
    assert.equal(r.status, "ACTIVE");
    assert.ok(r.value!.at >= 5000);
    assert.equal(r.polls, clock.reads.length);
    assert.equal(r.elapsedMs, clock.reads[clock.reads.length - 1]);
    assert.equal(progress.length, r.polls);
    assert.equal(clock.sleeps[0], 1000, "the first read comes after initialDelayMs");
  });

  it("stops with WaitFailedError when failWhen gives a reason", async () => {
    const clock = new FakeClock();
    await assert.rejects(
      waitForStatus({ what: "monitor m-1", goal: "reach ACTIVE", read: monitor(clock, 3000, "ERROR"), until: untilActive, failWhen: failOnError, timeoutMs: 60_000, clock }),
      (e: unknown) => {
        assert.ok(e instanceof WaitFailedError);
        assert.equal(e.lastStatus, "ERROR");
        assert.ok(e.elapsedMs >= 3000);
        assert.match(e.message, /^monitor m-1 failed to reach ACTIVE: the service reported ERROR \(status ERROR after \d+ s\)$/);
        return true;
      },
    );
  });

  it("times out with its last read exactly at the deadline", async () => {
    const clock = new FakeClock();
    await assert.rejects(
      waitForStatus({ what: "monitor m-1", goal: "reach ACTIVE", read: monitor(clock, Infinity), until: untilActive, timeoutMs: 30 * 60_000, clock }),
      (e: unknown) => {
        assert.ok(e instanceof WaitTimeoutError);
        assert.equal(e.message, "monitor m-1 did not reach ACTIVE within 30 min (last status PENDING)");
        assert.equal(e.lastStatus, "PENDING");
        assert.equal(e.elapsedMs, 30 * 60_000);
        return true;
      },
    );
    assert.equal(clock.reads[clock.reads.length - 1], 30 * 60_000);
    assert.ok(clock.reads.every((t) => t <= 30 * 60_000));
  });

  it("handles a resource that is gone: undefined status", async () => {
    const clock = new FakeClock();
    let reads = 0;
    const r = await waitForStatus({
      what: "monitor m-1",
      read: async () => (++reads < 3 ? { status: "DELETING", value: 1 } : undefined),
      until: (s) => s === undefined,
      timeoutMs: 60_000,
      clock,
    });
    assert.deepEqual({ status: r.status, value: r.value, polls: r.polls }, { status: undefined, value: undefined, polls: 3 });
  });

  it("says 'not found' when it times out on a missing resource", async () => {
    const clock = new FakeClock();
    await assert.rejects(
      waitForStatus({ what: "monitor m-1", goal: "reach ACTIVE", read: async () => undefined, until: untilActive, timeoutMs: 10_000, clock }),
      /monitor m-1 did not reach ACTIVE within 10 s \(last status not found\)/,
    );
  });

  it("lets errors from read propagate", async () => {
    const clock = new FakeClock();
    await assert.rejects(
      waitForStatus({ what: "m", read: async () => Promise.reject(new Error("AccessDenied")), until: untilActive, timeoutMs: 10_000, clock }),
      /AccessDenied/,
    );
  });

  it("polls on a schedule within its bounds", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * 3_600_000 }),
        fc.integer({ min: 1000, max: 4 * 3_600_000 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.integer({ min: 5000, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        async (readyAfter, timeoutMs, initialDelayMs, maxDelayMs, r) => {
          const clock = new FakeClock(() => r);
          let result: { elapsedMs: number; polls: number } | undefined;
          try {
            result = await waitForStatus({ what: "m", read: monitor(clock, readyAfter), until: untilActive, timeoutMs, clock, initialDelayMs, maxDelayMs });
          } catch (e) {
            assert.ok(e instanceof WaitTimeoutError);
            assert.ok(readyAfter > timeoutMs, "timed out although ready before the deadline");
          }
          const reads = clock.reads;
          // Never past the deadline; every gap but a final one cut short by the deadline is at least initialDelayMs.
          assert.ok(reads.every((t) => t <= timeoutMs));
          assert.ok(clock.sleeps.every((s) => s <= maxDelayMs));
          reads.slice(1).forEach((t, i) => {
            const gap = t - reads[i];
            assert.ok(gap >= initialDelayMs || t === timeoutMs, `gap ${gap} < ${initialDelayMs}`);
          });
          // So reads per waited second stay at most about 1000/initialDelayMs after the first.
          assert.ok(reads.length - 1 <= reads[reads.length - 1] / initialDelayMs + 1);
          if (result) {
            // The status changed at readyAfter; it is seen within max(initialDelay, 10 % of the wait), plus ≤ 10 % jitter.
            const overshoot = result.elapsedMs - readyAfter;
            assert.ok(overshoot >= 0);
            assert.ok(overshoot <= Math.max(initialDelayMs, 0.1 * readyAfter) * 1.1 + 1e-6, `overshoot ${overshoot}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("grows the delay to about 10 % of the wait, with upward jitter only, capped", () => {
    assert.equal(nextPollDelay(0, 1000, 30_000, 0), 1000);
    assert.equal(nextPollDelay(100_000, 1000, 30_000, 0), 10_000);
    assert.equal(nextPollDelay(100_000, 1000, 30_000, 0.5), 10_500);
    assert.equal(nextPollDelay(10_000_000, 1000, 30_000, 0.99), 30_000);
  });
});
