// Client of @pulumi/pulumi's dynamic-provider host: spawns `node <pulumi>/cmd/dynamic-provider/index.js`, reads
// its port from the first stdout line and speaks pulumirpc.ResourceProvider to it over gRPC, as the Pulumi
// engine does. Property maps are plain JSON here; conversion to and from protobuf Structs happens at this edge.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";

// Client-side stubs come from our own @pulumi/pulumi; the wire format is the same whichever copy the host runs.
const grpc = require("@grpc/grpc-js");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

type Props = Record<string, unknown>;

const EXIT_WITH_PARENT = "data:text/javascript,process.stdin.on('end',()=>process.exit(1));process.stdin.resume()";

export interface HostCheckResult {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

export interface HostDiffResult {
  /** "some" | "none" | "unknown" (the provider did not say; the engine compares inputs itself). */
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** An error from a provider call; `initFailed` is set when the resource was created but failed to initialise. */
export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly initFailed?: { id: string; properties: Props; reasons: string[] },
    /** The gRPC status code. */
    readonly code?: number,
  ) {
    super(message);
    this.name = "ProviderCallError";
  }
}

/** Where the program's @pulumi/pulumi lives: resolved from the program directory, else ours. */
export function resolvePulumiDir(programDir: string): string {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [programDir] }));
  } catch {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  }
}

export interface ProviderHostOptions {
  pulumiDir: string;
  /** The provider to start instead of the dynamic-provider host: a resource plugin's script, run with node. */
  script?: string;
  /** Arguments before the engine's address (a runner's program, say). */
  scriptArgs?: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/**
 * How to launch a resource plugin, as plugin.go `ExecPlugin` does: the executable with the engine's address as its
 * (last) argument, in the given directory, with the given environment.
 */
export interface PluginLaunch {
  /** Executable path (or node with a script for the dynamic-provider host). */
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Log prefix and error label, e.g. "provider host" or "networkflowmonitor (resource)". */
  label: string;
  /**
   * Stop as plugin.go's `kill` does: interrupt first, kill only after 5 s. (The dynamic host is killed at once; it
   * keeps no state worth a graceful exit.)
   */
  interruptFirst?: boolean;
}

/** What Configure answered (provider_plugin.go `Configure` keeps these to decide how to marshal later calls). */
export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  supportsPreview: boolean;
}

/** The ConfigureRequest of a provider resource (provider_plugin.go `Configure`). */
export interface ConfigureRequest {
  urn?: string;
  name?: string;
  type?: string;
  id?: string;
  /** `<pkg>:config:<key>` → string (non-strings JSON), without `version`. */
  variables: Record<string, string>;
  args: Props;
}

export class ProviderHost {
  private readonly child: ChildProcess;
  private readonly client: Promise<any>;
  private exited = false;

