// Secrets in check. Pure. The dynamic host strips secrets, so check learns which inputs hold one from the
// SDK's `__secretInputs` (property names only; see sdk/secretInputs.ts). With it, check refuses a secret
// where Pulumi could not keep it secret (ids and ARNs are stored and shown in plain text), and keeps secret
// values out of its messages, which Pulumi shows and logs as they are.
import type { CheckFailure } from "../monitor/types";
import { isPlainObject, type Fail } from "./checkSupport";

/** The input names the SDK says hold a secret; [] when it says nothing (or something malformed). */
export function secretInputs(input: Record<string, unknown>): string[] {
  const names = input.__secretInputs;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
}

/** Fails each of `plainOnly` that holds a secret, saying why it cannot be one. */
export function refuseSecrets(secret: string[], plainOnly: Record<string, string>, fail: Fail): void {
  for (const [property, why] of Object.entries(plainOnly)) {
    if (secret.includes(property)) {
      fail(property, `must not be a secret: ${why}, which Pulumi stores and shows in plain text (it never encrypts ids); pass a plain value`);
    }
  }
}

function stringLeaves(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(stringLeaves);
  if (isPlainObject(v)) return [...Object.keys(v), ...Object.values(v).flatMap(stringLeaves)];
  return [];
}

// Messages show values quoted (JSON); a bare value is replaced too unless it is so short that replacing it would
// garble the message's own words.
const MIN_BARE = 4;

/** The failures with every string (and key) of a secret input replaced by "[secret]" in their paths and reasons. */
export function redactSecrets(failures: CheckFailure[], input: Record<string, unknown>, secret: string[]): CheckFailure[] {
  // Longest first, so a value that contains another is replaced whole.
  const values = [...new Set(secret.flatMap((name) => stringLeaves(input[name])))].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (values.length === 0) return failures;
  const redact = (text: string) =>
    values.reduce((t, v) => {
      const quoted = t.split(JSON.stringify(v)).join('"[secret]"');
      return v.length >= MIN_BARE ? quoted.split(v).join("[secret]") : quoted;
    }, text);
  return failures.map((f) => ({ property: redact(f.property), reason: redact(f.reason) }));
}
