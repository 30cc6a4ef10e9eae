// Both providers (Monitor and Scope) configured against one emulator that holds the account's scope, on a virtual
// clock shared by the providers' waiters and the emulator's lifecycle, so waiting costs no real time.
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import * as monitor from "../../provider/monitor/provider";
import * as scope from "../../provider/scope/provider";
import { realClock } from "../../provider/wait";
import { startEmulator, type RunningEmulator } from "../../testing";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";

export interface BothProviders {
  emulator: RunningEmulator;
  /** The account's scope in REGION, SUCCEEDED. */
  scopeArn: string;
  stop(): Promise<void>;
}

/** Starts the emulator (STS included) and configures both providers with `aws:region`, its endpoint and `extraConfig`. */
export async function startBothProviders(extraConfig: Record<string, string> = {}): Promise<BothProviders> {
  const savedEnv = { ...process.env };
  let now = Date.now();
  process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
  process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
  delete process.env.AWS_PROFILE;
  const emulator = await startEmulator({ region: REGION, account: ACCOUNT, activeAfterMs: 2_000, deleteAfterMs: 1_000, clock: () => now, limits: { maxScopes: 50 } });
  process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  const clock = { now: () => now, sleep: async (ms: number) => { now += ms; }, random: () => 0 };
  monitor.setClockForTesting(clock, () => undefined);
  scope.setClockForTesting(clock, () => undefined);
  const values: Record<string, string> = { "aws:region": REGION, "networkflowmonitor:endpoint": emulator.endpoint, ...extraConfig };
  const config = { config: { get: (k: string) => values[k] } } as unknown as Parameters<typeof monitor.configure>[0];
  await monitor.configure(config);
  await scope.configure(config);
  const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: emulator.endpoint });
  const s = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
  emulator.control.setScopeStatus(s.scopeId, "SUCCEEDED");
  api.destroy();
  return {
    emulator,
    scopeArn: s.scopeArn,
    stop: async () => {
      monitor.setClockForTesting(realClock);
      scope.setClockForTesting(realClock);
      await emulator.stop();
      process.env = savedEnv;
    },
  };
}