  private constructor(private readonly launch: PluginLaunch) {
    const opts = launch;
    // Like plugin.go `ExecPlugin`: stdin is a pipe, stdout's first line is the port, everything after it and all
    // of stderr are the plugin's messages.
    this.child = spawn(launch.command, launch.args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.on("exit", () => {
      this.exited = true;
    });
    const stdout = readline.createInterface({ input: this.child.stdout! });
    const stderr = readline.createInterface({ input: this.child.stderr! });
    stderr.on("line", (l) => opts.log(`[${launch.label}] ${l}`));
    this.client = new Promise((resolve, reject) => {
      let port: string | undefined;
      stdout.on("line", (l) => {
        if (port === undefined) {
          port = l.trim();
          // plugin.go `parsePort`: the first line must be a port number.
          if (!/^\d+$/.test(port) || Number(port) <= 0 || Number(port) > 65535) {
            reject(new Error(`${launch.label} plugin [${launch.command}] wrote an invalid port to stdout: ${JSON.stringify(port)}`));
            this.child.kill("SIGKILL");
            return;
          }
          resolve(new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
        } else {
          opts.log(`[${launch.label}] ${l}`);
        }
      });
      this.child.on("exit", (code) => reject(new Error(`${launch.label} exited (code ${code}) before listening`)));
      this.child.on("error", reject);
    });
    this.client.catch(() => undefined);
  }

  /**
   * The dynamic-provider host: `node <@pulumi/pulumi>/cmd/dynamic-provider <engine address>`. The address is never
   * dialled by the host. The host never exits on its own; it gets a stdin pipe from us and exits when that closes,
   * so a killed engine leaves no host behind (a preload: the host's own code is unchanged).
   */
  static start(opts: ProviderHostOptions): ProviderHost {
    const script = opts.script ?? path.join(opts.pulumiDir, "cmd", "dynamic-provider", "index.js");
    return new ProviderHost({
      command: process.execPath,
      args: ["--import", EXIT_WITH_PARENT, script, ...(opts.scriptArgs ?? []), "127.0.0.1:0"],
      cwd: opts.cwd,
      env: opts.env,
      log: opts.log,
      label: opts.script ? path.basename(opts.script) : "provider host",
    });
  }

  /** Any resource plugin's executable, launched as engine.ts `launchPlugin` describes it. */
  static launch(launch: PluginLaunch): ProviderHost {
    return new ProviderHost({ interruptFirst: true, ...launch });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private async call<T>(method: string, req: any): Promise<T> {
    const client = await this.client;
    return new Promise<T>((resolve, reject) => {
      client[method](req, (err: any, resp: T) => (err ? reject(toProviderError(err)) : resolve(resp)));
    });
  }

  async configure(config: Record<string, string>): Promise<ConfigureResult> {
    return this.configureWith({ variables: config, args: config });
  }

  /** Configure with a provider resource's identity (registry.go `Create`/`Same`: URN, name, type, id, inputs). */
  async configureWith(request: ConfigureRequest): Promise<ConfigureResult> {
    const req = new provproto.ConfigureRequest();
    if (request.urn) req.setUrn(request.urn);
    if (request.name) req.setName(request.name);
    if (request.type) req.setType(request.type);
    if (request.id) req.setId(request.id);
    req.setArgs(toStruct(request.args));
    const variables = req.getVariablesMap();
    for (const [k, v] of Object.entries(request.variables)) variables.set(k, v);
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    const resp = await this.call<any>("configure", req);
    return {
      acceptSecrets: resp.getAcceptsecrets(),
      acceptResources: resp.getAcceptresources(),
      supportsPreview: resp.getSupportspreview(),
    };
  }

  /** Configure as the engine sends it to a resource plugin: the provider's checked inputs in `args`. */
  async configureArgs(args: Props): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const r = await this.configureWith({ variables: {}, args });
    return { acceptSecrets: r.acceptSecrets, supportsPreview: r.supportsPreview };
  }

  /** GetPluginInfo: the plugin's version ("" when it has none). */
  async getPluginInfo(): Promise<string> {
    const resp = await this.call<any>("getPluginInfo", new emptyproto.Empty());
    return resp.getVersion();
  }

  async getSchema(): Promise<string> {
    const resp = await this.call<any>("getSchema", new provproto.GetSchemaRequest());
    return resp.getSchema();
  }

  /** CheckConfig: the provider resource's (or the default provider's) inputs. */
  async checkConfig(urn: string, olds: Props, news: Props): Promise<HostCheckResult> {
    return this.checkCall("checkConfig", urn, olds, news);
  }

  /**
   * CheckConfig as provider_plugin.go `CheckConfig` treats it: `undefined` when the plugin does not implement it
   * (UNIMPLEMENTED), meaning "the news are fine as they are".
   */
  async checkConfigOrUnimplemented(urn: string, olds: Props, news: Props): Promise<HostCheckResult | undefined> {
    return this.unlessUnimplemented(this.checkConfig(urn, olds, news));
  }

  async diffConfig(urn: string, olds: Props, news: Props): Promise<HostDiffResult> {
    return this.diffCall("diffConfig", urn, "", olds, news, olds, []);
  }

  /**
   * DiffConfig as registry.go `Diff` sends it (old inputs, old outputs, new inputs); `undefined` when the plugin
   * does not implement it (provider_plugin.go `DiffConfig`: UNIMPLEMENTED is DIFF_UNKNOWN).
   */
  async diffConfigOrUnimplemented(urn: string, oldInputs: Props, oldOutputs: Props, newInputs: Props): Promise<HostDiffResult | undefined> {
    return this.unlessUnimplemented(this.diffCall("diffConfig", urn, "", oldOutputs, newInputs, oldInputs, []));
  }

  private async unlessUnimplemented<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (err) {
      if (err instanceof ProviderCallError && err.code === grpc.status.UNIMPLEMENTED) return undefined;
      throw err;
    }
  }

  /** Construct a component (provider_plugin.go `Construct`); returns its URN and state. */
  async construct(request: {
    project: string;
    stack: string;
    config: Record<string, string>;
    configSecretKeys: string[];
    dryRun: boolean;
    monitorEndpoint: string;
    type: string;
    name: string;
    parent?: string;
    inputs: Props;
    dependencies: string[];
    protect?: boolean;
    providers: Record<string, string>;
  }): Promise<{ urn: string; state: Props }> {
    const req = new provproto.ConstructRequest();
    req.setProject(request.project);
    req.setStack(request.stack);
    const config = req.getConfigMap();
    for (const [k, v] of Object.entries(request.config)) config.set(k, v);
    req.setConfigsecretkeysList(request.configSecretKeys);
    req.setDryrun(request.dryRun);
    req.setParallel(48);
    req.setMonitorendpoint(request.monitorEndpoint);
    req.setType(request.type);
    req.setName(request.name);
    req.setParent(request.parent ?? "");
    req.setInputs(toStruct(request.inputs));
    req.setDependenciesList(request.dependencies);
    if (request.protect !== undefined) req.setProtect(request.protect);
    const providers = req.getProvidersMap();
    for (const [k, v] of Object.entries(request.providers)) providers.set(k, v);
    req.setAcceptsOutputValues(false);
    const resp = await this.call<any>("construct", req);
    return { urn: resp.getUrn(), state: resp.getState()?.toJavaScript() ?? {} };
  }

  async check(urn: string, olds: Props, news: Props): Promise<HostCheckResult> {
    return this.checkCall("check", urn, olds, news);
  }

  private async checkCall(method: string, urn: string, olds: Props, news: Props): Promise<HostCheckResult> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call<any>(method, req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff: `olds` are the old outputs; the old inputs and ignoreChanges go in their own fields (the 3.248 host ignores them). */
  async diff(urn: string, id: string, olds: Props, news: Props, oldInputs: Props = {}, ignoreChanges: string[] = []): Promise<HostDiffResult> {
    return this.diffCall("diff", urn, id, olds, news, oldInputs, ignoreChanges);
  }

  private async diffCall(method: string, urn: string, id: string, olds: Props, news: Props, oldInputs: Props, ignoreChanges: string[]): Promise<HostDiffResult> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    req.setIgnorechangesList(ignoreChanges);
    const resp = await this.call<any>(method, req);
    const changes = resp.getChanges();
    const codes = provproto.DiffResponse.DiffChanges;
    return {
      changes: changes === codes.DIFF_SOME ? "some" : changes === codes.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(properties));
    const resp = await this.call<any>("create", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async update(urn: string, id: string, olds: Props, news: Props, oldInputs: Props = {}): Promise<{ properties: Props }> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    const resp = await this.call<any>("update", req);
    return { properties: resp.getProperties()?.toJavaScript() ?? {} };
  }

  /** Read: `properties` is the state (old outputs); `inputs` the old inputs. */
  async read(urn: string, id: string, properties: Props, inputs: Props = {}): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    req.setInputs(toStruct(inputs));
    const resp = await this.call<any>("read", req);
    return {
      id: resp.getId(),
      properties: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript(),
    };
  }

  /** An Invoke (a provider function call); the dynamic-provider host answers every one with "unknown function". */
  async invoke(token: string, args: Props): Promise<Props> {
    const req = new provproto.InvokeRequest();
    req.setTok(token);
    req.setArgs(toStruct(args));
    const resp = await this.call<any>("invoke", req);
    return resp.getReturn()?.toJavaScript() ?? {};
  }

  async delete(urn: string, id: string, properties: Props, oldInputs: Props = {}): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    req.setOldInputs(toStruct(oldInputs));
    await this.call<any>("delete", req);
  }

