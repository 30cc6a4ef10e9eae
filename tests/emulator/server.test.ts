import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { startEmulator, type RunningEmulator } from "../../testing";
import { accountTarget, call, createScope, label, monitorBody, subnetArn, vpcArn } from "./helpers";

describe("emulator over HTTP", () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it("listens on 127.0.0.1 with the defaults", () => {
    assert.match(emu.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emu.region, "us-east-1");
    assert.equal(emu.account, "123456789012");
  });

  it("answers in the model's wire format: epoch-second timestamps, request id, errors with x-amzn-errortype", async () => {
    const { scopeArn } = await createScope(emu.endpoint);
    const created = await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("m1", scopeArn) });
    assert.equal(created.status, 200);
    assert.equal(typeof created.json.createdAt, "number");
    assert.ok(Math.abs(created.json.createdAt - Date.now() / 1000) < 60);
    assert.ok(created.headers["x-amzn-requestid"]);
    const missing = await call(emu.endpoint, "GET", "/monitors/nope");
    assert.equal(missing.status, 404);
    assert.equal(missing.headers["x-amzn-errortype"], "ResourceNotFoundException");
    assert.deepEqual(Object.keys(missing.json), ["message"]);
  });

  it("tags through the percent-encoded ARN path and lists them back", async () => {
    const { scopeArn } = await createScope(emu.endpoint);
    const m = await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("m1", scopeArn) });
    const arnPath = `/tags/${label(m.json.monitorArn)}`;
    assert.equal((await call(emu.endpoint, "POST", arnPath, { body: { tags: { a: "1", b: "2" } } })).status, 200);
    assert.equal((await call(emu.endpoint, "DELETE", arnPath, { query: { tagKeys: ["a"] } })).status, 200);
    assert.deepEqual((await call(emu.endpoint, "GET", arnPath)).json, { tags: { b: "2" } });
  });

  it("paginates ListMonitors through maxResults and nextToken query parameters", async () => {
    const { scopeArn } = await createScope(emu.endpoint);
    for (const n of ["a", "b", "c"]) await call(emu.endpoint, "POST", "/monitors", { body: monitorBody(n, scopeArn) });
    const first = await call(emu.endpoint, "GET", "/monitors", { query: { maxResults: "2" } });
    assert.equal(first.json.monitors.length, 2);
    const second = await call(emu.endpoint, "GET", "/monitors", { query: { maxResults: "2", nextToken: first.json.nextToken } });
    assert.deepEqual(second.json.monitors.map((m: { monitorName: string }) => m.monitorName), ["c"]);
    assert.equal(second.json.nextToken, undefined);
  });

  it("logs every service request with operation, status and error", async () => {
    await call(emu.endpoint, "GET", "/monitors");
    await call(emu.endpoint, "GET", "/monitors/nope");
    const log = emu.requests();
    assert.deepEqual(
      log.map((r) => [r.operation, r.method, r.path, r.status, r.errorName]),
      [
        ["ListMonitors", "GET", "/monitors", 200, undefined],
        ["GetMonitor", "GET", "/monitors/nope", 404, "ResourceNotFoundException"],
      ],
    );
    const viaHttp = (await fetch(`${emu.endpoint}/__emulator/requests?clear=true`).then((r) => r.json())) as { requests: unknown[] };
    assert.equal(viaHttp.requests.length, 2);
    assert.equal(emu.requests().length, 0, "clear=true empties the log; control calls are not logged");
  });

  describe("auth", () => {
    it("denies a request with no Authorization header", async () => {
      const r = await call(emu.endpoint, "GET", "/monitors", { sign: false });
      assert.equal(r.status, 403);
      assert.equal(r.headers["x-amzn-errortype"], "AccessDeniedException");
    });

    it("denies a signature scoped to another Region or service", async () => {
      assert.match((await call(emu.endpoint, "GET", "/monitors", { region: "eu-west-1" })).json.message, /region/);
      assert.match((await call(emu.endpoint, "GET", "/monitors", { service: "ec2" })).json.message, /service/);
    });

    it("verifies signatures when credentials are configured", async () => {
      const strict = await startEmulator({ accessKey: "AKIDTEST", secretKey: "s3cret" });
      try {
        const good = await call(strict.endpoint, "GET", "/monitors", { accessKey: "AKIDTEST", secretKey: "s3cret", query: { maxResults: "5" } });
        assert.equal(good.status, 200);
        const bad = await call(strict.endpoint, "GET", "/monitors", { accessKey: "AKIDTEST", secretKey: "wrong" });
        assert.equal(bad.status, 403);
        assert.match(bad.json.message, /The request signature we calculated does not match/);
        const tampered = await call(strict.endpoint, "POST", "/scopes", {
          accessKey: "AKIDTEST",
          secretKey: "s3cret",
          body: { targets: [accountTarget()] },
          tamper: (req) => {
            req.body = Buffer.from(JSON.stringify({ targets: [accountTarget(), accountTarget("123456789012", "eu-west-1")] }));
          },
        });
        assert.equal(tampered.status, 403);
        const stale = await call(strict.endpoint, "GET", "/monitors", { accessKey: "AKIDTEST", secretKey: "s3cret", signingDate: new Date(Date.now() - 20 * 60_000) });
        assert.equal(stale.status, 403);
      } finally {
        await strict.stop();
      }
    });
  });

  describe("faults", () => {
    it("throttles every Nth service request but never the control API", async () => {
      emu.control.setFaults({ throttleEvery: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await call(emu.endpoint, "GET", "/monitors")).status);
        assert.equal((await fetch(`${emu.endpoint}/__emulator/health`)).status, 200);
      }
      assert.deepEqual(statuses, [200, 429, 200, 429]);
      assert.equal(emu.requests()[1].errorName, "ThrottlingException");
    });

    it("answers InternalServerException at error rate 1.0, set through the control API", async () => {
      const put = await fetch(`${emu.endpoint}/__emulator/faults`, { method: "PUT", body: JSON.stringify({ errorRate: 1 }) });
      assert.equal(put.status, 200);
      const r = await call(emu.endpoint, "GET", "/scopes");
      assert.equal(r.status, 500);
      assert.equal(r.headers["x-amzn-errortype"], "InternalServerException");
      const badFault = await fetch(`${emu.endpoint}/__emulator/faults`, { method: "PUT", body: JSON.stringify({ errorRate: 3 }) });
      assert.equal(badFault.status, 400);
      assert.match(((await badFault.json()) as { message: string }).message, /errorRate/);
    });

    it("adds latency to service answers", async () => {
      emu.control.setFaults({ latencyMs: 150 });
      const started = process.hrtime.bigint();
      await call(emu.endpoint, "GET", "/monitors");
      // A lower bound only: the answer cannot come before the injected delay.
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 >= 140);
    });

    it("ends named monitors in ERROR", async () => {
      emu.control.setFaults({ errorMonitors: ["doomed"] });
      const { scopeArn } = await createScope(emu.endpoint);
      await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("doomed", scopeArn) });
      assert.equal((await call(emu.endpoint, "GET", "/monitors/doomed")).json.monitorStatus, "ERROR");
    });
  });

  describe("control API drift", () => {
    it("deletes a monitor, changes its tags, resources and status out of band", async () => {
      const { scopeArn } = await createScope(emu.endpoint);
      await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("m1", scopeArn, { tags: { a: "1" } }) });
      const ctl = (method: string, p: string, body?: unknown) => fetch(`${emu.endpoint}/__emulator${p}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      assert.equal((await ctl("PUT", "/monitors/m1/tags", { tags: { drift: "1" } })).status, 200);
      assert.equal((await ctl("PUT", "/monitors/m1/resources", { localResources: [{ type: "AWS::EC2::Subnet", identifier: subnetArn() }] })).status, 200);
      assert.equal((await ctl("PUT", "/monitors/m1/status", { status: "INACTIVE" })).status, 200);
      assert.equal((await ctl("PUT", "/monitors/m1/status", { status: "BROKEN" })).status, 400);
      const got = await call(emu.endpoint, "GET", "/monitors/m1");
      assert.deepEqual(got.json.tags, { drift: "1" });
      assert.equal(got.json.localResources[0].type, "AWS::EC2::Subnet");
      assert.equal(got.json.monitorStatus, "INACTIVE");
      assert.equal((await ctl("DELETE", "/monitors/m1")).status, 200);
      assert.equal((await ctl("DELETE", "/monitors/m1")).status, 404);
      assert.equal((await call(emu.endpoint, "GET", "/monitors/m1")).status, 404);
    });

    it("advances the lifecycle clock and resets state", async () => {
      await emu.stop();
      emu = await startEmulator({ activeAfterMs: 60_000 });
      const { scopeArn } = await createScope(emu.endpoint);
      emu.control.advanceClock(60_000);
      await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("m1", scopeArn) });
      assert.equal((await call(emu.endpoint, "GET", "/monitors/m1")).json.monitorStatus, "PENDING");
      await fetch(`${emu.endpoint}/__emulator/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 60_000 }) });
      assert.equal((await call(emu.endpoint, "GET", "/monitors/m1")).json.monitorStatus, "ACTIVE");
      await fetch(`${emu.endpoint}/__emulator/reset`, { method: "POST" });
      assert.deepEqual((await call(emu.endpoint, "GET", "/scopes")).json.scopes, []);
    });
  });

  describe("bad requests get AWS-style errors, never a crash", () => {
    it("malformed JSON, non-object bodies and wrong content types are ValidationException", async () => {
      const malformed = await call(emu.endpoint, "POST", "/monitors", { rawBody: "{not json", headers: { "content-type": "application/json" } });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.headers["x-amzn-errortype"], "ValidationException");
      assert.match(malformed.json.message, /parse/);
      const array = await call(emu.endpoint, "POST", "/monitors", { rawBody: "[]", headers: { "content-type": "application/json" } });
      assert.equal(array.status, 400);
      const xml = await call(emu.endpoint, "POST", "/scopes", { rawBody: "<x/>", headers: { "content-type": "text/xml" } });
      assert.equal(xml.status, 400);
      assert.match(xml.json.message, /content type/);
    });

    it("a body over 1 MiB is a ValidationException", async () => {
      const huge = await call(emu.endpoint, "POST", "/scopes", { body: { targets: [accountTarget()], pad: "x".repeat(1024 * 1024 + 10) } });
      assert.equal(huge.status, 400);
      assert.match(huge.json.message, /exceeds/);
    });

    it("unknown paths, wrong methods and HEAD are 404 ResourceNotFoundException", async () => {
      for (const [method, p] of [
        ["GET", "/nope"],
        ["PUT", "/monitors/x"],
        ["HEAD", "/monitors"],
      ]) {
        const r = await call(emu.endpoint, method, p);
        assert.equal(r.status, 404, `${method} ${p}`);
        assert.equal(r.headers["x-amzn-errortype"], "ResourceNotFoundException");
      }
    });

    it("takes unicode in names and tags and rejects it where the pattern does", async () => {
      const { scopeArn } = await createScope(emu.endpoint);
      const r = await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("ünïcode", scopeArn) });
      assert.equal(r.status, 400);
      assert.match(r.json.message, /ünïcode/);
      const ok = await call(emu.endpoint, "POST", "/monitors", { body: monitorBody("u1", scopeArn, { tags: { "clé": "值 🚀" } }) });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json.tags, { "clé": "值 🚀" });
    });

    it("every error is one the operation models, and nothing answers 500 on its own (fuzz)", async () => {
      await emu.stop();
      emu = await startEmulator({ limits: { maxMonitors: 3, maxTags: 3 } });
      const { scopeArn } = await createScope(emu.endpoint);
      const ops = Object.values(serviceModel.operations);
      const jsonish = fc.oneof(
        fc.constant(undefined),
        fc.record({
          monitorName: fc.oneof(fc.constantFrom("m1", "m2", "bad name"), fc.string()),
          localResources: fc.oneof(
            fc.constant([{ type: "AWS::EC2::VPC", identifier: vpcArn() }]),
            fc.array(fc.record({ type: fc.constantFrom("AWS::EC2::VPC", "AWS::Region", "X"), identifier: fc.constantFrom(vpcArn(), "us-east-1", "eu-west-1", "") })),
            fc.anything(),
          ),
          scopeArn: fc.oneof(fc.constant(scopeArn), fc.string()),
          tags: fc.oneof(fc.dictionary(fc.string(), fc.string(), { maxKeys: 5 }), fc.anything()),
          clientToken: fc.oneof(fc.uuid().map((u) => u.toLowerCase()), fc.string()),
          targets: fc.oneof(fc.constant([accountTarget()]), fc.anything()),
          localResourcesToAdd: fc.anything(),
          remoteResourcesToRemove: fc.array(fc.record({ type: fc.constant("AWS::AWSService"), identifier: fc.constantFrom("S3", "EC2") })),
          resourcesToAdd: fc.anything(),
        }, { requiredKeys: [] }),
        fc.anything(),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ops), fc.constantFrom("m1", "m2", "a%2Fb", "%E0%A4%A", scopeArn, "x".repeat(300)), jsonish, fc.dictionary(fc.constantFrom("maxResults", "nextToken", "monitorStatus", "tagKeys"), fc.string()), async (op, lbl, body, query) => {
          const p = op.http.requestUri.replace(/\{[^}]+\}/g, lbl.includes("%") ? lbl : label(lbl));
          const r = await call(emu.endpoint, op.http.method, p, { rawBody: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" }, query });
          if (r.status === 200) return;
          const errorName = r.headers["x-amzn-errortype"] as string;
          assert.ok(op.errors.map((e) => e.shape).includes(errorName), `${op.name} answered ${errorName}: ${r.text}`);
          assert.notEqual(r.status, 500, `${op.name} answered 500: ${r.text}`);
          assert.equal(typeof r.json.message, "string");
        }),
        { numRuns: 250 },
      );
      for (const entry of emu.requests()) {
        if (entry.errorName && entry.operation) assert.ok(serviceModel.operations[entry.operation].errors.some((e) => e.shape === entry.errorName));
      }
    });
  });
});

describe("emulator state file", () => {
  it("keeps monitors, scopes and tags across a restart, written atomically", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-emulator-"));
    const stateFile = path.join(dir, "state.json");
    try {
      const first = await startEmulator({ stateFile });
      const { scopeArn } = await createScope(first.endpoint);
      await call(first.endpoint, "POST", "/monitors", { body: monitorBody("kept", scopeArn, { tags: { a: "b" } }) });
      await first.stop();
      assert.deepEqual(fs.readdirSync(dir), ["state.json"], "no temp files left behind");
      const second = await startEmulator({ stateFile });
      try {
        const got = await call(second.endpoint, "GET", "/monitors/kept");
        assert.equal(got.status, 200);
        assert.deepEqual(got.json.tags, { a: "b" });
        assert.equal((await call(second.endpoint, "GET", "/scopes")).json.scopes[0].scopeArn, scopeArn);
      } finally {
        await second.stop();
      }
      fs.writeFileSync(stateFile, "{oops");
      await assert.rejects(startEmulator({ stateFile }), /state file .* is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
