// How answers are parsed: outputs with epoch-second timestamps, unions and maps, and typed errors.
import * as assert from "node:assert/strict";
import {
  AccessDeniedException,
  ConflictException,
  DeleteMonitorCommand,
  GetMonitorCommand,
  GetScopeCommand,
  InternalServerException,
  ListTagsForResourceCommand,
  NetworkFlowMonitorClient,
  NetworkFlowMonitorServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from "../../provider/client";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { CaptureServer, errorReply } from "./captureServer";

const MONITOR = {
  monitorArn: "arn:aws:networkflowmonitor:us-west-2:123456789012:monitor/web",
  monitorName: "web",
  monitorStatus: "ACTIVE",
  localResources: [{ type: "AWS::EC2::VPC", identifier: "vpc-1" }],
  remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
  createdAt: 1700000000.25,
  modifiedAt: 1700000100,
  tags: { team: "net" },
};

describe("client response parsing", () => {
  let server: CaptureServer;
  let client: NetworkFlowMonitorClient;
  before(async () => {
    server = await CaptureServer.start();
    // One attempt, so error replies are not retried here (retries.test.ts covers retrying).
    client = server.client({ maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(() => server.reset());

  it("parses GetMonitor, turning epoch-second timestamps into Dates", async () => {
    server.reply({ body: MONITOR, headers: { "x-amzn-requestid": "req-1" } });
    const out = await client.send(new GetMonitorCommand({ monitorName: "web" }));
    assert.ok(out.createdAt instanceof Date);
    assert.equal(out.createdAt.toISOString(), "2023-11-14T22:13:20.250Z");
    assert.equal(out.modifiedAt.getTime(), 1700000100_000);
    assert.equal(out.monitorStatus, "ACTIVE");
    assert.deepEqual(out.localResources, MONITOR.localResources);
    assert.deepEqual(out.remoteResources, MONITOR.remoteResources);
    assert.deepEqual(out.tags, { team: "net" });
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.$metadata.requestId, "req-1");
  });

  it("rejects an ISO-8601 string where the model wants epoch seconds, as the official client does", async () => {
    server.reply({ body: { ...MONITOR, createdAt: "2023-11-14T22:13:20Z" } });
    await assert.rejects(client.send(new GetMonitorCommand({ monitorName: "web" })), /Expected real number/);
  });

  it("parses GetScope's union target ids and ListTagsForResource's map", async () => {
    const target = { targetIdentifier: { targetId: { accountId: "123456789012" }, targetType: "ACCOUNT" }, region: "us-west-2" };
    server.reply(
      { body: { scopeId: "s-1", status: "SUCCEEDED", scopeArn: "arn:aws:networkflowmonitor:us-west-2:123456789012:scope/s-1", targets: [target] } },
      { body: { tags: { a: "1", "b c": "" } } },
    );
    const scope = await client.send(new GetScopeCommand({ scopeId: "s-1" }));
    assert.deepEqual(scope.targets, [target]);
    assert.equal(scope.status, "SUCCEEDED");
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: MONITOR.monitorArn }));
    assert.deepEqual(tags.tags, { a: "1", "b c": "" });
  });

  it("answers an empty structure with only $metadata", async () => {
    const out = await client.send(new DeleteMonitorCommand({ monitorName: "web" }));
    assert.deepEqual(Object.keys(out), ["$metadata"]);
  });

  const errorClasses = {
    AccessDeniedException,
    ConflictException,
    InternalServerException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ThrottlingException,
    ValidationException,
  };

  it("has a class for every error shape in the model", () => {
    const modelled = Object.entries(serviceModel.shapes).filter(([, s]) => s.exception).map(([n]) => n).sort();
    assert.deepEqual(Object.keys(errorClasses).sort(), modelled);
  });

  for (const [name, ErrorClass] of Object.entries(errorClasses)) {
    const status = serviceModel.shapes[name].error!.httpStatusCode;
    it(`throws ${name} for ${status} with x-amzn-errortype: ${name}`, async () => {
      server.reply(errorReply(status, name, `${name} happened`));
      const err = await client.send(new GetMonitorCommand({ monitorName: "web" })).then(
        () => assert.fail("expected an error"), (e: unknown) => e);
      assert.ok(err instanceof ErrorClass, `expected an instance of ${name}`);
      assert.ok(err instanceof NetworkFlowMonitorServiceException);
      assert.ok(err instanceof Error);
      assert.equal(err.name, name);
      assert.equal(err.message, `${name} happened`);
      assert.equal(err.$metadata.httpStatusCode, status);
      assert.equal(err.$fault, name === "InternalServerException" ? "server" : "client");
    });
  }

  it("reads the error type from the prefix of a qualified x-amzn-errortype", async () => {
    server.reply(errorReply(409, "ConflictException:http://internal.amazon.com/coral/com.amazonaws.networkflowmonitor/", "busy"));
    await assert.rejects(client.send(new DeleteMonitorCommand({ monitorName: "web" })),
      (e: unknown) => e instanceof ConflictException && e.message === "busy");
  });

  it("throws the service base exception for an error type the model does not know", async () => {
    server.reply(errorReply(418, "TeapotException", "short and stout"));
    await assert.rejects(client.send(new GetMonitorCommand({ monitorName: "web" })), (e: any) => {
      assert.ok(e instanceof NetworkFlowMonitorServiceException);
      assert.equal(e.name, "TeapotException");
      assert.equal(e.message, "short and stout");
      assert.equal(e.$metadata.httpStatusCode, 418);
      return true;
    });
  });
});
