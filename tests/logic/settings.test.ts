import * as assert from "node:assert/strict";
import { DEFAULT_MAX_ATTEMPTS, readProviderSettings } from "../../provider/settings";

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
