// The provider registry, as pkg/resource/deploy/providers/registry.go (v3.248.0) keeps it: provider resources
// (`pulumi:providers:<pkg>`, default or explicit) are resources whose "provider" is the registry itself. Check loads
// the package's plugin (a fresh instance per provider resource), asks GetPluginInfo and CheckConfig; Create and
// Update Configure that instance with the provider's inputs (a Create makes a new UUID id); Same (and loading a
// provider from the old state, for refresh and destroy) starts and Configures one from the stored inputs; Delete
// closes it. Resources then find their provider by its reference `<urn>::<id>`.
import { randomUUID } from "node:crypto";
import type { ConfigureResult, HostDiffResult, ProviderHost } from "./host";
import { deepEqual, isSecret } from "./plan";
import { ProviderPlugin, annotateSecrets, type CheckResult, type Provider } from "./plugin";
import { parseProviderRef, providerPackage } from "./pluginLookup";
import type { StateResource } from "./types";

type Props = Record<string, unknown>;

/** registry.go `internalKey`: engine-reserved provider inputs, never sent to the plugin (`FilterProviderConfig`). */
const INTERNAL_KEY = "__internal";

/** `FilterProviderConfig`: the provider's inputs without `__internal`. */
export function filterProviderConfig(inputs: Props): Props {
  const { [INTERNAL_KEY]: _internal, ...rest } = inputs;
  void _internal;
  return rest;
}

/**
 * The Configure variables of provider_plugin.go `Configure`: `<pkg>:config:<key>` for every input but `version`,
 * secrets unwrapped, non-strings as JSON. Undefined when some value is unknown (then the provider is not configured
 * yet, in a preview).
 */
