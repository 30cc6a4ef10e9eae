// A Monitor or Scope moved between the two front ends with an alias by type (docs/moving-between-front-ends.md)
// reaches its new front end's Diff and Update with the other front end's outputs. The dynamic provider's outputs
// carry its serialized code (`__provider`, added by Pulumi's dynamic-provider host), the plugin's never do; and a
// same step keeps the old outputs (SameStep.Apply in pulumi/pulumi pkg/resource/deploy/step.go). So a moved
// resource is updated once (never replaced), which rewrites its outputs in its new front end's shape: the dynamic
// host reads its code back from the outputs to Read and Delete, and the plugin's state holds no code.

/** Where the dynamic provider keeps its serialized code, in its inputs and its outputs. */
export const DYNAMIC_PROVIDER_KEY = "__provider";

/** True when the old outputs were written by the other front end than the one the new inputs are for. */
export function movedFromOtherFrontEnd(olds: object | undefined, news: object | undefined): boolean {
  return (DYNAMIC_PROVIDER_KEY in (olds ?? {})) !== (DYNAMIC_PROVIDER_KEY in (news ?? {}));
}

/** The old outputs without the dynamic provider's code when the new inputs have none (the plugin's update). */
export function withoutOtherFrontEnd<T extends object>(olds: T, news: object): T {
  if (DYNAMIC_PROVIDER_KEY in news || !(DYNAMIC_PROVIDER_KEY in olds)) return olds;
  const { [DYNAMIC_PROVIDER_KEY]: _code, ...rest } = olds as Record<string, unknown>;
  return rest as T;
}
