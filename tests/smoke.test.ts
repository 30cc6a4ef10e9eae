import * as assert from "node:assert/strict";
import { serviceModel } from "../provider/client/generated/serviceModel";

describe("generated service model", () => {
  it("holds CreateMonitor as the official model binds it", () => {
    const op = serviceModel.operations.CreateMonitor;
    assert.equal(op.http.method, "POST");
    assert.equal(op.http.requestUri, "/monitors");
    assert.deepEqual(serviceModel.shapes.CreateMonitorInput.required, ["monitorName", "localResources", "scopeArn"]);
  });
});

// package.json takes the AWS SDK runtime with caret ranges (so npm shares one copy with the project's other AWS SDK
// packages); package-lock.json pins what this suite tests. These pin the runtime behaviour the provider relies on
// beyond the client itself (tests/client/*), so a release that changes it fails here, not in a user's `pulumi up`.
describe("AWS SDK runtime the provider relies on", () => {
  it("retry strategies get the failed call's error, and a refused connection ends the retries at once", async () => {
    const { fastFailRetryStrategy } = require("../provider/failures") as typeof import("../provider/failures");
    const strategy = fastFailRetryStrategy(10) as {
      acquireInitialRetryToken(scope: string): Promise<unknown>;
      refreshRetryTokenForRetry(token: unknown, info: { errorType: string; error: unknown }): Promise<{ getRetryCount(): number }>;
    };
    const token = await strategy.acquireInitialRetryToken("scope");
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    assert.equal((await strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT", error: reset })).getRetryCount(), 1);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await assert.rejects(strategy.refreshRetryTokenForRetry(token, { errorType: "TRANSIENT", error: refused }), refused);
  });

  it("the STS client that ships with the credential providers has AssumeRole, and every middleware sees the command's name", async () => {
    const sts = require("@aws-sdk/nested-clients/sts") as typeof import("@aws-sdk/nested-clients/sts");
    assert.equal(typeof sts.STSClient, "function");
    assert.equal(typeof sts.AssumeRoleCommand, "function");
    const { NetworkFlowMonitorClient, GetMonitorCommand } = require("../provider/client") as typeof import("../provider/client");
    const client = new NetworkFlowMonitorClient({ region: "us-east-1", endpoint: "http://127.0.0.1:1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    let seen: unknown;
    client.middlewareStack.add((_next, context) => async () => {
      seen = context.commandName;
      throw new Error("stop");
    }, { step: "initialize", name: "probe" });
    await assert.rejects(client.send(new GetMonitorCommand({ monitorName: "m" })), /stop/);
    assert.equal(seen, "GetMonitorCommand");
    client.destroy();
  });
});
