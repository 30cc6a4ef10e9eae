import * as assert from "node:assert/strict";
import fc from "fast-check";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { isRegionName, partitionForRegion } from "../../provider/monitor/regions";
import { checkMonitorResources } from "../../provider/monitor/resourceRules";
import { AwsService, LocalResourceType, RemoteResourceType, UNKNOWN } from "../../provider/monitor/types";
import { localResourceArb, regionArb, remoteResourcesArb, res, subnetArn, vpcArn } from "./arbitraries";

describe("checkMonitorResources", () => {
  it("knows exactly the model's resource types on each side", () => {
    assert.deepEqual(Object.values(LocalResourceType).sort(), [...(serviceModel.shapes.MonitorLocalResourceType.enum ?? [])].sort());
    assert.deepEqual(Object.values(RemoteResourceType).sort(), [...(serviceModel.shapes.MonitorRemoteResourceType.enum ?? [])].sort());
    assert.deepEqual(Object.values(AwsService), ["S3", "DynamoDB"]);
  });

  it("accepts every generated valid combination", () => {
    fc.assert(
      fc.property(
        regionArb.chain((region) =>
          fc.record({
            region: fc.constant(region),
            localResources: fc.array(localResourceArb(region), { minLength: 1, maxLength: 8 }),
            remoteResources: remoteResourcesArb(region),
          }),
        ),
        (args) => assert.deepEqual(checkMonitorResources(args), []),
      ),
      { numRuns: 300 },
    );
  });

  it("uses the caller's path prefixes", () => {
    const v = checkMonitorResources({
      region: "us-east-1",
      localResources: [res("AWS::EC2::Subnet", "subnet-1")],
      remoteResources: [res("AWS::AWSService", "SQS")],
      localPath: "LocalResources",
      remotePath: "RemoteResources",
    });
    assert.deepEqual(v.map((x) => x.path), ["LocalResources[0].identifier", "RemoteResources[0].identifier"]);
    assert.match(v[0].message, /^must be a subnet ARN in us-east-1, like arn:aws:ec2:us-east-1:123456789012:subnet\/subnet-0123456789abcdef0; got "subnet-1"$/);
  });

  it("uses the Region's partition in ARNs and examples", () => {
    assert.deepEqual(checkMonitorResources({ region: "cn-north-1", localResources: [res("AWS::EC2::VPC", vpcArn("cn-north-1"))], remoteResources: [] }), []);
    const v = checkMonitorResources({ region: "us-gov-west-1", localResources: [res("AWS::EC2::VPC", "arn:aws:ec2:us-gov-west-1:123456789012:vpc/vpc-01234567")], remoteResources: [] });
    assert.match(v[0].message, /like arn:aws-us-gov:ec2:us-gov-west-1:/);
  });

  it("skips items whose type is unknown and shapes the caller reports, but checks a known type beside an unknown identifier", () => {
    const v = checkMonitorResources({
      region: "us-east-1",
      localResources: [res(UNKNOWN, "nonsense"), res("AWS::Nope", UNKNOWN), UNKNOWN as any, null as any, { type: 3 } as any],
      remoteResources: [res("AWS::Region", UNKNOWN)],
    });
    assert.deepEqual(v.map((x) => x.path), ["localResources[1].type"]);
  });

  it("checks formats only when the Region is not known", () => {
    const v = checkMonitorResources({
      region: UNKNOWN,
      localResources: [res("AWS::EC2::Subnet", subnetArn("eu-west-1")), res("AWS::AvailabilityZone", "nowhere")],
      remoteResources: [res("AWS::AWSService", "S3"), res("AWS::Region", "eu-west-3")],
    });
    assert.deepEqual(v.map((x) => x.path), ["localResources[1].identifier"]);
    assert.match(v[0].message, /must be an Availability Zone name, like us-east-1a/);
  });

  it("accepts 8- and 17-digit resource ids, lowercase hex only", () => {
    const ok = (id: string) => checkMonitorResources({ region: "us-east-1", localResources: [res("AWS::EC2::VPC", vpcArn("us-east-1", id))], remoteResources: [] }).length === 0;
    assert.ok(ok("0a1b2c3d"));
    assert.ok(ok("0123456789abcdef0"));
    assert.ok(!ok("0A1B2C3D"));
    assert.ok(!ok("0a1b2c3d4"));
  });
});

describe("Region names", () => {
  it("accepts the documented forms and maps them to partitions", () => {
    for (const r of ["us-west-2", "cn-north-1", "us-gov-west-1", "ap-southeast-5", "eu-central-2", "il-central-1", "mx-central-1", "us-isob-east-1"]) {
      assert.ok(isRegionName(r), r);
    }
    for (const r of ["us-west", "US-WEST-2", "us-west-2a", "uswest2", "", "us-west-2 "]) assert.ok(!isRegionName(r), r);
    assert.equal(partitionForRegion("cn-northwest-1"), "aws-cn");
    assert.equal(partitionForRegion("us-gov-east-1"), "aws-us-gov");
    assert.equal(partitionForRegion("us-iso-east-1"), "aws-iso");
    assert.equal(partitionForRegion("us-isob-east-1"), "aws-iso-b");
    assert.equal(partitionForRegion("eu-west-1"), "aws");
  });
});
