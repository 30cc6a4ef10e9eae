// The typed Scope under Pulumi's mocks: the type token, typed outputs, and a serialized provider of one-line
// forwarders that is small and holds no credential.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

const CANARY = "canary-secret-scope-7d3a9e1f";

describe("Scope under pulumi.runtime.setMocks", () => {
  const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];
  let savedSecret: string | undefined;
  let sdk: typeof import("../../sdk");

  before(() => {
    savedSecret = process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = CANARY;
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, scopeArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/s-1", scopeId: "s-1", status: "SUCCEEDED" } };
        },
        call: () => ({}),
      },
      "proj",
      "dev",
      true,
    );
    sdk = require("../../sdk");
  });

  after(() => {
    if (savedSecret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = savedSecret;
  });

  const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

  it("registers the Scope type token and resolves its outputs", async () => {
    const scope = new sdk.Scope("scope", { targets: [{ accountId: "123456789012", region: "us-east-1" }], tags: { team: "net" } });
    assert.equal(await output(scope.scopeArn), "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/s-1");
    assert.equal(await output(scope.status), "SUCCEEDED");
    assert.deepEqual(await output(scope.targets), [{ accountId: "123456789012", region: "us-east-1" }]);
    assert.equal(registered.find((r) => r.name === "scope")?.type, "pulumi-nodejs:dynamic/networkflowmonitor:Scope");
  });

  it("serializes a provider of one-line forwarders: under 8 KB, no credential, no captured client", async () => {
    const scope = new sdk.Scope("second");
    await output(scope.urn);
    const text = registered.find((r) => r.name === "second")?.inputs.__provider as string;
    assert.equal(typeof text, "string");
    assert.ok(text.length < 8 * 1024, `__provider is ${text.length} bytes`);
    assert.ok(!text.includes(CANARY) && !JSON.stringify(registered).includes(CANARY));
    assert.match(text, /pulumi-networkflowmonitor\/dist\/provider\/scope\/provider\.js/);
    for (const method of ["check", "diff", "create", "read", "update", "delete", "configure"]) assert.match(text, new RegExp(method));
    assert.doesNotMatch(text, /NetworkFlowMonitorClient|STSClient|SignatureV4|accessKeyId/);
  });
});
