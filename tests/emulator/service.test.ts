import * as assert from "node:assert/strict";
import { ServiceError } from "../../testing/emulator/errors";
import { awsLimits, NetworkFlowMonitorService, type ServiceLimits } from "../../testing/emulator/service";
import { accountTarget, subnetArn, vpcArn } from "./helpers";

function makeService(opts: { activeAfterMs?: number; deleteAfterMs?: number; limits?: Partial<ServiceLimits>; errorNames?: string[]; region?: string } = {}) {
  let now = 1_700_000_000_000;
  let ids = 0;
  const service = new NetworkFlowMonitorService({
    region: opts.region ?? "us-east-1",
    account: "123456789012",
    activeAfterMs: opts.activeAfterMs ?? 0,
    deleteAfterMs: opts.deleteAfterMs ?? 0,
    limits: { ...awsLimits, ...opts.limits },
    clock: () => now,
    endsInError: (name) => (opts.errorNames ?? []).includes(name),
    newScopeId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`,
  });
  return { service, tick: (ms: number) => (now += ms) };
}

function fails(fn: () => unknown, name: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ServiceError, String(e));
    assert.equal(e.errorName, name, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const vpc = { type: "AWS::EC2::VPC", identifier: vpcArn() };
const subnet = { type: "AWS::EC2::Subnet", identifier: subnetArn() };

function withScope(opts: Parameters<typeof makeService>[0] = {}) {
  const s = makeService(opts);
  const scope = s.service.handle("CreateScope", { targets: [accountTarget()] });
  s.tick(opts.activeAfterMs ?? 0);
  const create = (name: string, extra: Record<string, unknown> = {}) =>
    s.service.handle("CreateMonitor", { monitorName: name, localResources: [vpc], scopeArn: scope.scopeArn, ...extra });
  return { ...s, scopeArn: scope.scopeArn as string, scopeId: scope.scopeId as string, create };
}

describe("emulator service state machine", () => {
  it("builds ARNs from Region and account, with the Region's partition", () => {
    const { service } = makeService({ region: "cn-north-1" });
    assert.equal(service.monitorArn("m"), "arn:aws-cn:networkflowmonitor:cn-north-1:123456789012:monitor/m");
    assert.equal(makeService({ region: "us-gov-west-1" }).service.scopeArn("x"), "arn:aws-us-gov:networkflowmonitor:us-gov-west-1:123456789012:scope/x");
  });

  it("moves a monitor PENDING → ACTIVE after activeAfterMs, and again after an update", () => {
    const { service, tick, create } = withScope({ activeAfterMs: 1000 });
    const out = create("m1");
    assert.equal(out.monitorStatus, "PENDING");
    assert.equal(out.scopeArn, undefined, "the real service returns no scopeArn");
    tick(999);
    assert.equal(service.handle("GetMonitor", { monitorName: "m1" }).monitorStatus, "PENDING");
    tick(1);
    assert.equal(service.handle("GetMonitor", { monitorName: "m1" }).monitorStatus, "ACTIVE");
    const updated = service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToAdd: [subnet] });
    assert.equal(updated.monitorStatus, "PENDING");
    tick(1000);
    const got = service.handle("GetMonitor", { monitorName: "m1" });
    assert.equal(got.monitorStatus, "ACTIVE");
    assert.deepEqual(got.localResources, [vpc, subnet]);
  });

  it("accepts an update of a PENDING monitor (UpdateMonitor models no ConflictException)", () => {
    const { service, create } = withScope({ activeAfterMs: 1000 });
    create("m1");
    assert.equal(service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToAdd: [subnet] }).monitorStatus, "PENDING");
  });

  it("refuses to delete a PENDING or DELETING monitor with ConflictException, then deletes after deleteAfterMs", () => {
    const { service, tick, create } = withScope({ activeAfterMs: 100, deleteAfterMs: 500 });
    create("m1");
    fails(() => service.handle("DeleteMonitor", { monitorName: "m1" }), "ConflictException", /PENDING/);
    tick(100);
    service.handle("DeleteMonitor", { monitorName: "m1" });
    assert.equal(service.handle("GetMonitor", { monitorName: "m1" }).monitorStatus, "DELETING");
    fails(() => service.handle("DeleteMonitor", { monitorName: "m1" }), "ConflictException", /DELETING/);
    fails(() => service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToAdd: [subnet] }), "ResourceNotFoundException");
    tick(500);
    fails(() => service.handle("GetMonitor", { monitorName: "m1" }), "ResourceNotFoundException");
  });

  it("ends named monitors in ERROR instead of ACTIVE", () => {
    const { service, create } = withScope({ errorNames: ["bad"] });
    create("bad");
    create("good");
    assert.equal(service.handle("GetMonitor", { monitorName: "bad" }).monitorStatus, "ERROR");
    assert.equal(service.handle("GetMonitor", { monitorName: "good" }).monitorStatus, "ACTIVE");
  });

  it("answers ConflictException for a second monitor of the same name", () => {
    const { create } = withScope();
    create("m1");
    fails(() => create("m1"), "ConflictException", /m1/);
  });

  it("replays the first answer for a repeated clientToken and creates nothing new", () => {
    const { service, tick, create } = withScope({ activeAfterMs: 100 });
    const token = "0b8a4f5e-1111-4222-8333-123456789abc";
    const first = create("m1", { clientToken: token });
    tick(100);
    assert.deepEqual(create("m1", { clientToken: token }), first);
    assert.equal((service.handle("ListMonitors", {}).monitors as unknown[]).length, 1);
    fails(() => create("m2", { clientToken: token }), "ConflictException", /clientToken/);
    // UpdateMonitor models no ConflictException: a reused token there is a ValidationException.
    service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToAdd: [subnet], clientToken: token });
    fails(() => service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToRemove: [subnet], clientToken: token }), "ValidationException", /clientToken/);
  });

  it("enforces the monitor, local, remote and tag quotas with ServiceQuotaExceededException on create", () => {
    const { create } = withScope({ limits: { maxMonitors: 2, maxLocalResources: 1, maxRemoteResources: 1, maxTags: 1 } });
    fails(() => create("a", { localResources: [vpc, subnet] }), "ServiceQuotaExceededException", /at most 1 local/);
    fails(() => create("a", { remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }, { type: "AWS::AWSService", identifier: "DynamoDB" }] }), "ServiceQuotaExceededException", /remote/);
    fails(() => create("a", { tags: { a: "1", b: "2" } }), "ServiceQuotaExceededException", /tags/);
    create("a");
    create("b");
    fails(() => create("c"), "ServiceQuotaExceededException", /2 monitors/);
  });

  it("enforces quotas on UpdateMonitor and TagResource with ValidationException (no 402 modelled there)", () => {
    const { service, create } = withScope({ limits: { maxLocalResources: 1, maxTags: 1 } });
    const m = create("a", { tags: { a: "1" } });
    fails(() => service.handle("UpdateMonitor", { monitorName: "a", localResourcesToAdd: [subnet] }), "ValidationException", /at most 1 local/);
    fails(() => service.handle("TagResource", { resourceArn: m.monitorArn, tags: { b: "2" } }), "ValidationException", /at most 1 tags/);
  });

  it("allows one scope per account and Region", () => {
    const { service } = withScope();
    fails(() => service.handle("CreateScope", { targets: [accountTarget()] }), "ServiceQuotaExceededException");
  });

  it("refuses to delete a scope that monitors use, then deactivates it", () => {
    const { service, tick, create, scopeId } = withScope({ deleteAfterMs: 50 });
    create("m1");
    fails(() => service.handle("DeleteScope", { scopeId }), "ConflictException", /m1/);
    service.handle("DeleteMonitor", { monitorName: "m1" });
    tick(50);
    service.handle("DeleteScope", { scopeId });
    assert.equal(service.handle("GetScope", { scopeId }).status, "DEACTIVATING");
    tick(50);
    fails(() => service.handle("GetScope", { scopeId }), "ResourceNotFoundException");
  });

  it("moves a scope IN_PROGRESS → SUCCEEDED and back on update", () => {
    const { service, tick } = makeService({ activeAfterMs: 10 });
    const s = service.handle("CreateScope", { targets: [accountTarget()] });
    assert.equal(s.status, "IN_PROGRESS");
    fails(() => service.handle("UpdateScope", { scopeId: s.scopeId, resourcesToAdd: [accountTarget("123456789012", "eu-west-1")] }), "ConflictException");
    tick(10);
    assert.equal(service.handle("GetScope", { scopeId: s.scopeId }).status, "SUCCEEDED");
    assert.equal(service.handle("UpdateScope", { scopeId: s.scopeId, resourcesToAdd: [accountTarget("123456789012", "eu-west-1")] }).status, "IN_PROGRESS");
    tick(10);
    assert.equal((service.handle("GetScope", { scopeId: s.scopeId }).targets as unknown[]).length, 2);
  });

  it("rejects resources against the documented rules, naming the field", () => {
    const { create } = withScope();
    fails(() => create("m", { localResources: [{ type: "AWS::EC2::VPC", identifier: vpcArn("eu-west-1") }] }), "ValidationException", /at 'localResources\[0\]\.identifier'.*us-east-1/);
    fails(() => create("m", { remoteResources: [{ type: "AWS::AWSService", identifier: "EC2" }] }), "ValidationException", /remoteResources\[0\]\.identifier.*S3/);
    fails(() => create("m", { localResources: [{ type: "AWS::EC2::VPC", identifier: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }] }), "ValidationException", /placeholder/);
    fails(
      () => create("m", { remoteResources: [{ type: "AWS::Region", identifier: "eu-west-1" }, { type: "AWS::Region", identifier: "eu-central-1" }] }),
      "ValidationException",
      /single Region/,
    );
    fails(() => create("m", { scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/nope" }), "ValidationException", /scopeArn/);
  });

  it("treats UpdateMonitor as idempotent: adding a present or removing an absent resource changes nothing", () => {
    const { service, tick, create } = withScope({ activeAfterMs: 10 });
    create("m1");
    tick(10);
    const out = service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToAdd: [vpc], remoteResourcesToRemove: [{ type: "AWS::AWSService", identifier: "S3" }] });
    assert.equal(out.monitorStatus, "ACTIVE");
    fails(() => service.handle("UpdateMonitor", { monitorName: "m1", localResourcesToRemove: [vpc] }), "ValidationException", /at least 1 local/);
  });

  it("paginates ListMonitors with opaque tokens and filters by status", () => {
    const { service, create } = withScope({ limits: { maxMonitors: 30 } });
    for (let i = 0; i < 7; i++) create(`m${i}`);
    service.setMonitorStatus("m3", "INACTIVE");
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = service.handle("ListMonitors", { maxResults: 3, ...(nextToken ? { nextToken } : {}) });
      names.push(...(page.monitors as { monitorName: string }[]).map((m) => m.monitorName));
      nextToken = page.nextToken as string | undefined;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.deepEqual(names, ["m0", "m1", "m2", "m3", "m4", "m5", "m6"]);
    assert.deepEqual((service.handle("ListMonitors", { monitorStatus: "INACTIVE" }).monitors as { monitorName: string }[]).map((m) => m.monitorName), ["m3"]);
    fails(() => service.handle("ListMonitors", { nextToken: "garbage" }), "ValidationException", /nextToken/);
  });

  it("tags monitors and scopes by ARN and answers ResourceNotFound for unknown ARNs", () => {
    const { service, create, scopeArn } = withScope();
    const m = create("m1", { tags: { team: "net" } });
    service.handle("TagResource", { resourceArn: m.monitorArn, tags: { env: "test" } });
    service.handle("UntagResource", { resourceArn: m.monitorArn, tagKeys: ["team"] });
    assert.deepEqual(service.handle("ListTagsForResource", { resourceArn: m.monitorArn }).tags, { env: "test" });
    service.handle("TagResource", { resourceArn: scopeArn, tags: { a: "b" } });
    assert.deepEqual(service.handle("ListTagsForResource", { resourceArn: scopeArn }).tags, { a: "b" });
    fails(() => service.handle("ListTagsForResource", { resourceArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/none" }), "ResourceNotFoundException");
    fails(() => service.handle("TagResource", { resourceArn: m.monitorArn, tags: { "aws:x": "1" } }), "ValidationException", /aws:/);
  });

  it("applies out-of-band drift: delete, tags, resources, status", () => {
    const { service, create } = withScope();
    create("m1");
    service.setMonitorTags("m1", { drift: "yes" });
    service.setMonitorResources("m1", { localResources: [subnet] });
    service.setMonitorStatus("m1", "INACTIVE");
    const got = service.handle("GetMonitor", { monitorName: "m1" });
    assert.deepEqual(got.tags, { drift: "yes" });
    assert.deepEqual(got.localResources, [subnet]);
    assert.equal(got.monitorStatus, "INACTIVE");
    assert.equal(service.forceDeleteMonitor("m1"), true);
    fails(() => service.handle("GetMonitor", { monitorName: "m1" }), "ResourceNotFoundException");
  });

  it("restores a snapshot exactly", () => {
    const { service, create } = withScope();
    create("m1", { tags: { a: "b" } });
    const copy = makeService().service;
    copy.restore(service.snapshot());
    assert.deepEqual(copy.handle("GetMonitor", { monitorName: "m1" }), service.handle("GetMonitor", { monitorName: "m1" }));
  });
});
