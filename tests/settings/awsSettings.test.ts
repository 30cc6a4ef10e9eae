// AWS settings the way @pulumi/aws takes them, end to end through the providers and the emulator: stack config
// `aws:assumeRoles` and an explicit aws.Provider's settings (the `__awsProvider` input), with the emulator
// verifying every signature. The assumed role's temporary credentials must be what signs the Network Flow
// Monitor calls, and the scope's default target must be the role's account.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import * as monitors from "../../provider/monitor/provider";
import * as scopes from "../../provider/scope/provider";
import { startEmulator, type RunningEmulator } from "../../testing";

const BASE = { accessKey: "AKIDBASE000000000001", secretKey: "base-secret" };
const ROLE = "arn:aws:iam::210987654321:role/deploy";
const SECOND_ROLE = "arn:aws:iam::210987654321:role/network-admin";
const VPC = (region: string) => `arn:aws:ec2:${region}:123456789012:vpc/vpc-0123456789abcdef0`;

function configure(provider: typeof monitors | typeof scopes, config: Record<string, string>): Promise<void> {
  return provider.configure({ config: { get: (k: string) => config[k] } } as never);
}

async function scopeArn(emulator: RunningEmulator): Promise<string> {
  const api = new NetworkFlowMonitorClient({
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: BASE.accessKey, secretAccessKey: BASE.secretKey },
  });
  const s = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: emulator.account }, targetType: "ACCOUNT" }, region: emulator.region }] }));
  emulator.control.setScopeStatus(s.scopeId, "SUCCEEDED");
  api.destroy();
  return s.scopeArn;
}

