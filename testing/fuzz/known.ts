// Known findings: defects the fuzzer found that are reported and not fixed yet, in code this harness does not own.
// While a finding's root cause is present (checked directly, not inferred from the histories), a violation it
// explains is counted as known instead of failing the run: the fuzzer then still finds everything else on that front
// end. Once the cause is fixed the same violations fail again, so a fix is proved by the next run. Every finding
// also has a pending regression test under tests/fuzz.
import type { FrontEndName } from "./frontEnd";
import type { HistoryResult, Violation } from "./run";

export interface KnownFinding {
  id: string;
  /** What is wrong, where, and where it is written down. */
  summary: string;
  /** Whether the defect is still there. */
  present(): boolean;
  /** Whether a violation, on a front end, is this finding. */
  explains(v: Violation, front: FrontEndName): boolean;
}

// None open. The last one, `orphans-command-ignores-plugin-types` (nfm-orphans did not recognise the plugin's types),
// is fixed; its regression test is tests/fuzz/regressions/plugin-orphans-command-ignores-plugin-types.test.ts.
export const KNOWN_FINDINGS: readonly KnownFinding[] = [];

const presence = new Map<string, boolean>();

/** The known finding that explains a violation (its cause still present), if any. */
export function knownFinding(v: Violation, front: FrontEndName, findings: readonly KnownFinding[] = KNOWN_FINDINGS): KnownFinding | undefined {
  return findings.find((f) => {
    if (!presence.has(f.id)) presence.set(f.id, f.present());
    return presence.get(f.id)! && f.explains(v, front);
  });
}

/** A history's violations: those no known finding explains (failures), and the known findings it ran into. */
export function splitKnown(
  r: Pick<HistoryResult, "violations" | "front">,
  findings: readonly KnownFinding[] = KNOWN_FINDINGS,
): { unknown: Violation[]; known: string[] } {
  const unknown: Violation[] = [];
  const known = new Set<string>();
  for (const v of r.violations) {
    const f = knownFinding(v, r.front, findings);
    if (f) known.add(f.id);
    else unknown.push(v);
  }
  return { unknown, known: [...known] };
}
