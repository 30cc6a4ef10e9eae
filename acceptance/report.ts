// What each acceptance scenario observed, written as one JSON report: durations (to ACTIVE, to deleted, of each
// Pulumi operation) and the error names and messages met. `emulatorSettingsFrom` turns a report into the
// emulator settings that would make it behave like the account did (see docs/acceptance.md).

export interface ErrorObservation {
  /** Where it was met: an API operation ("GetMonitor") or a Pulumi step ("up: duplicate name"). */
  where: string;
  name: string;
  message: string;
}

export interface ScenarioReport {
  name: string;
  status: "passed" | "failed" | "skipped";
  /** Why it was skipped, or what failed. */
  reason?: string;
  /** Milliseconds, by what was measured: "monitor PENDING to ACTIVE", "up (create)", "monitor to gone", ... */
  durationsMs: Record<string, number[]>;
  errors: ErrorObservation[];
}

export interface AcceptanceReport {
  target: "aws" | "emulator";
  driver: string;
  region: string;
  account: string;
  runId: string;
  startedAt: string;
  finishedAt?: string;
  scenarios: ScenarioReport[];
}

/** Durations measured as the time a monitor took to reach ACTIVE (service side, polled) and to be gone after a delete. */
export const ACTIVE_KEY = "monitor PENDING to ACTIVE";
export const DELETED_KEY = "monitor delete to gone";

export class ScenarioRecorder {
  readonly report: ScenarioReport;

  constructor(name: string) {
    this.report = { name, status: "passed", durationsMs: {}, errors: [] };
  }

  duration(what: string, ms: number): void {
    (this.report.durationsMs[what] ??= []).push(Math.round(ms));
  }

  /** Times `run` under `what`, and returns its result. */
  async timed<T>(what: string, run: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await run();
    } finally {
      this.duration(what, Date.now() - start);
    }
  }

  error(where: string, err: unknown): void {
    const e = err as { name?: string; message?: string };
    this.report.errors.push({ where, name: e?.name ?? "Error", message: e?.message ?? String(err) });
  }

  /** Records the AWS error names (`...Exception: message`) quoted in a Pulumi step's output. */
  errorsInText(where: string, text: string): void {
    const seen = new Set<string>();
    for (const m of text.matchAll(/\b([A-Z][A-Za-z]*(?:Exception|Error)): ([^\n]*)/g)) {
      if (seen.has(m[0])) continue;
      seen.add(m[0]);
      this.report.errors.push({ where, name: m[1], message: m[2].trim() });
    }
  }
}

/** Thrown by a scenario that cannot run here; the report records it as skipped with this reason. */
export class SkipScenario extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "SkipScenario";
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
}

export interface EmulatorSettings {
  /** `--active-after` / `startEmulator({ activeAfterMs })`: the median time to ACTIVE seen. */
  activeAfterMs?: number;
  /** `--delete-after` / `startEmulator({ deleteAfterMs })`: the median time to gone seen. */
  deleteAfterMs?: number;
  /** Error names met, each with one message as AWS worded it, to compare with the emulator's. */
  errorMessages: Record<string, string>;
  /** The same as `nfm-emulator` flags. */
  flags: string[];
}

/** The emulator settings a report suggests (pure): medians of the observed durations, and AWS's error wording. */
export function emulatorSettingsFrom(report: AcceptanceReport): EmulatorSettings {
  const all = (key: string) => report.scenarios.flatMap((s) => s.durationsMs[key] ?? []);
  const active = all(ACTIVE_KEY);
  const deleted = all(DELETED_KEY);
  const errorMessages: Record<string, string> = {};
  for (const e of report.scenarios.flatMap((s) => s.errors)) errorMessages[e.name] ??= e.message;
  const settings: EmulatorSettings = { errorMessages, flags: [] };
  if (active.length) {
    settings.activeAfterMs = median(active);
    settings.flags.push(`--active-after ${settings.activeAfterMs}`);
  }
  if (deleted.length) {
    settings.deleteAfterMs = median(deleted);
    settings.flags.push(`--delete-after ${settings.deleteAfterMs}`);
  }
  return settings;
}