describe("AWS settings as @pulumi/aws takes them", function () {
  this.timeout(60_000);
  const savedEnv = { ...process.env };
  let east: RunningEmulator;
  let west: RunningEmulator;

  before(async () => {
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_NETWORKFLOWMONITOR", "AWS_ENDPOINT_URL_STS"]) delete process.env[k];
    // Full SigV4 verification: only the base key pair, or credentials its own STS issued, get through.
    east = await startEmulator({ region: "us-east-1", ...BASE, assumableRoles: [ROLE, SECOND_ROLE] });
    west = await startEmulator({ region: "us-west-2", ...BASE, assumableRoles: [ROLE] });
  });
  after(async () => {
    await east.stop();
    await west.stop();
    process.env = savedEnv;
  });
  beforeEach(() => {
    east.control.reset();
    west.control.reset();
  });

  const stackConfig = (emulator: RunningEmulator, extra: Record<string, string> = {}) => ({
    "aws:region": emulator.region,
    "aws:accessKey": BASE.accessKey,
    "aws:secretKey": BASE.secretKey,
    "aws:endpoints": JSON.stringify([{ networkflowmonitor: emulator.endpoint }, { sts: emulator.endpoint }]),
    ...extra,
  });

  it("aws:assumeRoles: STS AssumeRole with the base keys, then every Network Flow Monitor call with the role's temporary credentials", async () => {
    const scope = await scopeArn(east);
    east.clearRequests();
    await configure(monitors, stackConfig(east, { "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE, sessionName: "pulumi-test", externalId: "ext-1" }]) }));
    const checked = await monitors.check({}, { monitorName: "web", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC("us-east-1") }], scopeArn: scope });
    assert.deepEqual(checked.failures, []);
    await monitors.create(checked.inputs as never);

    const sessions = east.control.stsSessions();
    assert.equal(sessions.length, 1);
    assert.deepEqual([sessions[0].roleArn, sessions[0].roleSessionName, sessions[0].externalId, sessions[0].assumedWith], [ROLE, "pulumi-test", "ext-1", BASE.accessKey]);
    const calls = east.requests().map((r) => `${r.operation} ${r.accessKey === sessions[0].accessKeyId ? "role" : r.accessKey === BASE.accessKey ? "base" : r.accessKey}`);
    assert.deepEqual(calls.slice(0, 2), ["sts:AssumeRole base", "CreateMonitor role"]);
    assert.ok(calls.slice(1).every((c) => c.endsWith(" role")), calls.join("\n"));
    assert.equal(east.control.snapshot().monitors.length, 1);
  });

  it("chains aws:assumeRoles in order, each role assumed with the previous one's credentials", async () => {
    await configure(scopes, stackConfig(east, { "aws:assumeRoles": JSON.stringify([{ roleArn: ROLE }, { roleArn: SECOND_ROLE }]) }));
    const checked = await scopes.check({}, {});
    assert.deepEqual(checked.failures, []);
    // The default target is the account the assumed role belongs to (STS GetCallerIdentity with its credentials).
    assert.deepEqual(checked.inputs.targets, [{ accountId: "210987654321", region: "us-east-1" }]);
    const [first, second] = east.control.stsSessions();
    assert.equal(first.assumedWith, BASE.accessKey);
    assert.equal(second.assumedWith, first.arn);
    assert.equal(east.requests().find((r) => r.operation === "sts:GetCallerIdentity")?.accessKey, second.accessKeyId);
  });

  it("an explicit aws.Provider's settings (__awsProvider) win over the stack config: its Region, keys, role and endpoints", async () => {
    const scope = await scopeArn(west);
    west.clearRequests();
    // The stack config points at the east emulator with no role; the resource's provider says west, with a role.
    await configure(monitors, stackConfig(east));
    const awsProvider = {
      name: "west",
      region: "us-west-2",
      accessKey: BASE.accessKey,
      secretKey: BASE.secretKey,
      // JSON-encoded, as @pulumi/aws sends provider inputs and the engine returns them as outputs.
      assumeRoles: JSON.stringify([{ roleArn: ROLE }]),
      endpoints: JSON.stringify([{ networkflowmonitor: west.endpoint, sts: west.endpoint }]),
      defaultTags: JSON.stringify({ tags: { owner: "west-team" } }),
    };
    const checked = await monitors.check({}, { monitorName: "w", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC("us-west-2") }], scopeArn: scope, __awsProvider: awsProvider });
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.region, "us-west-2");
    assert.deepEqual(checked.inputs.tagsAll, { owner: "west-team" });
    assert.deepEqual(checked.inputs.__awsProvider, awsProvider, "kept, so delete and refresh reach the same account");
    const created = await monitors.create(checked.inputs as never);
    assert.equal(east.requests().length, 0, "nothing went to the stack config's endpoint");
    const session = west.control.stsSessions()[0];
    assert.ok(west.requests().filter((r) => !r.operation?.startsWith("sts:")).every((r) => r.accessKey === session.accessKeyId));

    // Refresh and delete get only the stored outputs: the provider's settings are among them.
    const read = await monitors.read("w", created.outs);
    assert.deepEqual(read.props?.__awsProvider, awsProvider);
    await monitors.delete("w", created.outs as never);
    assert.ok(west.requests().some((r) => r.operation === "DeleteMonitor" && r.accessKey === session.accessKeyId));
    assert.equal(east.requests().length, 0);
  });

  it("a change of the provider's settings is an update with no API call, so delete uses the current ones", async () => {
    const olds = { monitorName: "w", __awsProvider: { name: "p", region: "us-west-2", profile: "a" } };
    const d = await monitors.diff("w", olds, { ...olds, __awsProvider: { name: "p", region: "us-west-2", profile: "b" } });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    assert.equal((await monitors.diff("w", olds, { ...olds })).changes, false);
  });

  it("refuses, at check, provider settings it cannot apply and says what to do instead", async () => {
    await configure(monitors, { "aws:region": "us-east-1", "aws:useFipsEndpoint": "true" });
    const viaConfig = await monitors.check({}, { monitorName: "m", localResources: [{ type: "AWS::Region", identifier: "us-east-1" }], scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/s" });
    assert.deepEqual(viaConfig.failures!.map((f) => f.property), ["aws:useFipsEndpoint"]);
    assert.match(viaConfig.failures![0].reason, /not supported .* networkflowmonitor:endpoint .* FIPS endpoint/);

    await configure(monitors, { "aws:region": "us-east-1" });
    const viaProvider = await monitors.check({}, {
      monitorName: "m",
      localResources: [{ type: "AWS::Region", identifier: "us-west-2" }],
      scopeArn: "arn:aws:networkflowmonitor:us-west-2:123456789012:scope/s",
      __awsProvider: { name: "west", region: "us-west-2", assumeRoleWithWebIdentity: JSON.stringify({ roleArn: ROLE, webIdentityToken: "t" }) },
    });
    assert.deepEqual(viaProvider.failures!.map((f) => f.property), ["__awsProvider.assumeRoleWithWebIdentity"]);
    assert.match(viaProvider.failures![0].reason, /AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE/);
  });

  it("a role that cannot be assumed fails naming the role, the setting and the base credentials", async () => {
    const scope = await scopeArn(east);
    await configure(monitors, stackConfig(east, { "aws:assumeRoles": JSON.stringify([{ roleArn: "arn:aws:iam::210987654321:role/not-allowed" }]) }));
    const checked = await monitors.check({}, { monitorName: "web", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC("us-east-1") }], scopeArn: scope });
    await assert.rejects(monitors.create(checked.inputs as never), (err: Error) => {
      assert.match(err.message, /^CreateMonitor for monitor "web" in us-east-1 failed: AccessDenied: STS AssumeRole of arn:aws:iam::210987654321:role\/not-allowed \(aws:assumeRoles\[0\]\) failed/);
      assert.match(err.message, /aws:accessKey and aws:secretKey in the stack config/);
      assert.equal(err.name, "AccessDenied");
      return true;
    });
  });

  it("aws:profile with aws:sharedCredentialsFiles and aws:sharedConfigFiles: keys and Region come from those files", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-shared-"));
    try {
      fs.writeFileSync(path.join(dir, "credentials"), `[nfm]\naws_access_key_id = ${BASE.accessKey}\naws_secret_access_key = ${BASE.secretKey}\n`);
      fs.writeFileSync(path.join(dir, "config"), "[profile nfm]\nregion = us-west-2\n");
      const scope = await scopeArn(west);
      west.clearRequests();
      await configure(monitors, {
        "aws:profile": "nfm",
        "aws:sharedCredentialsFiles": JSON.stringify([path.join(dir, "credentials")]),
        "aws:sharedConfigFiles": JSON.stringify([path.join(dir, "config")]),
        "networkflowmonitor:endpoint": west.endpoint,
      });
      const checked = await monitors.check({}, { monitorName: "p", localResources: [{ type: "AWS::EC2::VPC", identifier: VPC("us-west-2") }], scopeArn: scope });
      assert.deepEqual(checked.failures, []);
      assert.equal(checked.inputs.region, "us-west-2", "the profile's region, from the config file named");
      await monitors.create(checked.inputs as never);
      assert.ok(west.requests().some((r) => r.operation === "CreateMonitor" && r.accessKey === BASE.accessKey && r.status === 200));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
