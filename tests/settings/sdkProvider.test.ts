// An explicit aws.Provider on a Monitor or Scope, or through `providers` on a component: under Pulumi's mocks,
// the dynamic resource must not be registered with the aws.Provider as its provider (the engine would send its
// Check and Create to the AWS plugin), and the provider's settings must arrive as the secret `__awsProvider`
// input. Before this change the provider was passed on as is and its settings were ignored.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  provider?: string;
  inputs: Record<string, any>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const MONITOR = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";
const SCOPE_ARN = "arn:aws:networkflowmonitor:us-west-2:123456789012:scope/s-1";
const local = [{ type: "AWS::Region" as const, identifier: "us-west-2" }];

describe("an explicit aws.Provider on Monitor, Scope and WorkloadMonitor", () => {
  const registered: Registered[] = [];
  let sdk: typeof import("../../sdk");

  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          // Mocks see secrets as {<signature>: ..., value}: record whether __awsProvider came as one, and its value.
          const p = args.inputs.__awsProvider;
          const secret = p && typeof p === "object" && SECRET_SIG in p;
          const inputs = p === undefined ? args.inputs : { ...args.inputs, __awsProvider: secret ? p.value : p, __awsProviderWasSecret: secret };
          registered.push({ type: args.type, name: args.name, provider: args.provider, inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs } };
        },
        call: () => ({}),
      },
      "proj",
      "dev",
      false,
    );
    sdk = require("../../sdk");
  });

  const settled = () => new Promise((r) => setTimeout(r, 50));
  const find = (name: string) => registered.find((r) => r.name === name && r.type !== "pulumi:providers:aws")!;

  it("passes the provider's region, profile, roles and endpoints as __awsProvider, and registers the monitor without it", async () => {
    const west = new aws.Provider("west", {
      region: "us-west-2",
      profile: "ops",
      assumeRoles: [{ roleArn: "arn:aws:iam::210987654321:role/deploy", sessionName: "s" }],
      endpoints: [{ networkflowmonitor: "http://127.0.0.1:4566" }],
    });
    new sdk.Monitor("west-monitor", { localResources: local, scopeArn: SCOPE_ARN }, { provider: west });
    await settled();
    const monitor = find("west-monitor");
    assert.equal(monitor.type, MONITOR);
    assert.ok(!monitor.provider?.includes("pulumi:providers:aws"), `registered with ${monitor.provider}`);
    const p = monitor.inputs.__awsProvider;
    assert.equal(p.name, "west");
    assert.equal(p.region, "us-west-2");
    assert.equal(p.profile, "ops");
    assert.deepEqual(JSON.parse(p.assumeRoles), [{ roleArn: "arn:aws:iam::210987654321:role/deploy", sessionName: "s" }]);
    assert.deepEqual(JSON.parse(p.endpoints), [{ networkflowmonitor: "http://127.0.0.1:4566" }]);
  });

  it("marks __awsProvider secret: it may hold the provider's keys", async () => {
    const keyed = new aws.Provider("keyed", { region: "us-west-2", accessKey: "AKIDX", secretKey: "s3cr3t" });
    new sdk.Monitor("keyed-monitor", { localResources: local, scopeArn: SCOPE_ARN }, { provider: keyed });
    await settled();
    const inputs = find("keyed-monitor").inputs;
    assert.equal(inputs.__awsProviderWasSecret, true);
    assert.equal(inputs.__awsProvider.secretKey, "s3cr3t");
  });

  it("takes the provider a component got through `providers` (WorkloadMonitor's monitors, and a Scope)", async () => {
    const west = new aws.Provider("component-west", { region: "us-west-2" });
    // No `region`: the default Region (AWS_REGION here) must not be used to judge where a us-west-2 ARN belongs.
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = "us-east-1";
    try {
      new sdk.WorkloadMonitor("shop", { local: ["arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0123456789abcdef0"], scopeArn: SCOPE_ARN }, { providers: [west] });
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved;
    }
    const parent = new pulumi.ComponentResource("test:index:Parent", "parent", {}, { providers: { aws: west } });
    new sdk.Scope("scoped", {}, { parent });
    await settled();
    const monitor = registered.find((r) => r.type === MONITOR && r.name.startsWith("shop-"))!;
    assert.equal(monitor.inputs.__awsProvider.name, "component-west");
    assert.equal(find("scoped").inputs.__awsProvider.region, "us-west-2");
  });

  it("without a provider, nothing is added: the stack's aws:* config applies", async () => {
    new sdk.Monitor("plain", { localResources: local, scopeArn: SCOPE_ARN });
    await settled();
    assert.equal(find("plain").inputs.__awsProvider, undefined);
  });

  it("refuses a provider of another package, saying what to pass", () => {
    class GcpProvider extends pulumi.ProviderResource {
      constructor(name: string) {
        super("gcp", name, {});
      }
    }
    const other = new GcpProvider("g");
    assert.throws(
      () => new sdk.Monitor("wrong", { localResources: local, scopeArn: SCOPE_ARN }, { provider: other }),
      /Monitor "wrong": opts.provider is a "gcp" provider; pass an aws.Provider from @pulumi\/aws/,
    );
  });
});
