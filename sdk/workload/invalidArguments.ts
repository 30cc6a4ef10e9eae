// The error every component throws for arguments that fail its checks: one message listing each problem as
// `<property path>: <what is wrong and what is allowed>`, and the problems themselves, so the plugin's Construct can
// report each against its property.

export class InvalidArgumentsError extends Error {
  constructor(
    /** The component's kind, e.g. `WorkloadMonitor`. */
    readonly component: string,
    readonly resourceName: string,
    /** Each problem, `<property path>: <reason>`. */
    readonly problems: string[],
  ) {
    super(`${component} "${resourceName}" has invalid arguments:\n  - ${problems.join("\n  - ")}`);
  }

  /** True for this error, also when it comes from another copy of this module. */
  static isInstance(e: unknown): e is InvalidArgumentsError {
    return e instanceof Error && Array.isArray((e as { problems?: unknown }).problems) && typeof (e as { component?: unknown }).component === "string";
  }
}

/** A problem split into the property it names and the reason (`scopeArn, scope: ...` names two). */
export function problemPath(problem: string): { propertyPath: string; reason: string } {
  const at = problem.indexOf(": ");
  return at > 0 ? { propertyPath: problem.slice(0, at), reason: problem.slice(at + 2) } : { propertyPath: "", reason: problem };
}
