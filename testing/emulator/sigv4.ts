// AWS Signature Version 4 checks for incoming requests, with node:crypto only. Pure: the
// caller passes the request parts and the current time.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SignedRequest {
  method: string;
  /** The path exactly as received (still percent-encoded). */
  rawPath: string;
  /** The query string as received, without `?`. */
  rawQuery: string;
  /** Lower-case header names; repeated headers as arrays. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface AuthConfig {
  region: string;
  service: string;
  /** When both are set, signatures are verified; otherwise only the scope is checked. */
  accessKey?: string;
  secretKey?: string;
  /** Allowed clock skew; AWS allows 15 minutes. */
  maxSkewMs?: number;
}

export type AuthResult = { ok: true; accessKey: string } | { ok: false; message: string };

interface ParsedAuthorization {
  accessKey: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const part of header.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const credential = fields.Credential?.split("/");
  if (!credential || credential.length !== 5 || credential[4] !== "aws4_request") return undefined;
  if (!fields.SignedHeaders || !fields.Signature) return undefined;
  return {
    accessKey: credential[0],
    date: credential[1],
    region: credential[2],
    service: credential[3],
    signedHeaders: fields.SignedHeaders.split(";"),
    signature: fields.Signature,
  };
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Canonical URI for non-S3 services: segments normalized, then each encoded once more. */
export function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `/${segments.join("/")}${segments.length > 0 && rawPath.endsWith("/") ? "/" : ""}`;
  return normalized.split("/").map(uriEscape).join("/");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, "%20"));
  } catch {
    return text;
  }
}

export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const eq = p.indexOf("=");
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? "" : p.slice(eq + 1);
      return [uriEscape(safeDecode(key)), uriEscape(safeDecode(value))] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function headerValue(headers: SignedRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).map((x) => x.trim().replace(/\s+/g, " ")).join(",");
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

export function canonicalRequest(req: SignedRequest, signedHeaders: string[], payloadHash: string): string {
  const headerLines = signedHeaders.map((h) => `${h}:${headerValue(req.headers, h) ?? ""}\n`).join("");
  return [req.method, canonicalPath(req.rawPath), canonicalQuery(req.rawQuery), headerLines, signedHeaders.join(";"), payloadHash].join("\n");
}

export function signingKey(secretKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretKey}`, date), region), service), "aws4_request");
}

/** `20261102T120000Z` → epoch ms, or undefined when malformed. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Checks a request's SigV4 Authorization header; `nowMs` is the real time. */
export function verifyRequest(req: SignedRequest, config: AuthConfig, nowMs: number): AuthResult {
  const header = headerValue(req.headers, "authorization");
  if (!header) return { ok: false, message: "Missing Authentication Token" };
  const auth = parseAuthorization(header);
  if (!auth) return { ok: false, message: `Authorization header requires '${ALGORITHM}' with Credential, SignedHeaders and Signature.` };
  if (auth.service !== config.service) {
    return { ok: false, message: `Credential should be scoped to correct service: '${config.service}'.` };
  }
  if (auth.region !== config.region) {
    return { ok: false, message: `Credential should be scoped to a valid region, not '${auth.region}'. This endpoint serves '${config.region}'.` };
  }
  if (config.accessKey === undefined || config.secretKey === undefined) return { ok: true, accessKey: auth.accessKey };

  if (auth.accessKey !== config.accessKey) return { ok: false, message: "The security token included in the request is invalid." };
  const amzDate = headerValue(req.headers, "x-amz-date");
  if (!amzDate) return { ok: false, message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return { ok: false, message: `Invalid X-Amz-Date '${amzDate}'.` };
  const skew = config.maxSkewMs ?? 15 * 60 * 1000;
  if (Math.abs(nowMs - signedAt) > skew) {
    return { ok: false, message: `Signature expired: ${amzDate} is outside the allowed ${Math.round(skew / 60000)} minutes of the server's time.` };
  }
  if (amzDate.slice(0, 8) !== auth.date) return { ok: false, message: "Credential date does not match X-Amz-Date." };
  if (!auth.signedHeaders.includes("host")) return { ok: false, message: "'Host' must be a signed header." };
  for (const h of auth.signedHeaders) {
    if (headerValue(req.headers, h) === undefined) return { ok: false, message: `Signed header '${h}' is missing from the request.` };
  }

  const bodyHash = sha256Hex(req.body);
  const declared = headerValue(req.headers, "x-amz-content-sha256");
  if (declared !== undefined && declared !== "UNSIGNED-PAYLOAD" && declared !== bodyHash) {
    return { ok: false, message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  }
  const payloadHash = declared ?? bodyHash;
  const canonical = canonicalRequest(req, auth.signedHeaders, payloadHash);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join("\n");
  const expected = createHmac("sha256", signingKey(config.secretKey, auth.date, auth.region, auth.service)).update(stringToSign, "utf8").digest("hex");
  const given = Buffer.from(auth.signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, "utf8"))) {
    return {
      ok: false,
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    };
  }
  return { ok: true, accessKey: auth.accessKey };
}
