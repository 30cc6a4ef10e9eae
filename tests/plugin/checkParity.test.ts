// The same bad input gets the same failures from both front ends: the dynamic provider's check (in process, as
// its host calls it, with the `__naming` the SDK adds and `__secretInputs` for secrets) and the plugin's Check
// over gRPC (secrets marked on the wire, naming from the URN).
import { strict as assert } from "node:assert";
import * as monitor from "../../provider/monitor/provider";
import * as scope from "../../provider/scope/provider";
import type { ProviderHost } from "../../testing/engine/host";
import { ACCOUNT, configuredPlugin, MONITOR, pluginEnv, REGION, SCOPE, secret, urnOf, vpc } from "./helpers";

type Props = Record<string, unknown>;
const SCOPE_ARN = `arn:aws:networkflowmonitor:${REGION}:${ACCOUNT}:scope/11111111-2222-3333-4444-555555555555`;
const local = [{ type: "AWS::EC2::VPC", identifier: vpc() }];
const target = { accountId: ACCOUNT, region: REGION };

/** name, type, the input as the plugin gets it (secrets marked), and the names the dynamic SDK would list as secret. */
const CASES: [string, string, Props, string[]][] = [
  ["nothing", MONITOR, {}, []],
  ["a bad name", MONITOR, { monitorName: "bad name!", scopeArn: SCOPE_ARN, localResources: local }, []],
  ["no local resources", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: [] }, []],
  ["an unknown resource type", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: [{ type: "AWS::EC2::Bogus", identifier: "x" }] }, []],
  ["26 remote resources", MONITOR, {
    monitorName: "m", scopeArn: SCOPE_ARN, localResources: local,
    remoteResources: Array.from({ length: 26 }, (_, i) => ({ type: "AWS::EC2::VPC", identifier: vpc(String(i).padStart(17, "0")) })),
  }, []],
  ["an aws: tag", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: local, tags: { "aws:x": "1" } }, []],
  ["a bad timeout", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: local, timeouts: { create: "soon" } }, []],
  ["a number for region", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: local, region: 42 }, []],
  ["an unknown property", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: local, colour: "blue" }, []],
  ["a secret name", MONITOR, { monitorName: secret("m"), scopeArn: SCOPE_ARN, localResources: local }, ["monitorName"]],
  ["a scope ARN of another Region", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN.replace(REGION, "eu-west-1"), localResources: local }, []],
  ["no targets", SCOPE, { targets: [] }, []],
  ["a short account id", SCOPE, { targets: [{ accountId: "12", region: REGION }] }, []],
  ["a non-string tag", SCOPE, { targets: [target], tags: { team: 7 } }, []],
  ["an unknown scope property", SCOPE, { targets: [target], colour: "blue" }, []],
  ["a secret region", SCOPE, { targets: [target], region: secret(REGION) }, ["region"]],
];

function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object") {
    const o = v as Props;
    if ("4dabf18193072939515e22adb298388d" in o) return plain(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

describe("provider plugin: Check failures are the dynamic provider's", function () {
  this.timeout(30_000);
  let plugin: ProviderHost;

  before(async () => {
    plugin = await configuredPlugin({ region: REGION, endpoint: "http://127.0.0.1:1" }, pluginEnv());
    const values: Record<string, string> = { "aws:region": REGION, "networkflowmonitor:endpoint": "http://127.0.0.1:1" };
    const config = { config: { get: (k: string) => values[k] } } as unknown as Parameters<typeof monitor.configure>[0];
    await monitor.configure(config);
    await scope.configure(config);
  });
  after(async () => {
    await plugin?.stop();
    const none = { config: { get: () => undefined } } as unknown as Parameters<typeof monitor.configure>[0];
    await monitor.configure(none);
    await scope.configure(none);
  });

  const VALID: [string, string, Props][] = [
    ["an auto-named monitor", MONITOR, { scopeArn: SCOPE_ARN, localResources: local, tags: { team: "net" }, timeouts: { create: "5m" } }],
    ["a named monitor", MONITOR, { monitorName: "m", scopeArn: SCOPE_ARN, localResources: local, remoteResources: [{ type: "AWS::AWSService", identifier: "S3" }] }],
    ["a scope", SCOPE, { targets: [target], tags: { team: "net" } }],
  ];
  for (const [name, type, input] of VALID) {
    it(`${type.split(":").pop()}: ${name} gets the same checked inputs (auto-name, tagsAll, defaults) from both`, async () => {
      const fromPlugin = await plugin.check(urnOf(type, "r"), {}, input);
      const fromDynamic = await (type === MONITOR ? monitor : scope).check({}, { ...input, __naming: { resourceName: "r", project: "proj", stack: "dev" } });
      assert.deepEqual(fromPlugin.failures, []);
      assert.deepEqual(fromPlugin.inputs, fromDynamic.inputs);
    });
  }

  for (const [name, type, input, secretNames] of CASES) {
    it(`${type.split(":").pop()} with ${name}`, async () => {
      const urn = urnOf(type, "r");
      const fromPlugin = await plugin.check(urn, {}, input);
      const dynamic = type === MONITOR ? monitor : scope;
      const fromDynamic = await dynamic.check({}, {
        ...(plain(input) as Props),
        __naming: { resourceName: "r", project: "proj", stack: "dev" },
        ...(secretNames.length > 0 ? { __secretInputs: secretNames } : {}),
      });
      assert.ok(fromPlugin.failures.length > 0, `${name}: the plugin finds no failure`);
      assert.deepEqual(fromPlugin.failures, fromDynamic.failures);
    });
  }
});
