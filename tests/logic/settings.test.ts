import * as assert from "node:assert/strict";
import fc from "fast-check";
import { UNKNOWN } from "../../provider/monitor/types";
import { DEFAULT_MAX_ATTEMPTS, readAwsProviderSettings, readProviderSettings } from "../../provider/settings";

const from = (config: Record<string, string>) => readProviderSettings((k) => config[k]);

describe("readProviderSettings (stack config → provider settings)", () => {
  it("reads aws:region, aws:profile and aws:defaultTags", () => {
    const s = from({ "aws:region": "eu-west-1", "aws:profile": "ops", "aws:defaultTags": '{"tags":{"owner":"net"}}' });
    assert.equal(s.region, "eu-west-1");
    assert.equal(s.profile, "ops");
    assert.deepEqual(s.defaultTags, { owner: "net" });
    assert.deepEqual(s.problems, []);
    assert.equal(s.maxAttempts, DEFAULT_MAX_ATTEMPTS);
  });

  it("takes the endpoint from networkflowmonitor:endpoint before aws:endpoints", () => {
    assert.equal(from({ "aws:endpoints": '[{"s3":"http://x"},{"networkflowmonitor":"http://127.0.0.1:4000"}]' }).endpoint, "http://127.0.0.1:4000");
    assert.equal(from({ "networkflowmonitor:endpoint": "http://127.0.0.1:1", "aws:endpoints": '[{"networkflowmonitor":"http://127.0.0.1:2"}]' }).endpoint, "http://127.0.0.1:1");
    assert.equal(from({}).endpoint, undefined);
  });

  it("reports bad config as problems naming the key, instead of throwing", () => {
    const s = from({ "aws:defaultTags": "{not json", "networkflowmonitor:endpoint": "localhost:1", "networkflowmonitor:maxAttempts": "0" });
    assert.deepEqual(s.problems.map((p) => p.property).sort(), ["aws:defaultTags", "networkflowmonitor:endpoint", "networkflowmonitor:maxAttempts"]);
    assert.match(s.problems.find((p) => p.property === "aws:defaultTags")!.reason, /\{"tags"/);
    assert.deepEqual(from({ "aws:defaultTags": '{"tags":{"n":1}}' }).problems.map((p) => p.property), ["aws:defaultTags"]);
  });
});

describe("AWS settings as @pulumi/aws takes them (stack config and an explicit aws.Provider)", () => {
  const role = "arn:aws:iam::210987654321:role/deploy";

  it("reads aws:assumeRoles (v7, a list, chained in order) and aws:assumeRole (v6, one object)", () => {
    const s = from({ "aws:assumeRoles": JSON.stringify([{ roleArn: role, sessionName: "ci", externalId: "x", duration: "1h", tags: { team: "net" } }, { roleArn: `${role}2` }]) });
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.assumeRoles, [{ roleArn: role, sessionName: "ci", externalId: "x", durationSeconds: 3600, tags: { team: "net" } }, { roleArn: `${role}2` }]);
    assert.deepEqual(from({ "aws:assumeRole": JSON.stringify({ roleArn: role }) }).assumeRoles, [{ roleArn: role }]);
    // An entry with no roleArn is "no role", as @pulumi/aws treats an empty block.
    assert.deepEqual(from({ "aws:assumeRoles": "[{}]" }).assumeRoles, []);
  });

  it("names the bad part of a role: its ARN, its duration, or both spellings at once", () => {
    const props = (c: Record<string, string>) => from(c).problems.map((p) => p.property);
    assert.deepEqual(props({ "aws:assumeRoles": JSON.stringify([{ roleArn: "deploy" }]) }), ["aws:assumeRoles[0].roleArn"]);
    assert.deepEqual(props({ "aws:assumeRoles": JSON.stringify([{ roleArn: role, duration: "5m" }]) }), ["aws:assumeRoles[0].duration"]);
    assert.deepEqual(props({ "aws:assumeRoles": JSON.stringify([{ roleArn: role }]), "aws:assumeRole": JSON.stringify({ roleArn: role }) }), ["aws:assumeRole"]);
  });

  it("reads static keys, shared files, the STS Region and the sts entry of aws:endpoints; keys come in pairs", () => {
    const s = from({
      "aws:accessKey": "AKID", "aws:secretKey": "S", "aws:token": "T", "aws:stsRegion": "us-east-1",
      "aws:sharedCredentialsFiles": '["/tmp/creds"]', "aws:sharedConfigFiles": '["/tmp/config"]',
      "aws:endpoints": '[{"sts":"http://127.0.0.1:9"},{"networkflowmonitor":"http://127.0.0.1:8"}]',
    });
    assert.deepEqual(s.problems, []);
    assert.deepEqual([s.accessKey, s.secretKey, s.token, s.stsRegion, s.sharedCredentialsFile, s.sharedConfigFile, s.stsEndpoint, s.endpoint, s.endpointSource],
      ["AKID", "S", "T", "us-east-1", "/tmp/creds", "/tmp/config", "http://127.0.0.1:9", "http://127.0.0.1:8", "the networkflowmonitor entry of aws:endpoints"]);
    assert.deepEqual(from({ "aws:accessKey": "AKID" }).problems.map((p) => p.property), ["aws:secretKey"], "the missing half is named");
    assert.match(from({ "aws:sharedCredentialsFiles": '["a","b"]' }).problems[0].reason, /reads one: merge them/);
  });

  it("takes aws:maxRetries as @pulumi/aws does (attempts = retries + 1); networkflowmonitor:maxAttempts wins", () => {
    assert.equal(from({ "aws:maxRetries": "4" }).maxAttempts, 5);
    assert.equal(from({ "aws:maxRetries": "4", "networkflowmonitor:maxAttempts": "2" }).maxAttempts, 2);
    assert.equal(readAwsProviderSettings({ maxRetries: 0 }, () => undefined).maxAttempts, 1);
    assert.deepEqual(from({ "aws:maxRetries": "-1" }).problems.map((p) => p.property), ["aws:maxRetries"]);
  });

  it("refuses settings it cannot apply instead of ignoring them, but not their unset defaults", () => {
    assert.deepEqual(from({ "aws:useFipsEndpoint": "true", "aws:allowedAccountIds": '["123456789012"]' }).problems.map((p) => p.property), ["aws:useFipsEndpoint", "aws:allowedAccountIds"]);
    assert.deepEqual(from({ "aws:useFipsEndpoint": "false", "aws:insecure": "false", "aws:allowedAccountIds": "[]" }).problems, []);
  });

  it("an explicit provider ignores the aws:* stack config (as @pulumi/aws does) but keeps networkflowmonitor:*", () => {
    const config: Record<string, string> = { "aws:region": "us-east-1", "aws:profile": "stack", "networkflowmonitor:maxAttempts": "4", "networkflowmonitor:endpoint": "http://127.0.0.1:1" };
    const s = readAwsProviderSettings({ name: "west", region: "us-west-2", assumeRoles: JSON.stringify([{ roleArn: role }]), defaultTags: { tags: { a: "b" } } }, (k) => config[k]);
    assert.deepEqual(s.problems, []);
    assert.deepEqual([s.region, s.profile, s.maxAttempts, s.endpoint, s.endpointSource, s.origin], ["us-west-2", undefined, 4, "http://127.0.0.1:1", "networkflowmonitor:endpoint", 'aws.Provider "west"']);
    assert.deepEqual(s.assumeRoles, [{ roleArn: role }]);
    assert.deepEqual(s.defaultTags, { a: "b" });
    const own = readAwsProviderSettings({ endpoints: [{ networkflowmonitor: "http://127.0.0.1:2" }] }, (k) => config[k]);
    assert.equal(own.endpoint, "http://127.0.0.1:2", "the provider's own endpoint is the more specific one");
    assert.deepEqual(readAwsProviderSettings({ name: "p", endpoints: "nope" }, () => undefined).problems.map((p) => p.property), ["__awsProvider.endpoints"]);
  });

  it("a provider whose settings are not known yet (preview) makes the Region unknown and reports nothing", () => {
    const s = readAwsProviderSettings(UNKNOWN, () => undefined);
    assert.deepEqual([s.region, s.problems], [UNKNOWN, []]);
    const partly = readAwsProviderSettings({ name: "p", region: UNKNOWN, assumeRoles: UNKNOWN }, () => undefined);
    assert.deepEqual([partly.region, partly.assumeRoles, partly.problems], [UNKNOWN, [], []]);
    // The SDK leaves out settings not known in preview and names them: an unknown region stays unknown.
    assert.equal(readAwsProviderSettings({ name: "p", notKnownYet: ["region", "profile"] }, () => undefined).region, UNKNOWN);
    assert.equal(readAwsProviderSettings({ name: "p", notKnownYet: ["profile"] }, () => undefined).region, undefined);
  });

  it("JSON-encoded and already-parsed provider values read the same (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ roleArn: fc.stringMatching(/^arn:aws:iam::\d{12}:role\/[a-z]{1,10}$/), sessionName: fc.stringMatching(/^[a-z]{2,10}$/) }), { maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
        (roles, tags) => {
          const parsed = readAwsProviderSettings({ assumeRoles: roles, defaultTags: { tags } }, () => undefined);
          const encoded = readAwsProviderSettings({ assumeRoles: JSON.stringify(roles), defaultTags: JSON.stringify({ tags }) }, () => undefined);
          assert.deepEqual(encoded, parsed);
          assert.deepEqual(parsed.problems, []);
          assert.equal(parsed.assumeRoles.length, roles.length);
        },
      ),
    );
  });
});
