// Fault policy: which service requests are throttled, fail with a 5xx, or are delayed.
// Pure and deterministic: a seeded PRNG and a request counter decide.

export interface FaultConfig {
  /** Probability 0..1 that a request is throttled (ThrottlingException, 429). */
  throttleRate: number;
  /** Throttle every Nth service request (0 = never). */
  throttleEvery: number;
  /** Probability 0..1 of an InternalServerException (500). */
  errorRate: number;
  /** InternalServerException on every Nth service request (0 = never). */
  errorEvery: number;
  /** Added latency before each service request is answered, in ms. */
  latencyMs: number;
  /** Monitors with these names end in ERROR instead of ACTIVE. */
  errorMonitors: string[];
  /** Seed of the PRNG behind the rates. */
  seed: number;
}

export const defaultFaults: FaultConfig = {
  throttleRate: 0,
  throttleEvery: 0,
  errorRate: 0,
  errorEvery: 0,
  latencyMs: 0,
  errorMonitors: [],
  seed: 1,
};

export type FaultDecision = { kind: "none" } | { kind: "throttle" } | { kind: "error" };

/** Checks a fault configuration, naming the field and what is allowed. */
export function checkFaultConfig(c: Partial<FaultConfig>): string[] {
  const problems: string[] = [];
  for (const key of ["throttleRate", "errorRate"] as const) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0 && v <= 1))) problems.push(`${key} must be a number from 0 to 1, got ${JSON.stringify(v)}`);
  }
  for (const key of ["throttleEvery", "errorEvery", "latencyMs"] as const) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) problems.push(`${key} must be a whole number >= 0, got ${JSON.stringify(v)}`);
  }
  if (c.seed !== undefined && (typeof c.seed !== "number" || !Number.isInteger(c.seed))) problems.push(`seed must be an integer, got ${JSON.stringify(c.seed)}`);
  if (c.errorMonitors !== undefined && (!Array.isArray(c.errorMonitors) || c.errorMonitors.some((n) => typeof n !== "string"))) {
    problems.push("errorMonitors must be a list of monitor names");
  }
  return problems;
}

/** mulberry32: small, fast and good enough for fault sampling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultPolicy {
  private config: FaultConfig;
  private random: () => number;
  private count = 0;

  constructor(config: Partial<FaultConfig> = {}) {
    this.config = { ...defaultFaults, ...config };
    this.random = seededRandom(this.config.seed);
  }

  get current(): FaultConfig {
    return { ...this.config, errorMonitors: [...this.config.errorMonitors] };
  }

  /** Merges a change; a new seed (or any change of rates) restarts the PRNG and the counter. */
  update(change: Partial<FaultConfig>): FaultConfig {
    const problems = checkFaultConfig(change);
    if (problems.length > 0) throw new Error(problems.join("; "));
    this.config = { ...this.config, ...change };
    this.random = seededRandom(this.config.seed);
    this.count = 0;
    return this.current;
  }

  /** Decides the fate of the next service request. Throttling is checked before 5xx. */
  next(): FaultDecision {
    this.count++;
    const c = this.config;
    // Draw both numbers every time so one rate does not shift the other's sequence.
    const throttleDraw = this.random();
    const errorDraw = this.random();
    if ((c.throttleEvery > 0 && this.count % c.throttleEvery === 0) || throttleDraw < c.throttleRate) return { kind: "throttle" };
    if ((c.errorEvery > 0 && this.count % c.errorEvery === 0) || errorDraw < c.errorRate) return { kind: "error" };
    return { kind: "none" };
  }

  get latencyMs(): number {
    return this.config.latencyMs;
  }

  endsInError(monitorName: string): boolean {
    return this.config.errorMonitors.includes(monitorName);
  }
}
