import * as assert from "node:assert/strict";
import fc from "fast-check";
import { bindAndValidate, describeViolation, validateShape, validationMessage } from "../../testing/emulator/validate";

const scopeArn = "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/abc";
const vpc = { type: "AWS::EC2::VPC", identifier: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0" };

function messages(op: string, body: Record<string, unknown>, extra: { params?: Record<string, string>; query?: Record<string, string[]> } = {}): string[] {
  return bindAndValidate(op, { params: extra.params ?? {}, query: extra.query ?? {}, body }).violations.map(describeViolation);
}

describe("model-driven validation", () => {
  it("accepts a valid CreateMonitor and ignores unknown members", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: "m", localResources: [vpc], scopeArn, surprise: 1 }), []);
  });

  it("reports a missing required member by name", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: "m", localResources: [vpc] }), [
      "Value null at 'scopeArn' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it("reports a pattern mismatch in AWS's words, anchored to the whole value", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: "bad name!", localResources: [vpc], scopeArn }), [
      "Value 'bad name!' at 'monitorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ]);
    // "ok" then a space: a prefix match is not enough.
    assert.equal(messages("CreateMonitor", { monitorName: "ok ", localResources: [vpc], scopeArn }).length, 1);
  });

  it("reports string length limits", () => {
    const long = "a".repeat(256);
    assert.deepEqual(messages("CreateMonitor", { monitorName: long, localResources: [vpc], scopeArn }), [
      `Value '${long.slice(0, 200)}...' at 'monitorName' failed to satisfy constraint: Member must have length less than or equal to 255`,
    ]);
  });

  it("reports enum values of nested list items with their path", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: "m", localResources: [vpc, { type: "AWS::S3::Bucket", identifier: "x" }], scopeArn }), [
      "Value 'AWS::S3::Bucket' at 'localResources[1].type' failed to satisfy constraint: Member must satisfy enum value set: [AWS::EC2::VPC, AWS::AvailabilityZone, AWS::EC2::Subnet, AWS::Region, AWS::EKS::Cluster]",
    ]);
  });

  it("reports list sizes", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: "m", localResources: [], scopeArn }), [
      "Value '[]' at 'localResources' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  });

  it("reports map sizes and key lengths", () => {
    const tags = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, "v"]));
    const found = messages("TagResource", { tags }, { params: { resourceArn: scopeArn } });
    assert.equal(found.length, 1);
    assert.match(found[0], /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200/);
    assert.match(messages("TagResource", { tags: { "": "v" } }, { params: { resourceArn: scopeArn } })[0], /Map keys must satisfy constraint: \[Member must have length greater than or equal to 1\]/);
  });

  it("reports integer ranges and non-integers from the query string", () => {
    assert.deepEqual(messages("ListMonitors", {}, { query: { maxResults: ["26"] } }), [
      "Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
    ]);
    assert.deepEqual(messages("ListMonitors", {}, { query: { maxResults: ["ten"] } }), ["Value 'ten' at 'maxResults' failed to satisfy constraint: Member must be an integer"]);
  });

  it("binds repeated query keys as a list", () => {
    const { input, violations } = bindAndValidate("UntagResource", { params: { resourceArn: scopeArn }, query: { tagKeys: ["a", "b"] }, body: undefined });
    assert.deepEqual(violations, []);
    assert.deepEqual(input, { resourceArn: scopeArn, tagKeys: ["a", "b"] });
  });

  it("checks clientToken against the model's lowercase UUID pattern", () => {
    assert.equal(messages("CreateMonitor", { monitorName: "m", localResources: [vpc], scopeArn, clientToken: "0B8A4F5E-1111-4222-8333-123456789ABC" }).length, 1);
    assert.deepEqual(messages("CreateMonitor", { monitorName: "m", localResources: [vpc], scopeArn, clientToken: "0b8a4f5e-1111-4222-8333-123456789abc" }), []);
  });

  it("reports wrong JSON types and a union with no member set", () => {
    assert.deepEqual(messages("CreateMonitor", { monitorName: 7, localResources: [vpc], scopeArn }), ["Value '7' at 'monitorName' failed to satisfy constraint: Member must be a string"]);
    const found = messages("CreateScope", { targets: [{ targetIdentifier: { targetId: {}, targetType: "ACCOUNT" }, region: "us-east-1" }] });
    assert.equal(found.length, 1);
    assert.match(found[0], /at 'targets\[0\]\.targetIdentifier\.targetId' .*exactly one of \[accountId\]/);
  });

  it("counts errors in the summary, AWS style", () => {
    assert.equal(validationMessage(["a"]), "1 validation error detected: a");
    assert.equal(validationMessage(["a", "b"]), "2 validation errors detected: a; b");
  });

  it("accepts exactly the monitor names that match [a-zA-Z0-9_.-]{1,255}", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "grapheme" }), (name) => {
        const ok = /^[a-zA-Z0-9_.-]{1,255}$/.test(name);
        assert.equal(validateShape("ResourceName", name, "monitorName").length === 0, ok);
      }),
      { numRuns: 300 },
    );
  });
});
