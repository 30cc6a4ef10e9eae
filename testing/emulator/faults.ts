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
  /**
   * Every Nth write request that succeeds is committed and its response lost (the connection is dropped before
   * the answer is sent): the client cannot tell it from a network error and retries (0 = never).
   */
  lostResponseEvery: number;
  /**
   * Eventual consistency: after CreateMonitor (CreateScope), this many GetMonitor (GetScope) calls for it answer
   * ResourceNotFoundException before the service sees it (0 = consistent at once).
   */
  staleReadsAfterCreate: number;
  /** The service's clock is this many ms ahead of the real one (SigV4 allows 15 minutes; the SDK corrects from the Date header). */
  clockSkewMs: number;
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
  lostResponseEvery: 0,
  staleReadsAfterCreate: 0,
  clockSkewMs: 0,
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
  for (const key of ["throttleEvery", "errorEvery", "latencyMs", "lostResponseEvery", "staleReadsAfterCreate"] as const) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < 0)) problems.push(`${key} must be a whole number >= 0, got ${JSON.stringify(v)}`);
  }
  if (c.clockSkewMs !== undefined && (typeof c.clockSkewMs !== "number" || !Number.isInteger(c.clockSkewMs))) problems.push(`clockSkewMs must be a whole number of ms (negative: behind), got ${JSON.stringify(c.clockSkewMs)}`);
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
  private writes = 0;

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
    this.writes = 0;
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

  /** A write the service just committed: whether its response is lost. */
  losesResponse(): boolean {
    this.writes++;
    const every = this.config.lostResponseEvery;
    return every > 0 && this.writes % every === 0;
  }

  get staleReadsAfterCreate(): number {
    return this.config.staleReadsAfterCreate;
  }

  get clockSkewMs(): number {
    return this.config.clockSkewMs;
  }

  get latencyMs(): number {
    return this.config.latencyMs;
  }

  endsInError(monitorName: string): boolean {
    return this.config.errorMonitors.includes(monitorName);
  }
}
