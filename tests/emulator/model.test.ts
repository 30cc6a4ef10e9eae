import * as assert from "node:assert/strict";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { enforceModelledError, quotaError, ServiceError, type ErrorName } from "../../testing/emulator/errors";
import { errorStatus, matchRoute, routes } from "../../testing/emulator/model";

const sampleLabel = "sample.name_1";

function samplePath(template: string): string {
  return template.replace(/\{[^}]+\}/g, sampleLabel);
}

describe("emulator routing is the model's", () => {
  it("has exactly one route per modelled operation, with the model's method, URI and success code", () => {
    const ops = Object.values(serviceModel.operations);
    assert.equal(routes.length, ops.length);
    assert.equal(ops.length, 13);
    for (const op of ops) {
      const route = routes.find((r) => r.operation === op.name);
      assert.ok(route, `no route for ${op.name}`);
      assert.equal(route.method, op.http.method, op.name);
      assert.equal(route.template, op.http.requestUri, op.name);
      assert.equal(route.responseCode, op.http.responseCode, op.name);
    }
  });

  it("routes each model method and URI to its operation, decoding labels", () => {
    for (const op of Object.values(serviceModel.operations)) {
      const found = matchRoute(op.http.method, samplePath(op.http.requestUri));
      assert.equal(found.kind, "match", op.name);
      if (found.kind !== "match") continue;
      assert.equal(found.match.route.operation, op.name);
      for (const v of Object.values(found.match.params)) assert.equal(v, sampleLabel);
    }
  });

  it("decodes a percent-encoded ARN in /tags/{resourceArn}", () => {
    const arn = "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/m-1";
    const found = matchRoute("GET", `/tags/${encodeURIComponent(arn)}`);
    assert.equal(found.kind, "match");
    if (found.kind === "match") {
      assert.equal(found.match.route.operation, "ListTagsForResource");
      assert.equal(found.match.params.resourceArn, arn);
    }
  });

  it("matches nothing for unknown paths and wrong methods", () => {
    assert.equal(matchRoute("PUT", "/monitors/x").kind, "none");
    assert.equal(matchRoute("GET", "/nope").kind, "none");
    assert.equal(matchRoute("GET", "/monitors/a/b").kind, "none");
    assert.equal(matchRoute("HEAD", "/monitors").kind, "none");
  });

  it("takes error statuses from the model's error shapes", () => {
    assert.equal(errorStatus("ValidationException"), 400);
    assert.equal(errorStatus("ServiceQuotaExceededException"), 402);
    assert.equal(errorStatus("ThrottlingException"), 429);
    assert.throws(() => errorStatus("UnknownOperationException"), /not a modelled error/);
  });
});

describe("each operation answers only its modelled errors", () => {
  const names: ErrorName[] = [
    "ValidationException",
    "ServiceQuotaExceededException",
    "AccessDeniedException",
    "ResourceNotFoundException",
    "ConflictException",
    "ThrottlingException",
    "InternalServerException",
  ];

  it("replaces an unmodelled error with a modelled one and keeps the message", () => {
    for (const op of Object.values(serviceModel.operations)) {
      const allowed = op.errors.map((e) => e.shape);
      for (const name of names) {
        const sent = enforceModelledError(op.name, new ServiceError(name, "why"));
        assert.ok(allowed.includes(sent.errorName), `${op.name} would send ${sent.errorName}`);
        assert.equal(sent.message, "why");
        if (allowed.includes(name)) assert.equal(sent.errorName, name);
      }
    }
  });

  it("UpdateMonitor, which models no ConflictException, gets a ValidationException instead", () => {
    assert.equal(enforceModelledError("UpdateMonitor", new ServiceError("ConflictException", "x")).errorName, "ValidationException");
    assert.equal(enforceModelledError("DeleteMonitor", new ServiceError("ConflictException", "x")).errorName, "ConflictException");
  });

  it("quota errors are 402 only where modelled", () => {
    assert.equal(quotaError("CreateMonitor", "q").errorName, "ServiceQuotaExceededException");
    assert.equal(quotaError("UpdateMonitor", "q").errorName, "ValidationException");
    assert.equal(quotaError("TagResource", "q").errorName, "ValidationException");
  });
});
