import * as assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { SignatureV4 } from "@smithy/signature-v4";
import { FaultPolicy } from "../../testing/emulator/faults";
import { canonicalPath, verifyRequest, type SignedRequest } from "../../testing/emulator/sigv4";

class NodeSha256 {
  private readonly hash;
  constructor(secret?: unknown) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", Buffer.from(secret as string));
  }
  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data) : data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

const config = { region: "us-east-1", service: "networkflowmonitor", accessKey: "AKIDEXAMPLE", secretKey: "secret/with+chars" };
const signedAt = new Date("2026-11-02T12:00:00Z");

/** Signs with Smithy's signer (not ours) and returns what our verifier sees on the wire. */
async function smithySigned(method: string, path: string, query: Record<string, string | string[]>, body: string, secret = config.secretKey): Promise<SignedRequest> {
  const signer = new SignatureV4({ service: config.service, region: config.region, credentials: { accessKeyId: config.accessKey, secretAccessKey: secret }, sha256: NodeSha256 });
  const signed = await signer.sign(
    { method, protocol: "http:", hostname: "127.0.0.1", port: 4000, path, query, headers: { host: "127.0.0.1:4000", "content-type": "application/json" }, body },
    { signingDate: signedAt },
  );
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const rawQuery = Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`))
    .join("&");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) headers[k.toLowerCase()] = v;
  return { method, rawPath: path, rawQuery, headers, body: Buffer.from(body) };
}

const now = signedAt.getTime() + 60_000;

describe("SigV4 verification", () => {
  it("accepts requests signed by Smithy's signer, including encoded ARNs and repeated query keys", async () => {
    const arn = encodeURIComponent("arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/m 1");
    const req = await smithySigned("DELETE", `/tags/${arn}`, { tagKeys: ["b", "a c"] }, "");
    assert.deepEqual(verifyRequest(req, config, now), { ok: true, accessKey: "AKIDEXAMPLE" });
  });

  it("accepts any signed path, query and body (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 10 })), fc.string({ maxLength: 80 }), async (label, query, body) => {
        const req = await smithySigned("POST", `/monitors/${encodeURIComponent(label)}`, query, body);
        assert.equal(verifyRequest(req, config, now).ok, true);
      }),
      { numRuns: 60 },
    );
  });

  it("rejects a wrong secret, a changed body, path or signed header", async () => {
    const mismatch = /signature we calculated does not match/;
    const wrongSecret = await smithySigned("POST", "/monitors", {}, "{}", "other");
    assert.match((verifyRequest(wrongSecret, config, now) as { message: string }).message, mismatch);
    const body = await smithySigned("POST", "/monitors", {}, "{}");
    body.body = Buffer.from('{"a":1}');
    assert.equal(verifyRequest(body, config, now).ok, false);
    const p = await smithySigned("GET", "/monitors/a", {}, "");
    p.rawPath = "/monitors/b";
    assert.match((verifyRequest(p, config, now) as { message: string }).message, mismatch);
    const h = await smithySigned("GET", "/monitors/a", {}, "");
    h.headers["content-type"] = "text/plain";
    assert.match((verifyRequest(h, config, now) as { message: string }).message, mismatch);
  });

  it("rejects a missing header, another service or Region, an unknown key and a stale date", async () => {
    const req = await smithySigned("GET", "/monitors", {}, "");
    assert.match((verifyRequest({ ...req, headers: {} }, config, now) as { message: string }).message, /Missing Authentication Token/);
    assert.match((verifyRequest(req, { ...config, region: "eu-west-1" }, now) as { message: string }).message, /region/);
    assert.match((verifyRequest(req, { ...config, service: "s3" }, now) as { message: string }).message, /service/);
    assert.match((verifyRequest(req, { ...config, accessKey: "OTHER" }, now) as { message: string }).message, /security token/);
    assert.match((verifyRequest(req, config, signedAt.getTime() + 16 * 60_000) as { message: string }).message, /expired/);
    // Without credentials configured only the scope is checked.
    assert.equal(verifyRequest(req, { region: "us-east-1", service: "networkflowmonitor" }, 0).ok, true);
  });

  it("double-encodes path segments as AWS does for non-S3 services", () => {
    assert.equal(canonicalPath("/tags/arn%3Aaws%3Ax%2Fy"), "/tags/arn%253Aaws%253Ax%252Fy");
    assert.equal(canonicalPath("/monitors/./a/../b"), "/monitors/b");
  });
});

describe("fault policy", () => {
  it("throttles exactly every Nth request", () => {
    const p = new FaultPolicy({ throttleEvery: 3 });
    const kinds = Array.from({ length: 9 }, () => p.next().kind);
    assert.deepEqual(kinds, ["none", "none", "throttle", "none", "none", "throttle", "none", "none", "throttle"]);
  });

  it("fails every request at error rate 1.0 and none at 0", () => {
    const always = new FaultPolicy({ errorRate: 1 });
    const never = new FaultPolicy({ errorRate: 0 });
    for (let i = 0; i < 50; i++) {
      assert.equal(always.next().kind, "error");
      assert.equal(never.next().kind, "none");
    }
  });

  it("repeats the same decisions for the same seed, and roughly honours the rate", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (seed, rate) => {
        const a = new FaultPolicy({ seed, throttleRate: rate });
        const b = new FaultPolicy({ seed, throttleRate: rate });
        const da = Array.from({ length: 400 }, () => a.next().kind);
        const db = Array.from({ length: 400 }, () => b.next().kind);
        assert.deepEqual(da, db);
        const share = da.filter((k) => k === "throttle").length / 400;
        assert.ok(Math.abs(share - rate) < 0.15, `rate ${rate} gave ${share}`);
      }),
      { numRuns: 30 },
    );
  });

  it("rejects bad settings, naming the field", () => {
    assert.throws(() => new FaultPolicy().update({ errorRate: 2 }), /errorRate must be a number from 0 to 1/);
    assert.throws(() => new FaultPolicy().update({ throttleEvery: -1 }), /throttleEvery must be a whole number/);
  });
});
