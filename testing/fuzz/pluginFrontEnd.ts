// The provider plugin front end, in process. Pulumi runs `pulumi-resource-networkflowmonitor` as a resource plugin:
// a gRPC pulumirpc.ResourceProvider whose resource calls are the handlers of provider/plugin/server.ts (secrets on
// the wire taken off and put back by provider/plugin/wire.ts). Here those very handlers are the service, one per
// fuzzing process (started with the world, reused by every history), and the engine reaches it through its own gRPC
// client code (testing/engine/host.ts `ProviderHost`: requests built as protobuf messages, errors and partial
// failures decoded from the status details), as it reaches a launched plugin: each load of the plugin (the
// registry's Check, a same provider, a provider loaded from the state for refresh or destroy) is a new host on that
// service, configured by the engine as usual (CheckConfig, then Configure with the default provider's inputs), so a
// history reconfigures the plugin on every pass as Pulumi does.
//
// Two transports between the engine's client and the service:
// - `in-process` (the default): each call goes through the service definition's own serializers (the request and
//   the response encoded to protobuf bytes and decoded again, with their type checks) and straight into the handler;
//   only grpc-js's HTTP/2 framing is left out. About half the plugin front end's time per history goes to that
//   framing otherwise (measured: 40 histories, 4.4 s of CPU in process against 8.5 s over loopback).
// - `loopback`: a grpc-js server on 127.0.0.1 and a grpc-js client, as between a real engine and a real plugin.
//   tests/fuzz/fronts.test.ts runs histories over both and expects the same outcome.
//
// What a real plugin process has and this does not: its own module state per load (here the loads of a pass share
// the core's settings, which every load configures identically), and Pulumi's own server for GetSchema, Construct,
// Cancel (not called by the fuzzer; GetPluginInfo is answered here with the package's version).
import * as path from "node:path";
import { ProviderHost } from "../engine/host";
import type { CrashSwitch } from "./frontEnd";

type Props = Record<string, unknown>;

// The service definition and messages must be the copies server.ts builds its responses with (those of the
// @pulumi/pulumi it resolves); there is one copy in this repository, resolved the same way.
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const provrpc = fromPulumi("@pulumi/pulumi/proto/provider_grpc_pb");
const pluginproto = fromPulumi("@pulumi/pulumi/proto/plugin_pb");
const structproto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
// The engine's client stubs: the ones host.ts builds its requests with.
const clientGrpc = require("@grpc/grpc-js");
const clientRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");

/** The message a call gets once the simulated crash happened: the engine is gone, no request leaves it. */
export const CRASHED_MESSAGE = "the engine crashed (simulated): no provider call starts";

export type PluginTransport = "in-process" | "loopback";
export const PLUGIN_TRANSPORTS: readonly PluginTransport[] = ["in-process", "loopback"];

type Callback = (err: unknown, resp?: unknown, metadata?: unknown) => void;
type Handler = (call: { request: unknown }, callback: Callback) => void;
type Client = Record<string, unknown> & { close(): void };

/** A method of the service definition (provider_grpc_pb.js): its path and (de)serializers. */
interface MethodDefinition {
  path: string;
  requestSerialize(m: unknown): Buffer;
  requestDeserialize(b: Buffer): unknown;
  responseSerialize(m: unknown): Buffer;
  responseDeserialize(b: Buffer): unknown;
}

/** The plugin's service: server.ts's handlers, reached in process or over a loopback gRPC server. */
export class InProcessPluginServer {
  private constructor(
    readonly transport: PluginTransport,
    private readonly client: Client,
    private readonly stopServer: () => void,
    /** Defects planted on purpose (tests only), read by the handlers. */
    readonly planted: { forgetSecrets: boolean },
  ) {}

