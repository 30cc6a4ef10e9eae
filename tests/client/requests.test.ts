// What each operation puts on the wire: method, path, query, JSON body and SigV4 Authorization.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  CreateMonitorCommand,
  CreateScopeCommand,
  DeleteMonitorCommand,
  DeleteScopeCommand,
  GetMonitorCommand,
  GetScopeCommand,
  ListMonitorsCommand,
  ListScopesCommand,
  ListTagsForResourceCommand,
  MonitorLocalResourceType,
  MonitorStatus,
  NetworkFlowMonitorClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateMonitorCommand,
  UpdateScopeCommand,
} from "../../provider/client";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { CaptureServer, type CapturedRequest } from "./captureServer";

const MONITOR_ARN = "arn:aws:networkflowmonitor:us-west-2:123456789012:monitor/web";
const SCOPE_ARN = "arn:aws:networkflowmonitor:us-west-2:123456789012:scope/5e1d2c3b-aaaa-bbbb-cccc-0123456789ab";
const TOKEN = "0f0e0d0c-0b0a-4908-8706-050403020100";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const target = { targetIdentifier: { targetId: { accountId: "123456789012" }, targetType: "ACCOUNT" as const }, region: "us-west-2" };

interface Case {
  operation: string;
  send: (c: NetworkFlowMonitorClient) => Promise<unknown>;
  method: string;
  rawPath: string;
  query?: [string, string][];
  body?: unknown;
}

const cases: Case[] = [
  {
    operation: "CreateMonitor",
    send: (c) => c.send(new CreateMonitorCommand({
      monitorName: "web",
      localResources: [{ type: MonitorLocalResourceType.AWS_EC2_VPC, identifier: "vpc-1" }],
      remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
      scopeArn: SCOPE_ARN,
      clientToken: TOKEN,
      tags: { team: "net" },
    })),
    method: "POST", rawPath: "/monitors",
    body: {
      monitorName: "web",
      localResources: [{ type: "AWS::EC2::VPC", identifier: "vpc-1" }],
      remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }],
      scopeArn: SCOPE_ARN, clientToken: TOKEN, tags: { team: "net" },
    },
  },
  {
    operation: "GetMonitor",
    send: (c) => c.send(new GetMonitorCommand({ monitorName: "web" })),
    method: "GET", rawPath: "/monitors/web",
  },
  {
    operation: "UpdateMonitor",
    send: (c) => c.send(new UpdateMonitorCommand({
      monitorName: "web",
      localResourcesToAdd: [{ type: "AWS::EC2::Subnet", identifier: "subnet-1" }],
      remoteResourcesToRemove: [{ type: "AWS::Region", identifier: "us-east-1" }],
      clientToken: TOKEN,
    })),
    method: "PATCH", rawPath: "/monitors/web",
    body: {
      localResourcesToAdd: [{ type: "AWS::EC2::Subnet", identifier: "subnet-1" }],
      remoteResourcesToRemove: [{ type: "AWS::Region", identifier: "us-east-1" }],
      clientToken: TOKEN,
    },
  },
  {
    operation: "DeleteMonitor",
    send: (c) => c.send(new DeleteMonitorCommand({ monitorName: "web" })),
    method: "DELETE", rawPath: "/monitors/web",
  },
  {
    operation: "ListMonitors",
    send: (c) => c.send(new ListMonitorsCommand({ maxResults: 10, nextToken: "tok/2+x", monitorStatus: MonitorStatus.ACTIVE })),
    method: "GET", rawPath: "/monitors",
    query: [["maxResults", "10"], ["monitorStatus", "ACTIVE"], ["nextToken", "tok/2+x"]],
  },
  {
    operation: "CreateScope",
    send: (c) => c.send(new CreateScopeCommand({ targets: [target], clientToken: TOKEN, tags: { a: "b" } })),
    method: "POST", rawPath: "/scopes",
    body: { targets: [target], clientToken: TOKEN, tags: { a: "b" } },
  },
  {
    operation: "GetScope",
    send: (c) => c.send(new GetScopeCommand({ scopeId: "scope-1" })),
    method: "GET", rawPath: "/scopes/scope-1",
  },
  {
    operation: "UpdateScope",
    send: (c) => c.send(new UpdateScopeCommand({ scopeId: "scope-1", resourcesToAdd: [target] })),
    method: "PATCH", rawPath: "/scopes/scope-1",
    body: { resourcesToAdd: [target] },
  },
  {
    operation: "DeleteScope",
    send: (c) => c.send(new DeleteScopeCommand({ scopeId: "scope-1" })),
    method: "DELETE", rawPath: "/scopes/scope-1",
  },
  {
    operation: "ListScopes",
    send: (c) => c.send(new ListScopesCommand({ maxResults: 5, nextToken: "n1" })),
    method: "GET", rawPath: "/scopes",
    query: [["maxResults", "5"], ["nextToken", "n1"]],
  },
  {
    operation: "TagResource",
    send: (c) => c.send(new TagResourceCommand({ resourceArn: MONITOR_ARN, tags: { env: "prod", "cost center": "42" } })),
    method: "POST", rawPath: `/tags/${encodeURIComponent(MONITOR_ARN)}`,
    body: { tags: { env: "prod", "cost center": "42" } },
  },
  {
    operation: "UntagResource",
    send: (c) => c.send(new UntagResourceCommand({ resourceArn: MONITOR_ARN, tagKeys: ["env", "cost center"] })),
    method: "DELETE", rawPath: `/tags/${encodeURIComponent(MONITOR_ARN)}`,
    query: [["tagKeys", "env"], ["tagKeys", "cost center"]],
  },
  {
    operation: "ListTagsForResource",
    send: (c) => c.send(new ListTagsForResourceCommand({ resourceArn: MONITOR_ARN })),
    method: "GET", rawPath: `/tags/${encodeURIComponent(MONITOR_ARN)}`,
  },
];

