// The typed resource under Pulumi's mocks: outputs resolve with their types, `monitorArn` feeds
// another resource, and the serialized provider is small and holds no credential.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

const CANARY = "canary-secret-4f1d2b7e9a0c";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

class Consumer extends pulumi.CustomResource {
  constructor(name: string, props: { value: pulumi.Input<string> }) {
    super("test:index:Consumer", name, props);
  }
}

describe("Monitor under pulumi.runtime.setMocks", () => {
  const registered: Registered[] = [];
  let savedSecret: string | undefined;
  let sdk: typeof import("../../sdk");

  before(() => {
    savedSecret = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = CANARY;
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          const state: Record<string, unknown> = { ...args.inputs };
          if (args.type === "pulumi-nodejs:dynamic/networkflowmonitor:Monitor") {
            state.monitorArn = `arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/${args.inputs.monitorName ?? args.name}`;
            state.monitorStatus = "ACTIVE";
          }
          return { id: `${args.name}-id`, state };
        },
        call: () => ({}),
      },
      "proj",
      "dev",
      true, // preview: `__provider` is registered exactly as the engine receives it
    );
    sdk = require("../../sdk");
  });

  after(() => {
    if (savedSecret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = savedSecret;
  });

  const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

  it("registers the Monitor type token and resolves typed outputs that other resources can consume", async () => {
    const monitor = new sdk.Monitor("web", {
      monitorName: "web-monitor",
      localResources: [{ type: sdk.LocalResourceType.Vpc, identifier: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0" }],
      remoteResources: [{ type: "AWS::AWSService", identifier: sdk.AwsService.S3 }],
      scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/11111111-2222-3333-4444-555555555555",
      tags: { team: "net" },
    });
    const consumer = new Consumer("consumer", { value: monitor.monitorArn });

    assert.equal(await output(monitor.monitorArn), "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/web-monitor");
    assert.equal(await output(monitor.monitorStatus), "ACTIVE");
    assert.deepEqual(await output(monitor.tags), { team: "net" });
    await output(consumer.urn);
    const reg = registered.find((r) => r.name === "consumer");
    assert.equal(reg?.inputs.value, "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/web-monitor");
    const mon = registered.find((r) => r.name === "web");
    assert.equal(mon?.type, "pulumi-nodejs:dynamic/networkflowmonitor:Monitor");
    assert.deepEqual(mon?.inputs.__naming, { resourceName: "web", project: "proj", stack: "dev" });
  });

  it("serializes a provider of one-line forwarders: under 8 KB, no credential, no captured client", async () => {
    const m = new sdk.Monitor("second", {
      localResources: [{ type: "AWS::Region", identifier: "us-east-1" }],
      scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/11111111-2222-3333-4444-555555555555",
    });
    await output(m.urn);
    const reg = registered.find((r) => r.name === "second");
    const code: unknown = reg?.inputs.__provider;
    assert.equal(typeof code, "string");
    const text = code as string;
    assert.ok(text.length < 8 * 1024, `__provider is ${text.length} bytes`);
    assert.ok(!text.includes(CANARY), "__provider must not hold the secret from the environment");
    assert.ok(!JSON.stringify(registered).includes(CANARY), "no registered input may hold the secret");
    assert.match(text, /pulumi-networkflowmonitor\/dist\/provider\/monitor\/provider\.js/);
    for (const method of ["check", "diff", "create", "read", "update", "delete", "configure"]) {
      assert.match(text, new RegExp(`${method}`), `forwarder for ${method}`);
    }
    assert.doesNotMatch(text, /NetworkFlowMonitorClient|SignatureV4|accessKeyId/);
  });
});