  /** Closes the client and kills the host; resolves once the process has exited. */
  async stop(): Promise<void> {
    try {
      const client = await Promise.race([this.client, Promise.resolve(undefined)]);
      client?.close();
    } catch {
      // The host never came up; nothing to close.
    }
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      const timer = setTimeout(() => this.child.kill("SIGKILL"), this.launch.interruptFirst ? 5000 : 0);
      if (this.launch.interruptFirst) this.child.kill("SIGINT");
    });
  }
}

function toStruct(props: Props): any {
  return structproto.Struct.fromJavaScript(props as any);
}

/** Decodes grpc-status-details-bin into ErrorResourceInitFailed when the host sent one. */
function toProviderError(err: any): ProviderCallError {
  const message = String(err?.details ?? err?.message ?? err);
  const raw = err?.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (raw) {
    try {
      const status = statusproto.Status.deserializeBinary(new Uint8Array(raw));
      for (const any of status.getDetailsList()) {
        if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
          const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
          return new ProviderCallError(
            message,
            { id: detail.getId(), properties: detail.getProperties()?.toJavaScript() ?? {}, reasons: detail.getReasonsList() },
            err?.code,
          );
        }
      }
    } catch {
      // Undecodable details: report the plain error.
    }
  }
  return new ProviderCallError(message, undefined, err?.code);
}