function assertSigned(req: CapturedRequest, region: string) {
  const auth = String(req.headers.authorization);
  assert.match(auth, new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDTEST/\\d{8}/${region}/networkflowmonitor/aws4_request, SignedHeaders=[^ ]*host[^ ]*, Signature=[0-9a-f]{64}$`));
  assert.match(auth, /SignedHeaders=[^ ]*x-amz-date/);
  assert.match(String(req.headers["x-amz-date"]), /^\d{8}T\d{6}Z$/);
}

describe("client request formation", () => {
  let server: CaptureServer;
  let client: NetworkFlowMonitorClient;
  before(async () => {
    server = await CaptureServer.start();
    client = server.client();
  });
  after(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(() => server.reset());

  it("covers every operation the client serves", () => {
    assert.deepEqual(cases.map((c) => c.operation).sort(), Object.keys(serviceModel.operations).sort());
  });

  for (const c of cases) {
    it(`${c.operation}: ${c.method} ${c.rawPath.replace(/%3A/g, ":")}`, async () => {
      await c.send(client);
      const req = server.last;
      assert.equal(req.method, c.method);
      assert.equal(req.method, serviceModel.operations[c.operation].http.method);
      assert.equal(req.rawPath, c.rawPath);
      assert.deepEqual([...req.query.entries()].sort(), (c.query ?? []).slice().sort());
      if (c.body === undefined) {
        assert.ok(req.body === "" || req.body === "{}", `no body expected, got ${req.body}`);
      } else {
        assert.equal(req.headers["content-type"], "application/json");
        assert.deepEqual(JSON.parse(req.body), c.body);
      }
      assertSigned(req, "us-west-2");
    });
  }

  it("signs for the configured Region", async () => {
    const eu = server.client({ region: "eu-central-1" });
    try {
      await eu.send(new GetMonitorCommand({ monitorName: "web" }));
      assertSigned(server.last, "eu-central-1");
    } finally {
      eu.destroy();
    }
  });

  for (const [name, send] of [
    ["CreateMonitor", () => client.send(new CreateMonitorCommand({ monitorName: "m", localResources: [], scopeArn: SCOPE_ARN }))],
    ["CreateScope", () => client.send(new CreateScopeCommand({ targets: [target] }))],
    ["UpdateMonitor", () => client.send(new UpdateMonitorCommand({ monitorName: "m" }))],
  ] as const) {
    it(`${name} fills a missing clientToken with a fresh lowercase UUID`, async () => {
      await send();
      await send();
      const [first, second] = server.requests.map((r) => JSON.parse(r.body).clientToken);
      assert.match(first, UUID);
      assert.match(second, UUID);
      assert.notEqual(first, second);
    });
  }

  it("encodes URI labels so that any monitor name and tag key arrive intact", async () => {
    await fc.assert(fc.asyncProperty(
      fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }),
      fc.array(fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }), { minLength: 1, maxLength: 4 }),
      async (name, tagKeys) => {
        server.reset();
        await client.send(new GetMonitorCommand({ monitorName: name }));
        const get = server.last;
        assert.equal(get.rawPath.split("/").length, 3, `the name must stay one path segment: ${get.rawPath}`);
        assert.equal(decodeURIComponent(get.rawPath.slice("/monitors/".length)), name);
        await client.send(new UntagResourceCommand({ resourceArn: `${MONITOR_ARN}/${name}`, tagKeys }));
        const untag = server.last;
        assert.equal(decodeURIComponent(untag.rawPath.slice("/tags/".length)), `${MONITOR_ARN}/${name}`);
        assert.deepEqual(untag.query.getAll("tagKeys"), tagKeys);
      }), { numRuns: 40, seed: 20230419 });
  });
});