  static async start(transport: PluginTransport = "in-process"): Promise<InProcessPluginServer> {
    // Loaded here, not at the top: the dynamic front end alone never loads the plugin's modules.
    const plugin = require("../../provider/plugin/server") as typeof import("../../provider/plugin/server");
    const { unwrapSecrets } = require("../../provider/plugin/wire") as typeof import("../../provider/plugin/wire");
    // `forgetSecrets`: Create, Update and Read answer with every secret unwrapped, as a plugin that forgot wire.ts's
    // marking would. The engine stores that as it is (the plugin accepted secrets), so invariant 5 must fire.
    const planted = { forgetSecrets: false };
    const forgetful = (h: Handler): Handler => (call, callback) =>
      h(call, (err, resp, metadata) => {
        const r = resp as { getProperties?(): { toJavaScript(): Props } | undefined; setProperties?(s: unknown): void } | undefined;
        if (planted.forgetSecrets && r?.getProperties && r.setProperties) {
          r.setProperties(structproto.Struct.fromJavaScript(unwrapSecrets(r.getProperties()?.toJavaScript() ?? {}).value));
        }
        callback(err, resp, metadata);
      });
    const implementation: Record<string, Handler> = {
      ...(plugin.handlers as Record<string, Handler>),
      create: forgetful(plugin.handlers.create as Handler),
      update: forgetful(plugin.handlers.update as Handler),
      read: forgetful(plugin.handlers.read as Handler),
      // Served by Pulumi's provider server in the real plugin: the version the engine asks right after loading it.
      getPluginInfo: (_call, callback) => {
        const info = new pluginproto.PluginInfo();
        info.setVersion(plugin.pluginVersion());
        callback(null, info);
      },
    };
    if (transport === "in-process") {
      return new InProcessPluginServer(transport, inProcessClient(implementation), () => undefined, planted);
    }
    const server = new grpc.Server();
    server.addService(provrpc.ResourceProviderService, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    const client = new clientRpc.ResourceProviderClient(`127.0.0.1:${port}`, clientGrpc.credentials.createInsecure()) as Client;
    return new InProcessPluginServer(transport, client, () => server.forceShutdown(), planted);
  }

  /**
   * A load of the plugin, for one engine: the engine's ProviderHost on this service, with no process behind it.
   * Every call first looks at the crash switch: once it is set, no call starts (it fails at once, as a call from a
   * dead engine never arrives); a call already under way finishes, as it would have reached AWS.
   */
  connect(crash: CrashSwitch): ProviderHost {
    return hostOver(this.client, crash);
  }

  async stop(): Promise<void> {
    this.client.close();
    this.stopServer();
  }
}

/**
 * A client with the generated client's method shape (`method(request, callback)`) that hands each request to the
 * service's handler in this process: the request encoded and decoded by the method's serializers as the wire would,
 * the response likewise, and an error as grpc-js's client reports one (code, details, status details in metadata).
 */
function inProcessClient(implementation: Record<string, Handler>): Client {
  const client: Client = { close: () => undefined };
  const service = provrpc.ResourceProviderService as Record<string, MethodDefinition>;
  for (const [name, method] of Object.entries(service)) {
    client[name] = (req: unknown, callback: Callback) => {
      const fail = (code: number, details: string, metadata?: unknown) =>
        callback(Object.assign(new Error(`${code} ${grpc.status[code] ?? "UNKNOWN"}: ${details}`), { code, details, metadata: metadata ?? new grpc.Metadata() }));
      const handler = implementation[name];
      if (!handler) {
        setImmediate(() => fail(grpc.status.UNIMPLEMENTED, `The server does not implement the method ${method.path}`));
        return;
      }
      let request: unknown;
      try {
        request = method.requestDeserialize(method.requestSerialize(req));
      } catch (err) {
        setImmediate(() => fail(grpc.status.INTERNAL, `Request message serialization failure: ${(err as Error).message}`));
        return;
      }
      try {
        handler({ request }, (err, resp) => {
          if (err) {
            const e = err as { code?: number; details?: string; message?: string; metadata?: unknown };
            fail(e.code ?? grpc.status.UNKNOWN, e.details ?? e.message ?? String(err), e.metadata);
            return;
          }
          let answer: unknown;
          try {
            answer = method.responseDeserialize(method.responseSerialize(resp));
          } catch (ser) {
            fail(grpc.status.INTERNAL, `Response message serialization failure: ${(ser as Error).message}`);
            return;
          }
          callback(null, answer);
        });
      } catch (err) {
        setImmediate(() => fail(grpc.status.UNKNOWN, `Server method handler threw error ${(err as Error).message}`));
      }
    };
  }
  return client;
}

/**
 * The engine's ProviderHost on an existing connection. ProviderHost's constructor spawns a plugin process and
 * reads its port; the plugin already serves in this process, so the host is built from its prototype with what its
 * calls use: the client (behind the crash switch), and no child process (`exited`, so `stop` only closes the
 * client, here a no-op: the connection is the server's, shared by every load).
 */
function hostOver(client: Record<string, unknown>, crash: CrashSwitch): ProviderHost {
  const guarded = new Proxy(client, {
    get(target, key) {
      if (key === "close") return () => undefined;
      const value = (target as Record<string | symbol, unknown>)[key];
      if (typeof value !== "function") return value;
      return (req: unknown, callback: (err: unknown, resp?: unknown) => void) => {
        if (crash.crashed) {
          callback({ code: clientGrpc.status.UNAVAILABLE, details: CRASHED_MESSAGE, message: CRASHED_MESSAGE });
          return;
        }
        return (value as (r: unknown, cb: unknown) => unknown).call(target, req, callback);
      };
    },
  });
  const host = Object.create(ProviderHost.prototype) as ProviderHost;
  Object.assign(host as object, {
    client: Promise.resolve(guarded),
    exited: true,
    child: { pid: undefined, exitCode: 0, signalCode: null },
    launch: { label: "networkflowmonitor (resource, in process)", interruptFirst: false },
  });
  return host;
}

