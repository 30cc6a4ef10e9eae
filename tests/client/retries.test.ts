// The standard retry strategy: throttling and 5xx are retried (3 attempts by default), other 4xx are not.
import * as assert from "node:assert/strict";
import { ConflictException, CreateMonitorCommand, GetMonitorCommand, NetworkFlowMonitorServiceException, ValidationException } from "../../provider/client";
import { CaptureServer, errorReply } from "./captureServer";

const MONITOR = {
  monitorArn: "arn:aws:networkflowmonitor:us-west-2:123456789012:monitor/web",
  monitorName: "web",
  monitorStatus: "ACTIVE",
  localResources: [],
  remoteResources: [],
  createdAt: 1700000000,
  modifiedAt: 1700000000,
};

describe("client retries", () => {
  let server: CaptureServer;
  before(async () => { server = await CaptureServer.start(); });
  after(async () => { await server.close(); });
  beforeEach(() => server.reset());

  async function get(config = {}) {
    const client = server.client(config);
    try {
      return await client.send(new GetMonitorCommand({ monitorName: "web" }));
    } finally {
      client.destroy();
    }
  }

  it("retries 429 ThrottlingException and succeeds", async () => {
    server.reply(errorReply(429, "ThrottlingException", "slow down"), errorReply(429, "ThrottlingException", "slow down"), { body: MONITOR });
    const out = await get();
    assert.equal(server.requests.length, 3);
    assert.equal(out.$metadata.attempts, 3);
    assert.equal(out.monitorName, "web");
  });

  it("retries 503 without an error type and 500 InternalServerException, then succeeds", async () => {
    server.reply({ status: 503, body: {} }, errorReply(500, "InternalServerException", "oops"), { body: MONITOR });
    const out = await get();
    assert.equal(server.requests.length, 3);
    assert.equal(out.$metadata.attempts, 3);
  });

  it("gives up after 3 attempts by default and throws the last error", async () => {
    server.fallback = errorReply(500, "InternalServerException", "still broken");
    await assert.rejects(get(), (e: any) => {
      assert.equal(e.name, "InternalServerException");
      assert.equal(e.$metadata.attempts, 3);
      return true;
    });
    assert.equal(server.requests.length, 3);
  });

  it("honours maxAttempts", async () => {
    server.fallback = { status: 503, body: {} };
    await assert.rejects(get({ maxAttempts: 2 }), NetworkFlowMonitorServiceException);
    assert.equal(server.requests.length, 2);
  });

  it("does not retry 409 ConflictException", async () => {
    server.reply(errorReply(409, "ConflictException", "busy"), { body: MONITOR });
    await assert.rejects(get(), ConflictException);
    assert.equal(server.requests.length, 1);
  });

  it("does not retry 400 ValidationException", async () => {
    server.reply(errorReply(400, "ValidationException", "bad name"), { body: MONITOR });
    await assert.rejects(get(), ValidationException);
    assert.equal(server.requests.length, 1);
  });

  it("sends the same clientToken on every attempt, so a retried create stays idempotent", async () => {
    server.reply({ status: 503, body: {} }, { body: MONITOR });
    const client = server.client();
    try {
      await client.send(new CreateMonitorCommand({
        monitorName: "web", localResources: [{ type: "AWS::EC2::VPC", identifier: "vpc-1" }], scopeArn: "arn:aws:networkflowmonitor:us-west-2:123456789012:scope/s",
      }));
    } finally {
      client.destroy();
    }
    const tokens = server.requests.map((r) => JSON.parse(r.body).clientToken);
    assert.equal(tokens.length, 2);
    assert.equal(tokens[0], tokens[1]);
  });
});
