// The engine's own gRPC server, as pkg/resource/deploy/source_eval.go (`resmon`) and pkg/resource/plugin host
// server serve them (v3.248.0): `pulumirpc.ResourceMonitor` (what a plugin's Construct registers its children on: its
// `monitorEndpoint`) and `pulumirpc.Engine` (logging and the root resource). Its address is also the engine address a
// resource plugin gets as its last argument. Every registration arriving here goes through the same deployment as
// the program's (step generation, steps, state).
import type { RegisterRequest, Reply } from "./protocol";
import { registrationOf } from "./registration";

const grpc = require("@grpc/grpc-js");
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const enginerpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineproto = require("@pulumi/pulumi/proto/engine_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

type Props = Record<string, unknown>;
type Answer = Omit<Reply, "kind" | "reqId">;

/** What the monitor needs from the deployment. */
export interface MonitorTarget {
  register(req: Omit<RegisterRequest, "kind" | "reqId">): Promise<Answer>;
  invoke(token: string, inputs: Props, provider?: string): Promise<Answer>;
  registerOutputs(urn: string, outputs: Props): void;
  stackUrn(): string;
  log(severity: string, urn: string, message: string): void;
}

/**
 * `supportsFeatureID`: what this monitor supports. `outputValues` is off (source_eval.go's
 * `DisableOutputValues` option), so a plugin's SDK sends plain, unknown or secret values, as the program's runner
 * does; transforms and hooks are not implemented here.
 */
export const MONITOR_FEATURES: ReadonlySet<string> = new Set(["secrets", "resourceReferences", "aliasSpecs", "deletedWith"]);

export class ResourceMonitorServer {
  private constructor(
    private readonly server: any,
    readonly address: string,
  ) {}

  static async start(target: MonitorTarget): Promise<ResourceMonitorServer> {
    const server = new grpc.Server();
    const unary =
      (handler: (req: any) => Promise<any> | any) =>
      (call: any, callback: (err: any, resp?: any) => void) => {
        Promise.resolve()
          .then(() => handler(call.request))
          .then(
            (resp) => callback(null, resp),
            (err) => callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
          );
      };
    const unimplemented = (call: any, callback: (err: any) => void) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${call.call?.handler?.path ?? "method"} is not implemented by this engine` });

    server.addService(resrpc.ResourceMonitorService, {
      supportsFeature: unary((req) => {
        const resp = new resproto.SupportsFeatureResponse();
        resp.setHassupport(MONITOR_FEATURES.has(req.getId()));
        return resp;
      }),
      registerResource: unary(async (req) => {
        const answer = await target.register(registrationOf(req) as any);
        if (answer.error !== undefined) throw new Error(answer.error);
        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(answer.urn ?? "");
        resp.setId(answer.id ?? "");
        resp.setObject(structproto.Struct.fromJavaScript(answer.state ?? {}));
        return resp;
      }),
      readResource: unary(async (req) => {
        const answer = await target.register({
          type: req.getType(),
          name: req.getName(),
          custom: true,
          parent: req.getParent() || undefined,
          inputs: req.getProperties()?.toJavaScript() ?? {},
          dependencies: req.getDependenciesList(),
          readId: req.getId(),
          ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        });
        if (answer.error !== undefined) throw new Error(answer.error);
        const resp = new resproto.ReadResourceResponse();
        resp.setUrn(answer.urn ?? "");
        resp.setProperties(structproto.Struct.fromJavaScript(answer.state ?? {}));
        return resp;
      }),
      registerResourceOutputs: unary((req) => {
        target.registerOutputs(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        return new emptyproto.Empty();
      }),
      invoke: unary(async (req) => {
        const answer = await target.invoke(req.getTok(), req.getArgs()?.toJavaScript() ?? {}, req.getProvider() || undefined);
        const resp = new provproto.InvokeResponse();
        if (answer.error !== undefined) {
          const failure = new provproto.CheckFailure();
          failure.setReason(answer.error);
          resp.setFailuresList([failure]);
        } else {
          resp.setReturn(structproto.Struct.fromJavaScript(answer.state ?? {}));
        }
        return resp;
      }),
      registerPackage: unimplemented,
      call: unimplemented,
      registerStackTransform: unimplemented,
      registerStackInvokeTransform: unimplemented,
      registerResourceHook: unimplemented,
      registerErrorHook: unimplemented,
      getDeploymentInfo: unimplemented,
      signalAndWaitForShutdown: unary(() => new emptyproto.Empty()),
    });
    server.addService(enginerpc.EngineService, {
      log: unary((req) => {
        const severities = ["debug", "info", "warning", "error"];
        target.log(severities[req.getSeverity()] ?? "info", req.getUrn(), req.getMessage());
        return new emptyproto.Empty();
      }),
      getRootResource: unary(() => {
        const resp = new engineproto.GetRootResourceResponse();
        resp.setUrn(target.stackUrn());
        return resp;
      }),
      setRootResource: unary(() => new engineproto.SetRootResourceResponse()),
      requirePulumiVersion: unary(() => new engineproto.RequirePulumiVersionResponse()),
      startDebugging: unary(() => new emptyproto.Empty()),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) =>
        err ? reject(err) : resolve(p),
      ),
    );
    return new ResourceMonitorServer(server, `127.0.0.1:${port}`);
  }

  /** Stops serving (open calls are cut). */
  stop(): void {
    this.server.forceShutdown();
  }
}

