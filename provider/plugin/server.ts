// The provider plugin `networkflowmonitor`: pulumirpc.ResourceProvider over the same core as the dynamic
// provider. Every resource rule lives in provider/monitor and provider/scope; this module only translates the
// wire (Structs, secrets, URNs, partial failures) and the plugin's configuration.
//
// Pulumi's Node.js provider server (@pulumi/pulumi/provider/server.js, 3.248.0) serves Construct, Call,
// GetPluginInfo, GetSchema, Cancel and Attach well, but ignores Configure's values, answers CheckConfig and
// DiffConfig UNIMPLEMENTED and hides secrets in plain objects; its Server class is not exported. So `serve` runs
// that server's `main` and, as it registers its service, puts this module's handlers in front for the
// configuration and resource calls, leaving the rest to it.
import * as path from "node:path";
import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { AWS_PROVIDER_INPUT } from "../settings";
import { configureSettings, providerSettings } from "../runtime";
import { lookupAccountScope } from "../scope/lookup";
import { checkPluginConfig, configuredPlugin, pluginConfigChanged } from "./config";
import { markSecrets, parseUrn, secretNames, secretTagKeys, secretTagPaths, unwrapSecrets, type SecretPath } from "./wire";

type Props = Record<string, unknown>;

export const MONITOR_TYPE = "networkflowmonitor:index:Monitor";
export const SCOPE_TYPE = "networkflowmonitor:index:Scope";
export const GET_SCOPE_FUNCTION = "networkflowmonitor:index:getScope";

/** The package root (dist/provider/plugin → ../../..; provider/plugin under ts-node → ../..). */
function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

// The @pulumi/pulumi the plugin runs with, and the gRPC and protobuf modules it uses: the service's handlers and
// messages must be that copy's.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const provproto = fromPulumi("@pulumi/pulumi/proto/provider_pb");
const statusproto = fromPulumi("@pulumi/pulumi/proto/status_pb");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const anyproto = fromPulumi("google-protobuf/google/protobuf/any_pb");

/** The core's provider functions, the same for Monitor and Scope (the dynamic provider's methods). */
interface ResourceCore {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: never): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props: Props, opts?: { marksSecrets?: boolean }): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: never, news: never): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: never): Promise<void>;
}

function coreFor(type: string): ResourceCore {
  if (type === MONITOR_TYPE) return require("../monitor/provider") as ResourceCore;
  if (type === SCOPE_TYPE) return require("../scope/provider") as ResourceCore;
  throw new Error(`unknown resource type ${type}: the networkflowmonitor plugin serves ${MONITOR_TYPE} and ${SCOPE_TYPE}`);
}

/** What Configure set: whether `defaultTags` was secret (then every `tagsAll` is). */
let defaultTagsSecret = false;

function fromStruct(s: { toJavaScript(): Props } | undefined): Props {
  return s?.toJavaScript() ?? {};
}

function toStruct(p: unknown): unknown {
  return structproto.Struct.fromJavaScript(p ?? {});
}

/** The SDK's naming input (auto-naming, ownership tag), which a plugin reads from the URN. */
function namingOf(urn: string): { resourceName: string; project: string; stack: string } {
  const { name, project, stack } = parseUrn(urn);
  return { resourceName: name, project, stack };
}

