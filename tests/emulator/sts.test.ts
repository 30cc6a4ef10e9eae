// The emulator's STS AssumeRole, through the AWS SDK's own STS client: the temporary credentials it issues are
// accepted by both services only with their session token and only until they expire; AWS-shaped errors otherwise.
import * as assert from "node:assert/strict";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { ListMonitorsCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../testing";

const BASE = { accessKeyId: "AKIDSTSTEST000000001", secretAccessKey: "sts-test-secret" };
const ROLE = "arn:aws:iam::123456789012:role/deploy";

describe("emulator STS AssumeRole", function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ accessKey: BASE.accessKeyId, secretKey: BASE.secretAccessKey, assumableRoles: [ROLE] });
  });
  after(() => emulator.stop());

  const sts = (credentials = BASE) => new STSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
  const nfm = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new NetworkFlowMonitorClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials, maxAttempts: 1 });

  it("issues temporary credentials that sign Network Flow Monitor calls, with their session token only", async () => {
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "ci", DurationSeconds: 900 }));
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA[0-9A-F]{16}$/);
    assert.equal(out.AssumedRoleUser?.Arn, "arn:aws:sts::123456789012:assumed-role/deploy/ci");
    assert.ok(Math.abs(c.Expiration!.getTime() - (Date.now() + 900_000)) < 5_000);

    const good = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    await nfm(good).send(new ListMonitorsCommand({}));
    assert.equal(emulator.requests().at(-1)?.accessKey, c.AccessKeyId);
    await assert.rejects(nfm({ ...good, sessionToken: undefined }).send(new ListMonitorsCommand({})), /security token included in the request is invalid/);
    await assert.rejects(nfm({ ...good, sessionToken: `${good.sessionToken}x` }).send(new ListMonitorsCommand({})), /security token included in the request is invalid/);
    await assert.rejects(nfm({ ...good, secretAccessKey: "wrong" }).send(new ListMonitorsCommand({})), /signature we calculated does not match/);
  });

  it("answers AWS's error codes: unknown key, a role it may not assume, a malformed role ARN", async () => {
    await assert.rejects(sts({ ...BASE, accessKeyId: "AKIDUNKNOWN" }).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "s1" })), { name: "InvalidClientTokenId" });
    await assert.rejects(sts().send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::123456789012:role/other", RoleSessionName: "s1" })), { name: "AccessDenied" });
    await assert.rejects(sts().send(new AssumeRoleCommand({ RoleArn: "deploy", RoleSessionName: "s1" })), { name: "ValidationError" });
  });
});