export function configureVariables(pkg: string, inputs: Props, unknown: string): Record<string, string> | undefined {
  const variables: Record<string, string> = {};
  for (const [k, raw] of Object.entries(inputs)) {
    if (k === "version") continue;
    const v = isSecret(raw) ? raw.value : raw;
    if (JSON.stringify(v ?? null).includes(unknown)) return undefined;
    variables[`${pkg}:config:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return variables;
}

export interface RegistryOptions {
  /** Starts `pkg`'s plugin (throws when it has none). */
  launch: (pkg: string) => Promise<ProviderHost>;
  /** The provider resources of the old state, for loading providers without running the program. */
  oldProviders: () => StateResource[];
  unknown: string;
  log: (line: string) => void;
}

interface Loaded {
  host: ProviderHost;
  version: string;
}

export class ProviderRegistry implements Provider {
  /** Configured providers by provider URN (one id per URN in a deployment). */
  private readonly configured = new Map<string, Promise<ProviderPlugin>>();
  /** Plugins a Check loaded, not yet configured (registry.go keeps them under `UnconfiguredID`). */
  private readonly unconfigured = new Map<string, Promise<Loaded>>();
  private readonly hosts = new Set<ProviderHost>();

  constructor(private readonly opts: RegistryOptions) {}

  /** `loadProvider`: start the package's plugin and ask its info (the handshake is the port on stdout). */
  private async load(pkg: string): Promise<Loaded> {
    const host = await this.opts.launch(pkg);
    this.hosts.add(host);
    try {
      return { host, version: await host.getPluginInfo() };
    } catch (err) {
      await this.close(host);
      throw err;
    }
  }

  private async close(host: ProviderHost): Promise<void> {
    this.hosts.delete(host);
    await host.stop();
  }

  /** Configure with the provider resource's identity and inputs, as registry.go `Create`/`Update`/`Same` do. */
  private async configure(loaded: Loaded, urn: string, id: string, inputs: Props): Promise<ProviderPlugin> {
    const type = urn.split("::")[2].split("$").pop()!;
    const args = filterProviderConfig(inputs);
    const variables = configureVariables(providerPackage(type), args, this.opts.unknown);
    let accepts: ConfigureResult = { acceptSecrets: false, acceptResources: false, supportsPreview: false };
    if (variables) {
      accepts = await loaded.host.configureWith({ urn, name: urn.split("::").pop(), type, id, variables, args });
    }
    return new ProviderPlugin(loaded.host, { secrets: accepts.acceptSecrets, resources: accepts.acceptResources });
  }

  // ---- the registry as the provider of provider resources ---------------------------------------------------

  /** `Registry.Check`: a fresh plugin instance, then its CheckConfig (UNIMPLEMENTED: the news as they are). */
  async check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const pkg = providerPackage(urn.split("::")[2].split("$").pop()!);
    const loaded = this.load(pkg);
    const { host } = await loaded;
    const r = await host.checkConfigOrUnimplemented(urn, filterProviderConfig(olds), filterProviderConfig(news));
    if (r && r.failures.length) {
      await this.close(host);
      return { inputs: news, failures: r.failures.map((f) => ({ property: f.property || undefined, reason: f.reason })) };
    }
    const previous = this.unconfigured.get(urn);
    this.unconfigured.set(urn, loaded);
    if (previous) void previous.then((p) => this.close(p.host));
    const inputs = r ? annotateSecrets(r.inputs, news) : news;
    if (INTERNAL_KEY in news) inputs[INTERNAL_KEY] = news[INTERNAL_KEY];
    return { inputs, failures: [] };
  }

  /**
   * `Registry.Diff`: DiffConfig on the instance Check loaded; when it is UNIMPLEMENTED (as in
   * `@pulumi/pulumi/provider`'s server) or answers DIFF_UNKNOWN, the old outputs are compared with the new inputs.
   * A replacement it asks for is not carried out here (RULES.md: a provider is updated, never replaced).
   */
  async diff(urn: string, _id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props): Promise<HostDiffResult> {
    const loaded = this.unconfigured.get(urn);
    const news = filterProviderConfig(newInputs);
    const answer = loaded
      ? await (await loaded).host.diffConfigOrUnimplemented(urn, filterProviderConfig(oldInputs), oldOutputs, news)
      : undefined;
    if (answer && answer.changes !== "unknown") return { changes: answer.changes, replaces: [], deleteBeforeReplace: false };
    const same = deepEqual(filterProviderConfig(oldOutputs), news);
    return { changes: same ? "none" : "some", replaces: [], deleteBeforeReplace: false };
  }

  /** `Registry.Create`: a new UUID id (unknown in a preview), Configure, and the inputs as outputs. */
  async create(urn: string, inputs: Props, preview: boolean): Promise<{ id: string; outputs: Props }> {
    const id = preview ? "" : randomUUID();
    const loaded = await this.takeUnconfigured(urn);
    this.configured.set(urn, this.configure(loaded, urn, id || this.opts.unknown, inputs));
    await this.configured.get(urn);
    return { id, outputs: filterProviderConfig(inputs) };
  }

  /** `Registry.Update`: Configure the instance Check loaded with the new inputs. */
  async update(urn: string, id: string, _oldInputs: Props, _oldOutputs: Props, newInputs: Props): Promise<Props> {
    const loaded = await this.takeUnconfigured(urn);
    this.configured.set(urn, this.configure(loaded, urn, id, newInputs));
    await this.configured.get(urn);
    return filterProviderConfig(newInputs);
  }

  /** `Registry.Read`: a provider reads as what is stored. */
  async read(_urn: string, id: string, inputs: Props, state: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    return { id, outputs: state, inputs };
  }

  /** `Registry.Delete`: close the provider's plugin. */
  async delete(urn: string): Promise<void> {
    const provider = this.configured.get(urn);
    this.configured.delete(urn);
    if (provider) await provider.then((p) => this.close(p.host), () => undefined);
  }

  /** `Registry.Same`: a provider whose inputs did not change is configured from its state. */
  same(state: StateResource): Promise<ProviderPlugin> {
    const existing = this.configured.get(state.urn);
    if (existing) return existing;
    const loaded = this.unconfigured.get(state.urn) ?? this.load(providerPackage(state.type));
    this.unconfigured.delete(state.urn);
    const configured = loaded.then((l) => this.configure(l, state.urn, state.id ?? "", state.inputs));
    this.configured.set(state.urn, configured);
    return configured;
  }

  private async takeUnconfigured(urn: string): Promise<Loaded> {
    const loaded = this.unconfigured.get(urn);
    if (!loaded) throw new Error(`'Check' must be called before configuring provider ${urn}`);
    this.unconfigured.delete(urn);
    return loaded;
  }

  // ---- resources ------------------------------------------------------------------------------------------

  /**
   * The provider a reference names: the one this deployment registered, else the one the old state holds (loaded
   * and configured from its stored inputs, as refresh and destroy do without the program).
   */
  providerFor(ref: string): Promise<ProviderPlugin> {
    const { urn } = parseProviderRef(ref);
    const existing = this.configured.get(urn);
    if (existing) return existing;
    const stored = this.opts.oldProviders().find((r) => r.urn === urn);
    if (!stored) return Promise.reject(new Error(`unknown provider '${ref}'`));
    return this.same(stored);
  }

  /** Closes every plugin this registry started. */
  async stop(): Promise<void> {
    await Promise.all([...this.hosts].map((h) => this.close(h)));
  }
}