function failuresList(failures: { property: string; reason: string }[] | undefined): unknown[] {
  return (failures ?? []).map((f) => {
    const failure = new provproto.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

/**
 * The error the engine understands: a plain one, or, when the object exists (the core's partial failure carries
 * its id and properties), ErrorResourceInitFailed so the engine records it (pkg/resource/plugin/provider_plugin.go
 * `resourceStateAndError`).
 */
function grpcError(err: unknown, secrets: SecretPath[] = []): unknown {
  const e = err as Error & { id?: string; properties?: Props; reasons?: string[] };
  const message = e instanceof Error ? e.message : String(err);
  const metadata = new grpc.Metadata();
  if (e?.id) {
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(markSecrets(e.properties ?? {}, secrets, defaultTagsSecret)));
    detail.setReasonsList(e.reasons ?? [message]);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, message, metadata };
}

type Callback = (err: unknown, resp?: unknown, metadata?: unknown) => void;
type Handler = (call: { request: any }, callback: Callback) => void;

/** A handler from an async function; a thrown error becomes the call's error. */
function handler(fn: (req: any) => Promise<unknown>, onError: (err: unknown, req: any) => unknown = (err) => grpcError(err)): Handler {
  return (call, callback) => {
    fn(call.request).then(
      (resp) => callback(null, resp),
      (err) => {
        const failure = onError(err, call.request) as { metadata?: unknown };
        callback(failure, null, failure?.metadata);
      },
    );
  };
}

function invalidArgument(message: string): unknown {
  return { code: grpc.status.INVALID_ARGUMENT, details: message, message };
}

/** The handlers this plugin serves itself, by the service's method names. */
export const handlers: Record<string, Handler> = {
  checkConfig: handler(async (req) => {
    const { inputs, failures } = checkPluginConfig(fromStruct(req.getNews()));
    const resp = new provproto.CheckResponse();
    resp.setInputs(toStruct(inputs));
    resp.setFailuresList(failuresList(failures));
    return resp;
  }),

  diffConfig: handler(async (req) => {
    const resp = new provproto.DiffResponse();
    const changed = pluginConfigChanged(fromStruct(req.getOldInputs() ?? req.getOlds()), fromStruct(req.getNews()));
    resp.setChanges(changed ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE);
    return resp;
  }),

  configure: handler(async (req) => {
    const configured = configuredPlugin(req.getArgs() ? fromStruct(req.getArgs()) : undefined, new Map<string, string>(req.getVariablesMap().entries()));
    const { problems } = configured.settings;
    if (problems.length > 0) throw new Error(problems.map((p) => `${p.property} ${p.reason}`).join("; "));
    configureSettings(configured.settings);
    defaultTagsSecret = configured.defaultTagsSecret;
    const resp = new provproto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    // No preview support: in preview the engine never sends Create or Update (as with the dynamic provider).
    resp.setSupportspreview(false);
    // Construct (served by Pulumi's server) takes resources and outputs; the custom resources never need them.
    resp.setAcceptresources(true);
    resp.setAcceptoutputs(true);
    return resp;
  }, (err) => invalidArgument((err as Error).message)),

  check: handler(async (req) => {
    const urn: string = req.getUrn();
    const core = coreFor(parseUrn(urn).type);
    const news = unwrapSecrets(fromStruct(req.getNews()));
    const olds = unwrapSecrets(fromStruct(req.getOlds())).value;
    const refused = AWS_PROVIDER_INPUT in news.value
      ? [{ property: AWS_PROVIDER_INPUT, reason: "belongs to the dynamic provider; the plugin takes its AWS settings from its provider (networkflowmonitor:* config, or an explicit networkflowmonitor provider)" }]
      : [];
    const { [AWS_PROVIDER_INPUT]: _dropped, ...rest } = news.value;
    const names = secretNames(news.secrets);
    const secretTags = secretTagKeys(news.secrets, defaultTagsSecret);
    const result = await core.check(olds, {
      ...rest,
      __naming: namingOf(urn),
      ...(names.length > 0 ? { __secretInputs: names } : {}),
      ...(secretTags.length > 0 ? { __secretTags: secretTags } : {}),
    });
    const resp = new provproto.CheckResponse();
    resp.setInputs(toStruct(markSecrets(result.inputs ?? {}, news.secrets, defaultTagsSecret)));
    resp.setFailuresList(failuresList([...refused, ...(result.failures ?? [])]));
    return resp;
  }),

  diff: handler(async (req) => {
    const core = coreFor(parseUrn(req.getUrn()).type);
    const d = await core.diff(req.getId(), unwrapSecrets(fromStruct(req.getOlds())).value, unwrapSecrets(fromStruct(req.getNews())).value);
    const resp = new provproto.DiffResponse();
    const codes = provproto.DiffResponse.DiffChanges;
    resp.setChanges(d.changes === true ? codes.DIFF_SOME : d.changes === false ? codes.DIFF_NONE : codes.DIFF_UNKNOWN);
    resp.setReplacesList(d.replaces ?? []);
    resp.setDeletebeforereplace(d.deleteBeforeReplace ?? false);
    return resp;
  }),

  create: (call, callback) => {
    const inputs = unwrapSecrets(fromStruct(call.request.getProperties()));
    handler(async (req) => {
      const result = await coreFor(parseUrn(req.getUrn()).type).create(inputs.value as never);
      const resp = new provproto.CreateResponse();
      resp.setId(result.id);
      resp.setProperties(toStruct(markSecrets(result.outs ?? {}, inputs.secrets, defaultTagsSecret)));
      return resp;
    }, (err) => grpcError(err, inputs.secrets))(call, callback);
  },

  read: handler(async (req) => {
    const urn: string = req.getUrn();
    const core = coreFor(parseUrn(urn).type);
    const state = unwrapSecrets(fromStruct(req.getProperties()));
    const oldInputs = unwrapSecrets(fromStruct(req.getInputs()));
    const result = await core.read(req.getId(), state.value, { marksSecrets: true });
    const resp = new provproto.ReadResponse();
    if (!result.id) return resp; // gone: the engine drops it
    // An import (no state) gets the naming the resource's Check will add, so that its inputs pass Check unchanged.
    const naming = state.value.__naming ?? namingOf(urn);
    // The tags the marker tag says are secret stay secret, even those the old state did not hold (see secretTags.ts).
    const marked = secretTagPaths((result.props as { __secretTags?: unknown } | undefined)?.__secretTags);
    const secrets = [...state.secrets, ...oldInputs.secrets, ...marked];
    resp.setId(result.id);
    resp.setProperties(toStruct(markSecrets({ ...result.props, __naming: naming }, secrets, defaultTagsSecret)));
    resp.setInputs(toStruct(markSecrets({ ...(result.inputs ?? {}), __naming: naming }, [...oldInputs.secrets, ...marked], defaultTagsSecret)));
    return resp;
  }),

  update: (call, callback) => {
    const news = unwrapSecrets(fromStruct(call.request.getNews()));
    handler(async (req) => {
      const olds = unwrapSecrets(fromStruct(req.getOlds())).value;
      const result = await coreFor(parseUrn(req.getUrn()).type).update(req.getId(), olds as never, news.value as never);
      const resp = new provproto.UpdateResponse();
      resp.setProperties(toStruct(markSecrets(result.outs ?? {}, news.secrets, defaultTagsSecret)));
      return resp;
    }, (err) => grpcError(err, news.secrets))(call, callback);
  },

  delete: handler(async (req) => {
    await coreFor(parseUrn(req.getUrn()).type).delete(req.getId(), unwrapSecrets(fromStruct(req.getProperties())).value as never);
    return new (fromPulumi("google-protobuf/google/protobuf/empty_pb").Empty)();
  }),

  invoke: handler(async (req) => {
    const tok: string = req.getTok();
    if (tok !== GET_SCOPE_FUNCTION) throw new Error(`unknown function ${tok}: the networkflowmonitor plugin serves ${GET_SCOPE_FUNCTION}`);
    const args = unwrapSecrets(fromStruct(req.getArgs())).value;
    const region = typeof args.region === "string" && args.region !== "" ? args.region : undefined;
    const found = await lookupAccountScope(providerSettings(), region, "`networkflowmonitor:region` in the provider configuration");
    const resp = new provproto.InvokeResponse();
    resp.setReturn(toStruct(found));
    return resp;
  }),
};

/** The package's version, for GetPluginInfo. */
export function pluginVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

/** The provider object Pulumi's server gets: version, schema and components. */
export function pulumiProvider(): pulumi.provider.Provider {
  return {
    version: pluginVersion(),
    // The schema is generated into the package root; until it exists, an empty schema.
    getSchema: async () => {
      const file = path.join(packageRoot(), "schema.json");
      return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "{}";
    },
    construct: async (name, type, inputs, options) => {
      let components: { construct: NonNullable<pulumi.provider.Provider["construct"]> };
      try {
        components = require("./components");
      } catch (err) {
        // Only this module's own absence; a components module that fails to load says why.
        if ((err as { code?: string }).code !== "MODULE_NOT_FOUND" || !String((err as Error).message).startsWith("Cannot find module './components'")) throw err;
        throw new Error(`unknown component type ${type}: this version of the networkflowmonitor plugin serves no components`);
      }
      return components.construct(name, type, inputs, options);
    },
  };
}

/**
 * Serves the plugin: Pulumi's server (it binds 127.0.0.1, prints the port as stdout's first line) with this
 * module's handlers in front. `args` are the plugin's arguments; the engine's address is the last.
 */
export async function serve(args: string[]): Promise<void> {
  const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: Record<string, unknown>) {
    grpc.Server.prototype.addService = addService;
    // Pulumi's handlers are its Server's methods: bound to it, with ours in front.
    const served: Record<string, unknown> = {};
    let proto = implementation;
    while (proto && proto !== Object.prototype) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        const v = (implementation as Record<string, unknown>)[key];
        if (key !== "constructor" && typeof v === "function" && !(key in served)) served[key] = (v as (...a: unknown[]) => unknown).bind(implementation);
      }
      proto = Object.getPrototypeOf(proto);
    }
    return addService.call(this, service, { ...served, ...handlers });
  };
  await main(pulumiProvider(), args);
}
