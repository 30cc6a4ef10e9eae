// Round trip against the local emulator (testing/emulator), with full SigV4 verification switched on.
import * as assert from "node:assert/strict";
import {
  CreateMonitorCommand,
  CreateScopeCommand,
  DeleteMonitorCommand,
  GetMonitorCommand,
  GetScopeCommand,
  ListTagsForResourceCommand,
  NetworkFlowMonitorClient,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateMonitorCommand,
  paginateListMonitors,
} from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../testing";
import { TEST_CREDENTIALS } from "./captureServer";

const vpc = (id: string) => `arn:aws:ec2:us-east-1:123456789012:vpc/${id}`;

describe("client against the emulator", () => {
  let emulator: RunningEmulator;
  let client: NetworkFlowMonitorClient;
  before(async () => {
    emulator = await startEmulator({ region: "us-east-1", accessKey: TEST_CREDENTIALS.accessKeyId, secretKey: TEST_CREDENTIALS.secretAccessKey });
    client = new NetworkFlowMonitorClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials: TEST_CREDENTIALS });
  });
  after(async () => {
    client.destroy();
    await emulator.stop();
  });

  it("creates a scope and monitors, updates, tags, lists and deletes them", async () => {
    const scope = await client.send(new CreateScopeCommand({
      targets: [{ targetIdentifier: { targetId: { accountId: emulator.account }, targetType: "ACCOUNT" }, region: "us-east-1" }],
    }));
    assert.equal((await client.send(new GetScopeCommand({ scopeId: scope.scopeId }))).scopeArn, scope.scopeArn);

    const created = await client.send(new CreateMonitorCommand({
      monitorName: "web",
      localResources: [{ type: "AWS::EC2::VPC", identifier: vpc("vpc-0123456789abcdef0") }],
      scopeArn: scope.scopeArn,
      tags: { team: "net" },
    }));
    assert.ok(created.createdAt instanceof Date);
    await client.send(new CreateMonitorCommand({
      monitorName: "db", localResources: [{ type: "AWS::EC2::VPC", identifier: vpc("vpc-0123456789abcdef1") }], scopeArn: scope.scopeArn,
    }));

    const updated = await client.send(new UpdateMonitorCommand({
      monitorName: "web", localResourcesToAdd: [{ type: "AWS::EC2::VPC", identifier: vpc("vpc-0123456789abcdef2") }],
    }));
    assert.equal(updated.localResources.length, 2);

    await client.send(new TagResourceCommand({ resourceArn: created.monitorArn, tags: { env: "dev" } }));
    await client.send(new UntagResourceCommand({ resourceArn: created.monitorArn, tagKeys: ["team"] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ resourceArn: created.monitorArn }))).tags, { env: "dev" });

    const names: string[] = [];
    for await (const page of paginateListMonitors({ client, pageSize: 1 }, {})) names.push(...page.monitors.map((m) => m.monitorName));
    assert.deepEqual(names.sort(), ["db", "web"]);

    await client.send(new DeleteMonitorCommand({ monitorName: "web" }));
    await assert.rejects(client.send(new GetMonitorCommand({ monitorName: "web" })), ResourceNotFoundException);
  });
});
