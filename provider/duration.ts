// Go/Terraform-style durations for `timeouts` ("30m", "1h30m"), and a readable form for progress logs.

export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const ALLOWED = 'a positive duration such as "30m", "1h30m", "45s", "500ms" or "1.5h" (units h, m, s, ms)';
// One or more <number><unit> parts; "ms" must be tried before "m".
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/** Milliseconds in a duration like "1h30m"; throws an Error saying what is allowed. Fractions of a ms round. */
export function parseDuration(s: string): number {
  if (typeof s !== "string" || !WHOLE.test(s)) {
    throw new Error(`invalid duration ${JSON.stringify(s)}: must be ${ALLOWED}`);
  }
  let ms = 0;
  for (const m of s.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]];
  ms = Math.round(ms);
  if (!(ms >= 1) || !Number.isSafeInteger(ms)) {
    throw new Error(`invalid duration ${JSON.stringify(s)}: must be ${ALLOWED}, at least 1ms and finite`);
  }
  return ms;
}

/** "500 ms", "12 s", "2 min 5 s", "1 h 30 min": whole seconds from 1 s up, zero parts left out. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const sign = ms < 0 ? "-" : "";
  let s = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const min = Math.floor(s / 60);
  s -= min * 60;
  const parts = [h ? `${h} h` : "", min ? `${min} min` : "", s ? `${s} s` : ""].filter(Boolean);
  return sign + parts.join(" ");
}
