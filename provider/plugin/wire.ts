// What the provider plugin sees on the wire, as plain values for the core and back. Pure.
//
// The plugin accepts secrets (Configure answers acceptSecrets), so the engine sends a secret as an object
// carrying Pulumi's secret signature (sdk/go/common/resource/plugin/rpc.go `MarshalPropertyValue`), and the
// engine re-marks nothing itself for such a provider (`annotateSecrets` in provider_plugin.go runs only when the
// provider does not accept secrets). So the plugin takes secrets off before calling the core, remembers where they
// were, and puts them back on what it returns, where the same path was secret, and on `tagsAll` where it comes
// from a secret tag or secret default tags: better than the dynamic front end, whose host cannot see secrets.

/** Pulumi's special-signature key and the signature of a secret (sdk/go/common/resource/sig). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

export function isSecretValue(v: unknown): v is { value: unknown } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && (v as Props)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): unknown {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** A path to a secret: property names and list indexes from the top. */
export type SecretPath = (string | number)[];

export interface Unwrapped<T> {
  value: T;
  secrets: SecretPath[];
}

/** The value with every secret replaced by what it holds, and where the secrets were. */
export function unwrapSecrets<T>(value: T): Unwrapped<T> {
  const secrets: SecretPath[] = [];
  const walk = (v: unknown, at: SecretPath): unknown => {
    if (isSecretValue(v)) {
      secrets.push(at);
      return walk(v.value, at);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...at, i]));
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...at, k])]));
    return v;
  };
  return { value: walk(value, []) as T, secrets };
}

/** Whether anything was secret in the value. */
export function hasSecret(value: unknown): boolean {
  return unwrapSecrets(value).secrets.length > 0;
}

/** The top-level property names holding a secret anywhere: what the core's check takes as `__secretInputs`. */
export function secretNames(secrets: SecretPath[]): string[] {
  return [...new Set(secrets.filter((p) => p.length > 0).map((p) => String(p[0])))];
}

/**
 * The keys of the secret tags, for the core's `__secretTags` (the marker tag, provider/common/secretTags.ts):
 * each tag secret on the wire, or "*" when `tags` is wholly secret or the default tags are secret config.
 */
export function secretTagKeys(secrets: SecretPath[], defaultTagsSecret: boolean): string[] {
  const keys = new Set<string>(defaultTagsSecret ? ["*"] : []);
  for (const p of secrets) {
    if (p[0] !== "tags") continue;
    keys.add(p.length === 1 ? "*" : String(p[1]));
  }
  return [...keys].sort();
}

/** The paths to mark secret for the tag keys a read found in the marker: in `tags` and in `tagsAll`. */
export function secretTagPaths(keys: unknown): SecretPath[] {
  if (!Array.isArray(keys)) return [];
  return keys.filter((k): k is string => typeof k === "string").flatMap((k) => [["tags", k], ["tagsAll", k]]);
}

/**
 * `props` with the value at each secret path marked secret again, where that path exists. `tagsAll` is computed
 * from `tags` and the default tags: a secret tag keeps its key secret there, secret tags (or secret default tags,
 * `defaultTagsSecret`) make it wholly secret.
 */
export function markSecrets(props: Props, secrets: SecretPath[], defaultTagsSecret = false): Props {
  const paths = [...secrets];
  for (const p of secrets) {
    if (p[0] !== "tags") continue;
    paths.push(p.length === 1 ? ["tagsAll"] : ["tagsAll", ...p.slice(1)]);
  }
  if (defaultTagsSecret) paths.push(["tagsAll"]);
  let out: unknown = props;
  // Deepest first, so a wholly secret parent wraps children already marked.
  for (const p of [...paths].sort((a, b) => b.length - a.length)) out = markAt(out, p);
  return out as Props;
}

function markAt(v: unknown, path: SecretPath): unknown {
  if (path.length === 0) return isSecretValue(v) ? v : secret(v);
  if (isSecretValue(v)) return secret(markAt(v.value, path));
  const [head, ...rest] = path;
  if (Array.isArray(v) && typeof head === "number" && head < v.length) return v.map((x, i) => (i === head ? markAt(x, rest) : x));
  if (v !== null && typeof v === "object" && !Array.isArray(v) && typeof head === "string" && head in (v as Props)) {
    return { ...(v as Props), [head]: markAt((v as Props)[head], rest) };
  }
  return v;
}

/** A resource URN's parts: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export interface UrnParts {
  stack: string;
  project: string;
  /** The resource's own type (the last `$` part of the qualified type). */
  type: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a resource URN: "${urn}"`);
  const qualified = parts[2];
  return {
    stack: parts[0].slice("urn:pulumi:".length),
    project: parts[1],
    type: qualified.slice(qualified.lastIndexOf("$") + 1),
    // A name may itself contain "::".
    name: parts.slice(3).join("::"),
  };
}
