// A local HTTP server that records what the client puts on the wire and answers from a script.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { NetworkFlowMonitorClient, type NetworkFlowMonitorClientConfig } from "../../provider/client";

export interface CapturedRequest {
  method: string;
  /** The raw path, still percent-encoded, without the query string. */
  rawPath: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export const TEST_CREDENTIALS = { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret-key" };

/** An AWS error reply as the service sends it: x-amzn-errortype plus a JSON body with `message`. */
export function errorReply(status: number, errorType: string, message: string): Reply {
  return { status, headers: { "x-amzn-errortype": errorType }, body: { message } };
}

export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  private readonly queue: (Reply | ((req: CapturedRequest) => Reply))[] = [];
  /** Answer used when the queue is empty. */
  fallback: Reply | ((req: CapturedRequest) => Reply) = { status: 200, body: {} };

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<CaptureServer> {
    const server = http.createServer();
    const capture = new CaptureServer(server);
    server.on("request", (req, res) => capture.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return capture;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues replies for the next requests, in order. */
  reply(...replies: (Reply | ((req: CapturedRequest) => Reply))[]): void {
    this.queue.push(...replies);
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.fallback = { status: 200, body: {} };
  }

  get last(): CapturedRequest {
    const req = this.requests[this.requests.length - 1];
    if (!req) throw new Error("the capture server has received no request");
    return req;
  }

  /** A client pointed at this server with test credentials. */
  client(config: NetworkFlowMonitorClientConfig = {}): NetworkFlowMonitorClient {
    return new NetworkFlowMonitorClient({ region: "us-west-2", endpoint: this.endpoint, credentials: TEST_CREDENTIALS, ...config });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const captured: CapturedRequest = {
        method: req.method ?? "",
        rawPath: q === -1 ? url : url.slice(0, q),
        query: new URLSearchParams(q === -1 ? "" : url.slice(q + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      this.requests.push(captured);
      const next = this.queue.shift() ?? this.fallback;
      const reply = typeof next === "function" ? next(captured) : next;
      const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    });
  }
}

/** Runs `fn` with these environment variables set (undefined = unset), restoring the previous values after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** Environment variables that would redirect the client; tests that rely on defaults clear them. */
export const ENDPOINT_ENV_UNSET: Record<string, undefined> = {
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: undefined,
  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: undefined,
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: undefined,
  AWS_USE_FIPS_ENDPOINT: undefined,
};
