// Test helpers: raw HTTP calls to the emulator, signed with Smithy's SigV4 signer (not ours).
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import * as path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** node:crypto behind the Checksum interface Smithy's signer wants. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", Buffer.from(secret as string));
  }
  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error("not needed");
  }
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text; wins over body. */
  rawBody?: string | Buffer;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** Sign (default) or send without Authorization. */
  sign?: boolean;
  accessKey?: string;
  secretKey?: string;
  region?: string;
  service?: string;
  /** Change the request after signing (to break the signature). */
  tamper?: (req: { path: string; headers: Record<string, string>; body: Buffer }) => void;
  signingDate?: Date;
}

export interface CallResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Percent-encodes one URI label the way AWS SDKs do (`/` and `:` included). */
export const label = escape;

export async function call(endpoint: string, method: string, encodedPath: string, opts: CallOptions = {}): Promise<CallResult> {
  const url = new URL(endpoint);
  const body = opts.rawBody !== undefined ? Buffer.from(opts.rawBody) : opts.body !== undefined ? Buffer.from(JSON.stringify(opts.body)) : Buffer.alloc(0);
  const headers: Record<string, string> = { host: url.host, ...(body.length > 0 && opts.rawBody === undefined ? { "content-type": "application/json" } : {}), ...opts.headers };
  const query = opts.query ?? {};
  if (opts.sign !== false) {
    const signer = new SignatureV4({
      service: opts.service ?? "networkflowmonitor",
      region: opts.region ?? "us-east-1",
      credentials: { accessKeyId: opts.accessKey ?? "test", secretAccessKey: opts.secretKey ?? "test" },
      sha256: NodeSha256,
    });
    const signed = await signer.sign(
      { method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: encodedPath, query, headers, body },
      opts.signingDate ? { signingDate: opts.signingDate } : {},
    );
    Object.assign(headers, signed.headers);
  }
  const req = { path: encodedPath, headers, body };
  opts.tamper?.(req);
  const qs = Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${escape(k)}=${escape(x)}`))
    .join("&");
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: url.hostname, port: url.port, method, path: req.path + (qs ? `?${qs}` : ""), headers: { ...req.headers, "content-length": String(req.body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

export const vpcArn = (region = "us-east-1", account = "123456789012", id = "0123456789abcdef0") => `arn:aws:ec2:${region}:${account}:vpc/vpc-${id}`;
export const subnetArn = (region = "us-east-1", account = "123456789012", id = "0123456789abcdef0") => `arn:aws:ec2:${region}:${account}:subnet/subnet-${id}`;

export const accountTarget = (account = "123456789012", region = "us-east-1") => ({
  targetIdentifier: { targetId: { accountId: account }, targetType: "ACCOUNT" },
  region,
});

/** Creates the account's scope and returns its ARN and id. */
export async function createScope(endpoint: string, opts: CallOptions = {}): Promise<{ scopeArn: string; scopeId: string }> {
  const r = await call(endpoint, "POST", "/scopes", { ...opts, body: { targets: [accountTarget()] } });
  if (r.status !== 200) throw new Error(`CreateScope answered ${r.status}: ${r.text}`);
  return { scopeArn: r.json.scopeArn, scopeId: r.json.scopeId };
}

export function monitorBody(name: string, scopeArn: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { monitorName: name, localResources: [{ type: "AWS::EC2::VPC", identifier: vpcArn() }], scopeArn, ...extra };
}
