// Known findings: defects the fuzzer found that are reported and not fixed yet, in code this harness does not own.
// While a finding's root cause is present (checked directly, not inferred from the histories), a violation it
// explains is counted as known instead of failing the run: the fuzzer then still finds everything else on that front
// end. Once the cause is fixed the same violations fail again, so a fix is proved by the next run. Every finding
// also has a pending regression test under tests/fuzz.
import { stateHoldings } from "../../provider/orphans/find";
import type { FrontEndName } from "./frontEnd";
import { PLUGIN_MONITOR_TYPE, PLUGIN_SCOPE_TYPE } from "./program";
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

export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  {
    id: "orphans-command-ignores-plugin-types",
    summary:
      "nfm-orphans (provider/orphans/find.ts `stateHoldings`) recognises monitors and scopes in a state by the type pattern " +
      "/networkflowmonitor[^:]*:(Monitor|Scope)$/, which matches the dynamic types but not the plugin's " +
      "`networkflowmonitor:index:Monitor` / `Scope`: on a plugin stack it calls every monitor and scope the state holds an " +
      "orphan, and would delete them. Regression: tests/fuzz/regressions/plugin-orphans-command-ignores-plugin-types.test.ts",
    present: () => {
      const held = stateHoldings({ resources: [{ type: PLUGIN_MONITOR_TYPE, id: "m" }, { type: PLUGIN_SCOPE_TYPE, id: "s" }] }).held;
      return !held.has("m") || !held.has("s");
    },
    explains: (v, front) =>
      front === "plugin" && v.invariant === "2-no-orphan-no-duplicate" && /^orphans command: reports (monitor|scope) \S+ as an orphan, but the state holds it/.test(v.message),
  },
];

const presence = new Map<string, boolean>();

/** The known finding that explains a violation (its cause still present), if any. */
export function knownFinding(v: Violation, front: FrontEndName): KnownFinding | undefined {
  return KNOWN_FINDINGS.find((f) => {
    if (!presence.has(f.id)) presence.set(f.id, f.present());
    return presence.get(f.id)! && f.explains(v, front);
  });
}

/** A history's violations: those no known finding explains (failures), and the known findings it ran into. */
export function splitKnown(r: Pick<HistoryResult, "violations" | "front">): { unknown: Violation[]; known: string[] } {
  const unknown: Violation[] = [];
  const known = new Set<string>();
  for (const v of r.violations) {
    const f = knownFinding(v, r.front);
    if (f) known.add(f.id);
    else unknown.push(v);
  }
  return { unknown, known: [...known] };
}
