// The engine's side of a provider plugin, as sdk/go/common/resource/plugin/provider_plugin.go (v3.248.0) does it
// for a provider that accepts no secrets (the dynamic host answers Configure with acceptSecrets false): values are
// sent with secrets unwrapped and resource references replaced by their id (MarshalProperties with KeepSecrets
// false), and what comes back is re-marked secret wherever the same path was secret in what was sent
// (`annotateSecrets`, recursive). Values here are in Pulumi's serialized JSON form.
import { ProviderCallError, type HostDiffResult, type ProviderHost } from "./host";
import { isSecret, makeSecret, toProviderValue } from "./plan";
import { RESOURCE_REF_SIG, SECRET_SIG_KEY } from "./types";

type Props = Record<string, unknown>;

function isPlainObject(v: unknown): v is Props {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && !isSecret(v) && (v as any)[SECRET_SIG_KEY] !== RESOURCE_REF_SIG
  );
}

/** Whether a value holds a secret anywhere (Pulumi's PropertyValue.ContainsSecrets). */
export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isPlainObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

/**
 * `annotateSecrets(outs, ins)`: for each key of `ins` also in `outs`, recurse when both are objects, else mark the
 * output secret when the input holds a secret anywhere (so an array with one secret element makes the whole output
 * array secret). Keys only in the outputs are left alone: an output derived from a secret under another name stays
 * plain. Returns a new object.
 */
export function annotateSecrets(outs: Props, ins: Props | undefined): Props {
  if (!ins) return outs;
  const result: Props = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && isPlainObject(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = makeSecret(outValue);
    }
  }
  return result;
}

function unwrapForProvider(props: Props): Props {
  return toProviderValue(props) as Props;
}

export interface CheckResult {
  inputs: Props;
  failures: { property?: string; reason: string }[];
}

/** A partial failure (ErrorResourceInitFailed): the resource exists; `outputs` are exactly what the host returned. */
export class InitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outputs: Props,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "InitError";
  }
}

/** A resource provider as the step generator and executor see it (serialized values in, serialized values out). */
export interface Provider {
  check(urn: string, olds: Props, news: Props): Promise<CheckResult>;
  diff(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props, ignoreChanges: string[]): Promise<HostDiffResult>;
  /** In a preview (`preview` true) a provider without preview support returns the inputs as outputs, no id. */
  create(urn: string, inputs: Props, preview: boolean): Promise<{ id: string; outputs: Props }>;
  update(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props, preview: boolean): Promise<Props>;
  read(urn: string, id: string, inputs: Props, state: Props): Promise<{ id: string; outputs: Props; inputs?: Props }>;
  delete(urn: string, id: string, inputs: Props, outputs: Props): Promise<void>;
}

/**
 * A provider plugin (the dynamic-provider host or a resource plugin) behind the provider interface. Neither declares
 * preview support, so previews never call Create or Update. Values go over the wire as Configure allowed
 * (provider_plugin.go `MarshalProperties(KeepSecrets: acceptSecrets, KeepResources: acceptResources)`): the dynamic
 * host accepts neither, so secrets are unwrapped and references sent as ids; a `@pulumi/pulumi/provider` plugin
 * accepts both.
 */
export class ProviderPlugin implements Provider {
  private readonly strip: (props: Props) => Props;
  /**
   * What comes back is re-marked from what was sent only for a provider that accepts no secrets; one that does is
   * trusted to mark its own (provider_plugin.go `Check`, `Create`, `Read`, `Update`: `if !protocol.acceptSecrets {
   * annotateSecrets(...) }`).
   */
  private readonly annotate: (outs: Props, ins: Props | undefined) => Props;

  constructor(
    readonly host: ProviderHost,
    accepts: { secrets: boolean; resources: boolean } = { secrets: false, resources: false },
  ) {
    this.strip = accepts.secrets && accepts.resources ? (props) => props : unwrapForProvider;
    this.annotate = accepts.secrets ? (outs) => outs : annotateSecrets;
  }

  async configure(config: Record<string, string>): Promise<void> {
    await this.host.configure(config);
  }

  async check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const r = await this.host.check(urn, this.strip(olds), this.strip(news));
    return {
      inputs: this.annotate(r.inputs, news),
      failures: r.failures.map((f) => ({ property: f.property || undefined, reason: f.reason })),
    };
  }

  diff(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props, ignoreChanges: string[]): Promise<HostDiffResult> {
    return this.host.diff(urn, id, this.strip(oldOutputs), this.strip(newInputs), this.strip(oldInputs), ignoreChanges);
  }

  async create(urn: string, inputs: Props, preview = false): Promise<{ id: string; outputs: Props }> {
    if (preview) return { id: "", outputs: inputs };
    try {
      const r = await this.host.create(urn, this.strip(inputs));
      return { id: r.id, outputs: this.annotate(r.properties, inputs) };
    } catch (err) {
      throw partial(err, inputs, this.annotate);
    }
  }

  async update(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props, preview = false): Promise<Props> {
    if (preview) return newInputs;
    try {
      const r = await this.host.update(urn, id, this.strip(oldOutputs), this.strip(newInputs), this.strip(oldInputs));
      return this.annotate(r.properties, newInputs);
    } catch (err) {
      throw partial(err, newInputs, this.annotate);
    }
  }

  /** Read: `outputs` undefined when the host says the resource is gone (id ""). */
  async read(urn: string, id: string, inputs: Props, state: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    const r = await this.host.read(urn, id, this.strip(state), this.strip(inputs));
    return {
      id: r.id,
      outputs: this.annotate(r.properties, state),
      inputs: r.inputs === undefined ? undefined : this.annotate(r.inputs, inputs),
    };
  }

  delete(urn: string, id: string, inputs: Props, outputs: Props): Promise<void> {
    return this.host.delete(urn, id, this.strip(outputs), this.strip(inputs));
  }
}

function partial(err: unknown, inputs: Props, annotate: (outs: Props, ins: Props | undefined) => Props): unknown {
  if (err instanceof ProviderCallError && err.initFailed) {
    const { id, properties, reasons } = err.initFailed;
    return new InitError(err.message, id, annotate(properties, inputs), reasons);
  }
  return err;
}
