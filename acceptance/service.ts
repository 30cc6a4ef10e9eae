// Direct calls to the service that the scenarios use to observe it from outside Pulumi: how long a monitor
// takes to become ACTIVE and to disappear, and what an out-of-band delete looks like.
import { GetMonitorCommand, type NetworkFlowMonitorClient } from "../provider/client";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** The monitor's status, or "GONE" once GetMonitor answers ResourceNotFoundException. */
export async function monitorStatus(client: NetworkFlowMonitorClient, monitorName: string): Promise<string> {
  try {
    return (await client.send(new GetMonitorCommand({ monitorName }))).monitorStatus;
  } catch (err) {
    if ((err as Error).name === "ResourceNotFoundException") return "GONE";
    throw err;
  }
}

/**
 * Polls the monitor until its status is `until` (e.g. "ACTIVE", "GONE"), every `everyMs`, for at most `timeoutMs`.
 * Resolves with the milliseconds from the call to the first poll that saw it.
 */
export async function waitForMonitorStatus(
  client: NetworkFlowMonitorClient,
  monitorName: string,
  until: string,
  opts: { everyMs?: number; timeoutMs?: number; clock?: Clock } = {},
): Promise<number> {
  const clock = opts.clock ?? realClock;
  const start = clock.now();
  const deadline = start + (opts.timeoutMs ?? 30 * 60_000);
  let last = "";
  while (clock.now() <= deadline) {
    last = await monitorStatus(client, monitorName);
    if (last === until) return clock.now() - start;
    await clock.sleep(opts.everyMs ?? 1000);
  }
  throw new Error(`monitor ${monitorName} did not reach ${until} within ${Math.round((opts.timeoutMs ?? 30 * 60_000) / 1000)} s (last seen: ${last})`);
}
