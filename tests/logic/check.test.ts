import * as assert from "node:assert/strict";
import fc from "fast-check";
import { checkMonitor, CheckContext } from "../../provider/monitor/check";
import { containsUnknown, UNKNOWN } from "../../provider/monitor/types";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { allPaths, clusterArn, res, scopeArn, setAt, subnetArn, validCaseArb, vpcArn } from "./arbitraries";

const ctx: CheckContext = { defaultRegion: "us-east-1" };
const naming = { resourceName: "web", project: "net", stack: "dev" };
const base = (): Record<string, unknown> => ({
  monitorName: "web-monitor",
  localResources: [res("AWS::EC2::VPC", vpcArn("us-east-1"))],
  remoteResources: [res("AWS::AWSService", "S3")],
  scopeArn: scopeArn("us-east-1"),
  tags: { team: "net" },
  region: "us-east-1",
});
const many = (n: number, region = "us-east-1") =>
  Array.from({ length: n }, (_, i) => res("AWS::EC2::Subnet", subnetArn(region, i.toString(16).padStart(8, "0"))));

describe("checkMonitor", () => {
  it("accepts a valid monitor and returns its inputs with tagsAll and the defaults filled in", () => {
    const { inputs, failures } = checkMonitor({}, { ...base(), remoteResources: undefined, tags: undefined }, { ...ctx, defaultTags: { owner: "ops" } });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { ...base(), remoteResources: [], tags: {}, tagsAll: { owner: "ops" } });
  });

  it("takes the Region from the context when the monitor sets none", () => {
    const news = { ...base() };
    delete news.region;
    const { inputs, failures } = checkMonitor({}, news, ctx);
    assert.deepEqual(failures, []);
    assert.equal(inputs.region, "us-east-1");
  });

  it("lets the monitor's tags win over default tags", () => {
    const { inputs } = checkMonitor({}, { ...base(), tags: { team: "net", owner: "me" } }, { ...ctx, defaultTags: { owner: "ops", cost: "1" } });
    assert.deepEqual(inputs.tagsAll, { owner: "me", cost: "1", team: "net" });
  });

  it("drops exact duplicate resources and keeps the order of the rest", () => {
    const a = res("AWS::EC2::VPC", vpcArn("us-east-1"));
    const b = res("AWS::AvailabilityZone", "us-east-1b");
    const { inputs, failures } = checkMonitor({}, { ...base(), localResources: [a, b, { ...a }, b] }, ctx);
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs.localResources, [a, b]);
  });

  it("accepts remote resources that are all one other Region", () => {
    const { failures } = checkMonitor({}, { ...base(), remoteResources: [res("AWS::Region", "eu-west-1")] }, ctx);
    assert.deepEqual(failures, []);
  });

  it("reports every failure, not just the first", () => {
    const { failures } = checkMonitor({}, { ...base(), monitorName: "bad name", scopeArn: "nope", tags: { "aws:x": "1" } }, ctx);
    assert.deepEqual(failures.map((f) => f.property).sort(), ["monitorName", "scopeArn", 'tags["aws:x"]']);
  });

  // One case per rule: the property path named, and the reason saying what is allowed.
  const rules: [string, (n: Record<string, unknown>) => Record<string, unknown>, string, RegExp, CheckContext?][] = [
    ["monitorName characters", (n) => ({ ...n, monitorName: "my monitor" }), "monitorName", /letter, digit, "_", "\." or "-"/],
    ["monitorName length", (n) => ({ ...n, monitorName: "a".repeat(256) }), "monitorName", /1 to 255 characters/],
    ["monitorName empty", (n) => ({ ...n, monitorName: "" }), "monitorName", /1 to 255 characters/],
    ["monitorName type", (n) => ({ ...n, monitorName: 7 }), "monitorName", /must be a string/],
    ["monitorName required without the SDK's naming", (n) => ({ ...n, monitorName: undefined }), "monitorName", /is required unless .*SDK/],
    ["localResources required", (n) => ({ ...n, localResources: undefined }), "localResources", /required: a list of 1 to 25 resources like \{type: "AWS::EC2::VPC"/],
    ["localResources not empty", (n) => ({ ...n, localResources: [] }), "localResources", /must have 1 to 25 resources/],
    ["localResources at most 25", (n) => ({ ...n, localResources: many(26) }), "localResources", /1 to 25 resources \(the service's quota per monitor\); got 26/],
    ["localResources a list", (n) => ({ ...n, localResources: { type: "AWS::Region" } }), "localResources", /must be a list of 1 to 25 resources/],
    ["remoteResources at most 25", (n) => ({ ...n, remoteResources: many(26) }), "remoteResources", /up to 25 resources/],
    ["resource is an object", (n) => ({ ...n, localResources: ["vpc-1"] }), "localResources[0]", /must be an object with type and identifier, like/],
    ["resource type required", (n) => ({ ...n, localResources: [{ identifier: "us-east-1" }] }), "localResources[0].type", /is required: one of AWS::EC2::VPC/],
    ["resource type a string", (n) => ({ ...n, localResources: [{ type: 1, identifier: "us-east-1" }] }), "localResources[0].type", /must be a string, one of/],
    ["resource identifier required", (n) => ({ ...n, remoteResources: [{ type: "AWS::Region" }] }), "remoteResources[0].identifier", /is required/],
    ["resource identifier a string", (n) => ({ ...n, remoteResources: [{ type: "AWS::Region", identifier: ["x"] }] }), "remoteResources[0].identifier", /must be a string/],
    ["resource has no other fields", (n) => ({ ...n, localResources: [{ type: "AWS::Region", identifier: "us-east-1", arn: "x" }] }), "localResources[0].arn", /only type and identifier/],
    ["local type enum", (n) => ({ ...n, localResources: [res("AWS::AWSService", "S3")] }), "localResources[0].type", /must be one of AWS::EC2::VPC, .*AWS::EKS::Cluster for a local resource \(AWS::AWSService can only be a remote resource\)/],
    ["remote type enum", (n) => ({ ...n, remoteResources: [res("AWS::EKS::Cluster", clusterArn("us-east-1"))] }), "remoteResources[0].type", /for a remote resource \(AWS::EKS::Cluster can only be a local resource\)/],
    ["VPC ARN format", (n) => ({ ...n, localResources: [res("AWS::EC2::VPC", "vpc-0123456789abcdef0")] }), "localResources[0].identifier", /must be a VPC ARN in us-east-1, like arn:aws:ec2:us-east-1:123456789012:vpc\/vpc-0123456789abcdef0/],
    ["subnet ARN format", (n) => ({ ...n, localResources: [res("AWS::EC2::Subnet", subnetArn("us-east-1", "12345"))] }), "localResources[0].identifier", /must be a subnet ARN in us-east-1, like arn:aws:ec2:us-east-1:123456789012:subnet\/subnet-0123456789abcdef0/],
    ["EKS cluster ARN format", (n) => ({ ...n, localResources: [res("AWS::EKS::Cluster", "web")] }), "localResources[0].identifier", /must be an EKS cluster ARN in us-east-1, like arn:aws:eks:us-east-1:123456789012:cluster\/my-cluster/],
    ["ARN partition matches its Region", (n) => ({ ...n, localResources: [res("AWS::EC2::VPC", "arn:aws:ec2:cn-north-1:123456789012:vpc/vpc-01234567")] }), "localResources[0].identifier", /VPC ARN in us-east-1, like/],
    ["AZ name format", (n) => ({ ...n, localResources: [res("AWS::AvailabilityZone", "use1-az1")] }), "localResources[0].identifier", /must be an Availability Zone name in us-east-1, like us-east-1a/],
    ["Region name format", (n) => ({ ...n, remoteResources: [res("AWS::Region", "Europe")] }), "remoteResources[0].identifier", /must be a Region name, like us-east-1/],
    ["AWS service names", (n) => ({ ...n, remoteResources: [res("AWS::AWSService", "EC2")] }), "remoteResources[0].identifier", /must be one of S3, DynamoDB/],
    ["local resources in the monitor's Region", (n) => ({ ...n, localResources: [res("AWS::EC2::VPC", vpcArn("us-west-2"))] }), "localResources[0].identifier", /local resources must be in the monitor's Region \(us-east-1\)/],
    ["local Region is the monitor's", (n) => ({ ...n, localResources: [res("AWS::Region", "us-west-2")] }), "localResources[0].identifier", /must be the Region name us-east-1/],
    ["remote in another Region only as AWS::Region", (n) => ({ ...n, remoteResources: [res("AWS::AvailabilityZone", "us-west-2a")] }), "remoteResources[0].identifier", /another Region \(us-west-2\) may only be of type AWS::Region/],
    ["remote with an AWS service stays in the monitor's Region", (n) => ({ ...n, remoteResources: [res("AWS::AWSService", "S3"), res("AWS::Region", "eu-west-1")] }), "remoteResources[1].identifier", /must be us-east-1: remoteResources\[0\] is an AWS::AWSService/],
    ["remote resources in a single Region (current and other)", (n) => ({ ...n, remoteResources: [res("AWS::EC2::VPC", vpcArn("us-east-1")), res("AWS::Region", "eu-west-1")] }), "remoteResources[1].identifier", /single Region, and remoteResources\[0\] is in us-east-1/],
    ["remote resources in a single Region (two others)", (n) => ({ ...n, remoteResources: [res("AWS::Region", "eu-west-1"), res("AWS::Region", "eu-west-2")] }), "remoteResources[1].identifier", /must be eu-west-1: all remote resources must be in a single Region/],
    ["scopeArn required", (n) => ({ ...n, scopeArn: undefined }), "scopeArn", /is required: the ARN of a Network Flow Monitor scope in the monitor's Region \(us-east-1\), like arn:aws:networkflowmonitor:us-east-1:/],
    ["scopeArn format", (n) => ({ ...n, scopeArn: "arn:aws:s3:::bucket/scope" }), "scopeArn", /must be the ARN of a Network Flow Monitor scope .*20 to 2048 characters/],
    ["scopeArn length", (n) => ({ ...n, scopeArn: scopeArn("us-east-1", "s".repeat(2048)) }), "scopeArn", /20 to 2048 characters/],
    ["scopeArn in the monitor's Region", (n) => ({ ...n, scopeArn: scopeArn("eu-west-1") }), "scopeArn", /must be a scope in the monitor's Region \(us-east-1\), like .*got one in eu-west-1/],
    ["tags a map", (n) => ({ ...n, tags: [["a", "b"]] }), "tags", /must be a map of tag keys to string values/],
    ["tags at most 200", (n) => ({ ...n, tags: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, "v"])) }), "tags", /at most 200 tags; got 201/],
    ["tags with default tags at most 200", (n) => ({ ...n, tags: Object.fromEntries(Array.from({ length: 199 }, (_, i) => [`k${i}`, "v"])) }), "tags", /with the provider's default tags the monitor would have 201 tags; a monitor can have at most 200/, { defaultRegion: "us-east-1", defaultTags: { a: "1", b: "2" } }],
    ["tag key length", (n) => ({ ...n, tags: { ["k".repeat(129)]: "v" } }), `tags.${"k".repeat(129)}`, /tag keys must be 1 to 128 characters/],
    ["tag key empty", (n) => ({ ...n, tags: { "": "v" } }), 'tags[""]', /tag keys must be 1 to 128 characters/],
    ["tag key reserved prefix", (n) => ({ ...n, tags: { "AWS:owner": "v" } }), 'tags["AWS:owner"]', /must not start with "aws:"/],
    ["tag value a string", (n) => ({ ...n, tags: { team: 5 } }), "tags.team", /must be a string of 0 to 256 characters/],
    ["tag value length", (n) => ({ ...n, tags: { team: "v".repeat(257) } }), "tags.team", /must be 0 to 256 characters; got 257/],
    ["region format", (n) => ({ ...n, region: "US East" }), "region", /must be a Region name like us-east-1/],
    ["region required", (n) => ({ ...n, region: undefined }), "region", /set `region` on the monitor, `aws:region` in the stack config, or the AWS_REGION environment variable/, {}],
    ["default region format", (n) => ({ ...n, region: undefined }), "region", /must be a Region name like .*default Region .* is "mars-1"/, { defaultRegion: "mars-1" }],
    ["timeouts an object", (n) => ({ ...n, timeouts: "30m" }), "timeouts", /must be an object with any of create, update, delete/],
    ["timeouts keys", (n) => ({ ...n, timeouts: { read: "5m" } }), "timeouts.read", /only create, update, delete/],
    ["timeouts durations", (n) => ({ ...n, timeouts: { create: "30 minutes" } }), "timeouts.create", /positive duration such as "30m", "1h30m"/],
    ["timeouts durations are strings", (n) => ({ ...n, timeouts: { delete: 60 } }), "timeouts.delete", /duration string like "30m"/],
    ["unknown properties", (n) => ({ ...n, localResource: [] }), "localResource", /not a property of a monitor; the properties are monitorName, localResources, remoteResources, scopeArn, tags, region, timeouts/],
    ["__naming shape", (n) => ({ ...n, __naming: { resourceName: "x" } }), "__naming", /resourceName, project, stack/],
  ];
  for (const [rule, mutate, path, reason, context] of rules) {
    it(`rejects: ${rule}`, () => {
      const { failures } = checkMonitor({}, mutate(base()), context ?? ctx);
      const f = failures.find((x) => x.property === path);
      assert.ok(f, `expected a failure on ${path}, got ${JSON.stringify(failures)}`);
      assert.match(f.reason, reason);
    });
  }

  it("takes its bounds from the model", () => {
    assert.equal(serviceModel.shapes.ResourceName.max, 255);
    assert.equal(serviceModel.shapes.TagMap.max, 200);
    assert.equal(serviceModel.shapes.TagKey.max, 128);
    assert.equal(serviceModel.shapes.TagValue.max, 256);
  });

  describe("auto-naming", () => {
    const unnamed = () => {
      const n: Record<string, unknown> = { ...base(), __naming: naming };
      delete n.monitorName;
      return n;
    };

    it("names the monitor after the resource when monitorName is not set", () => {
      const { inputs, failures } = checkMonitor({}, unnamed(), ctx);
      assert.deepEqual(failures, []);
      assert.match(String(inputs.monitorName), /^web-[0-9a-f]{7}$/);
      assert.deepEqual(inputs.__naming, naming);
    });

    it("gives the same name in the preview pass and the update pass, and on later updates", () => {
      const first = checkMonitor({}, unnamed(), ctx).inputs;
      assert.equal(checkMonitor({}, unnamed(), ctx).inputs.monitorName, first.monitorName);
      assert.equal(checkMonitor(first, { ...unnamed(), tags: { x: "y" } }, ctx).inputs.monitorName, first.monitorName);
    });

    it("keeps an auto-name when the resource or stack is renamed but nothing replacing changed", () => {
      const first = checkMonitor({}, unnamed(), ctx).inputs;
      const renamed = checkMonitor(first, { ...unnamed(), __naming: { ...naming, stack: "dev2" } }, ctx).inputs;
      assert.equal(renamed.monitorName, first.monitorName);
    });

    it("picks a new name when a replacing field changes, so the replacement can exist beside the old monitor", () => {
      const first = checkMonitor({}, unnamed(), ctx).inputs;
      const moved = checkMonitor(first, { ...unnamed(), scopeArn: scopeArn("us-east-1", "other") }, ctx).inputs;
      assert.notEqual(moved.monitorName, first.monitorName);
    });

    it("keeps a user's name over the auto-name", () => {
      const { inputs } = checkMonitor({}, { ...base(), __naming: naming }, ctx);
      assert.equal(inputs.monitorName, "web-monitor");
    });

    it("is unknown while scopeArn or region is unknown", () => {
      assert.equal(checkMonitor({}, { ...unnamed(), scopeArn: UNKNOWN }, ctx).inputs.monitorName, UNKNOWN);
      assert.equal(checkMonitor({}, { ...unnamed(), region: UNKNOWN }, ctx).inputs.monitorName, UNKNOWN);
    });
  });

  describe("unknown values", () => {
    it("pass through untouched wherever they are and never fail", () => {
      fc.assert(
        fc.property(
          validCaseArb.chain((c) => fc.record({ c: fc.constant(c), path: fc.constantFrom(...allPaths(c.news)) })),
          ({ c, path }) => {
            const news = setAt(c.news, path, UNKNOWN) as Record<string, unknown>;
            const { inputs, failures } = checkMonitor({}, news, c.ctx);
            assert.deepEqual(failures, []);
            const top = String(path[0]);
            if (path.length === 1) assert.equal(inputs[top], UNKNOWN);
            else assert.ok(containsUnknown(inputs[top]), `${path.join(".")} kept`);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("make tagsAll unknown when the whole tags map is unknown", () => {
      const { inputs } = checkMonitor({}, { ...base(), tags: UNKNOWN }, { ...ctx, defaultTags: { a: "b" } });
      assert.equal(inputs.tagsAll, UNKNOWN);
    });

    it("do not count against the resource quota, as they may turn out to be duplicates", () => {
      const { failures } = checkMonitor({}, { ...base(), localResources: [...many(25), UNKNOWN] }, ctx);
      assert.deepEqual(failures, []);
    });
  });

  describe("properties", () => {
    it("accepts every valid input", () => {
      fc.assert(
        fc.property(validCaseArb, (c) => {
          assert.deepEqual(checkMonitor({}, c.news, c.ctx).failures, []);
        }),
        { numRuns: 300 },
      );
    });

    it("is idempotent: its own output checks to itself with no failures", () => {
      fc.assert(
        fc.property(validCaseArb, (c) => {
          const once = checkMonitor({}, c.news, c.ctx);
          const twice = checkMonitor(once.inputs, once.inputs, c.ctx);
          assert.deepEqual(twice.failures, []);
          assert.deepEqual(twice.inputs, once.inputs);
        }),
        { numRuns: 200 },
      );
    });

    // Each mutation breaks one rule; the failure must name that field.
    const mutations: [string, (n: Record<string, unknown>, region: string) => Record<string, unknown>][] = [
      ["monitorName", (n) => ({ ...n, monitorName: "no spaces allowed" })],
      ["localResources", (n) => ({ ...n, localResources: [] })],
      ["localResources[0].type", (n) => ({ ...n, localResources: [res("AWS::S3::Bucket", "b"), ...(n.localResources as [])] })],
      ["localResources[0].identifier", (n, r) => ({ ...n, localResources: [res("AWS::EC2::VPC", vpcArn(r === "us-west-2" ? "us-east-1" : "us-west-2"))] })],
      ["remoteResources[0].identifier", (n) => ({ ...n, remoteResources: [res("AWS::AWSService", "Lambda")] })],
      ["remoteResources", (n) => ({ ...n, remoteResources: "all" })],
      ["scopeArn", (n, r) => ({ ...n, scopeArn: scopeArn(r === "us-west-2" ? "us-east-1" : "us-west-2") })],
      ["tags", (n) => ({ ...n, tags: "team=net" })],
      ['tags["aws:team"]', (n) => ({ ...n, tags: { "aws:team": "net" } })],
      ["region", (n) => ({ ...n, region: "moon-base-1a" })],
      ["timeouts.update", (n) => ({ ...n, timeouts: { update: "-5m" } })],
      ["timeouts.read", (n) => ({ ...n, timeouts: { read: "5m" } })],
      ["name", (n) => ({ ...n, name: "x" })],
    ];
    it("rejects every input with one broken field, naming that field", () => {
      fc.assert(
        fc.property(validCaseArb, fc.constantFrom(...mutations), (c, [path, mutate]) => {
          const { failures } = checkMonitor({}, mutate(c.news, c.region), c.ctx);
          assert.ok(
            failures.some((f) => f.property === path),
            `expected a failure on ${path}, got ${JSON.stringify(failures)}`,
          );
        }),
        { numRuns: 300 },
      );
    });
  });
});
