// The provider front ends the fuzzer drives. `dynamic`: the calls Pulumi's dynamic-provider host makes
// (@pulumi/pulumi cmd/dynamic-provider/index.js, 3.248.0), made in process on the very modules the host loads
// (provider/monitor/provider.ts, provider/scope/provider.ts): values cross as JSON as they would as protobuf
// Structs, `__provider` is added to every result (resultIncludingProvider), `configure` runs once per provider
// per host with the stack config, diff's `changes` maps to SOME/NONE/UNKNOWN, and an error carrying `id` is a
// partial failure (grpcResponseFromError). `plugin`: the provider plugin, its gRPC handlers served in process
// (pluginFrontEnd.ts).
import { ProviderCallError, type HostCheckResult, type HostDiffResult, type ProviderHost } from "../engine/host";
import { MONITOR_TYPE, SCOPE_TYPE } from "./program";

type Props = Record<string, unknown>;

export type FrontEndName = "dynamic" | "plugin";
export const FRONT_ENDS: readonly FrontEndName[] = ["dynamic", "plugin"];

/** Thrown by every call that starts after the simulated crash: the engine is gone, nothing reaches AWS. */
export class Crashed extends Error {
  constructor() {
    super("the engine crashed (simulated)");
    this.name = "Crashed";
  }
}

/** Shared by a run's hosts: set when the journal was cut, so later calls never start. */
export interface CrashSwitch {
  crashed: boolean;
}

interface DynamicModule {
  configure(req: unknown): Promise<void>;
  check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: Props): Promise<{ id: string; outs?: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs?: Props } | undefined>;
  delete(id: string, props: Props): Promise<void>;
}

const json = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Whether a front end can run here; the reason when not. */
export function frontEndProblem(name: FrontEndName): string | undefined {
  if (name !== "plugin") return undefined;
  try {
    require.resolve("../../provider/plugin/server");
    return undefined;
  } catch {
    return "the provider plugin front end (provider/plugin/server) is not in this checkout";
  }
}

/** What `--front` takes: one front end, or `both` (each history's front end drawn from its seed). */
export type FrontChoice = FrontEndName | "both";

export function parseFrontChoice(text: string): FrontChoice {
  if (text === "both" || (FRONT_ENDS as readonly string[]).includes(text)) return text as FrontChoice;
  throw new Error(`--front takes dynamic, plugin or both, got ${text}`);
}

/**
 * The front end a history runs on. With `both`, drawn from the seed: even seeds on the dynamic provider, odd ones on
 * the plugin, so N consecutive seeds split evenly and a seed replays on the same front end.
 */
export function frontOf(seed: number, choice: FrontChoice): FrontEndName {
  if (choice !== "both") return choice;
  return Math.abs(seed) % 2 === 0 ? "dynamic" : "plugin";
}

/**
 * One dynamic-provider host's worth of calls, in process. Same method shapes as ProviderHost (the gRPC client),
 * so the engine's ProviderPlugin drives it unchanged.
 */
export class InProcessDynamicHost {
  private readonly configured = new Set<DynamicModule>();
  private config: Record<string, string> = {};

  constructor(
    private readonly project: string,
    private readonly crash: CrashSwitch,
  ) {}

  /** The engine's host type; the in-process host has the same public methods. */
  asProviderHost(): ProviderHost {
    return this as unknown as ProviderHost;
  }

  get pid(): number | undefined {
    return undefined;
  }

  async configure(config: Record<string, string>): Promise<void> {
    this.config = { ...config };
  }

  private async module(urn: string): Promise<DynamicModule> {
    if (this.crash.crashed) throw new Crashed();
    const type = urn.split("::")[2]?.split("$").pop();
    const mod = (type === MONITOR_TYPE
      ? require("../../provider/monitor/provider")
      : type === SCOPE_TYPE
        ? require("../../provider/scope/provider")
        : undefined) as DynamicModule | undefined;
    if (!mod) throw new Error(`no dynamic provider for ${urn}`);
    if (!this.configured.has(mod)) {
      this.configured.add(mod);
      // The host's Config: `get("k")` reads `<project>:k`, `get("ns:k")` reads that key.
      const { Config } = require("@pulumi/pulumi/cmd/dynamic-provider/config") as { Config: new (raw: Record<string, string>, project: string) => unknown };
      await mod.configure({ config: new Config(this.config, this.project) });
    }
    return mod;
  }

  private async call<T>(urn: string, f: (m: DynamicModule) => Promise<T>): Promise<T> {
    const mod = await this.module(urn);
    try {
      return await f(mod);
    } catch (err) {
      const e = err as { message?: string; id?: string; properties?: Props; reasons?: string[] };
      if (err instanceof Crashed) throw err;
      if (e?.id) throw new ProviderCallError(String(e.message), { id: e.id, properties: json(e.properties ?? {}), reasons: e.reasons ?? [] });
      throw new ProviderCallError(String(e?.message ?? err));
    }
  }

  async check(urn: string, olds: Props, news: Props): Promise<HostCheckResult> {
    return this.call(urn, async (m) => {
      const r = await m.check(json(olds), json(news));
      const inputs = { ...(r.inputs ?? news), __provider: news.__provider };
      return { inputs: json(inputs), failures: (r.failures ?? []).map((f) => ({ property: f.property ?? "", reason: f.reason })) };
    });
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<HostDiffResult> {
    return this.call(urn, async (m) => {
      const r = await m.diff(id, json(olds), json(news));
      return {
        changes: r.changes === true ? "some" : r.changes === false ? "none" : "unknown",
        replaces: r.replaces ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace ?? false,
      };
    });
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    return this.call(urn, async (m) => {
      const r = await m.create(json(properties));
      return { id: r.id, properties: json({ ...(r.outs ?? {}), __provider: properties.__provider }) };
    });
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    return this.call(urn, async (m) => {
      const r = (await m.update(id, json(olds), json(news))) ?? {};
      return { properties: json({ ...(r.outs ?? {}), __provider: news.__provider }) };
    });
  }

  async read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
    return this.call(urn, async (m) => {
      const r = await m.read(id, json(properties));
      return {
        id: r.id ?? "",
        properties: json({ ...(r.props ?? {}), __provider: properties.__provider }),
        inputs: r.inputs ? json({ ...r.inputs, __provider: properties.__provider }) : undefined,
      };
    });
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    await this.call(urn, (m) => m.delete(id, json(properties)));
  }

  async stop(): Promise<void> {}
}
