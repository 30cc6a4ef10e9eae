// Errors a user can act on: every failed call names the operation, the resource and the Region, keeps the AWS
// error's name (the error table of docs/monitor.md is keyed on it) and class, and says what to check: the endpoint and the
// setting it came from for a connection failure (at once, not after ten retries), the credentials' source for a
// credential failure.
import * as assert from "node:assert/strict";
import * as net from "node:net";
import fc from "fast-check";
import { ResourceNotFoundException } from "../../provider/client";
import { describeFailure, describeTarget } from "../../provider/failures";
import * as monitors from "../../provider/monitor/provider";
import { startEmulator, type RunningEmulator } from "../../testing";

const SCOPE = "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/s-1";
const NEWS = { monitorName: "web", localResources: [{ type: "AWS::Region", identifier: "us-east-1" }], scopeArn: SCOPE };

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function createWith(config: Record<string, string>): Promise<Error & { name: string }> {
  await monitors.configure({ config: { get: (k: string) => config[k] } } as never);
  const checked = await monitors.check({}, NEWS);
  assert.deepEqual(checked.failures, []);
  try {
    await monitors.create(checked.inputs as never);
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error("create succeeded");
}

describe("failures name the operation, the resource, and what to check", function () {
  this.timeout(60_000);
  const savedEnv = { ...process.env };
  let emulator: RunningEmulator;

  before(async () => {
    for (const k of ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_NETWORKFLOWMONITOR", "AWS_REGION"]) delete process.env[k];
    process.env.AWS_ACCESS_KEY_ID = "AKIDRIGHT";
    process.env.AWS_SECRET_ACCESS_KEY = "right-secret";
    emulator = await startEmulator({ accessKey: "AKIDRIGHT", secretKey: "right-secret" });
  });
  after(async () => {
    await emulator.stop();
    process.env = savedEnv;
  });

  for (const [source, config, env] of [
    ["networkflowmonitor:endpoint", (url: string) => ({ "networkflowmonitor:endpoint": url }), {}],
    ["the networkflowmonitor entry of aws:endpoints", (url: string) => ({ "aws:endpoints": JSON.stringify([{ networkflowmonitor: url }]) }), {}],
    ["AWS_ENDPOINT_URL_NETWORKFLOWMONITOR in the environment", () => ({}), { AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: true }],
  ] as const) {
    it(`a refused connection fails at once, naming the endpoint and where it came from (${source})`, async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      if ("AWS_ENDPOINT_URL_NETWORKFLOWMONITOR" in env) process.env.AWS_ENDPOINT_URL_NETWORKFLOWMONITOR = url;
      const started = Date.now();
      try {
        const err = await createWith({ "aws:region": "us-east-1", ...config(url) });
        assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms: a refused connection must not be retried ten times`);
        assert.match(err.message, new RegExp(`^CreateMonitor for monitor "web" in us-east-1 failed: cannot reach ${url.replace(/\./g, "\\.")}/? \\(ECONNREFUSED\\)`));
        assert.ok(err.message.includes(`That endpoint comes from ${source}`), err.message);
      } finally {
        delete process.env.AWS_ENDPOINT_URL_NETWORKFLOWMONITOR;
      }
    });
  }

  it("a credential failure keeps the AWS error's name and says where the credentials came from", async () => {
    const err = await createWith({ "aws:region": "us-east-1", "networkflowmonitor:endpoint": emulator.endpoint, "aws:accessKey": "AKIDRIGHT", "aws:secretKey": "wrong" });
    assert.equal(err.name, "AccessDeniedException");
    assert.match(err.message, /^CreateMonitor for monitor "web" in us-east-1 failed: AccessDeniedException: The request signature we calculated does not match/);
    assert.match(err.message, /credentials: aws:accessKey and aws:secretKey in the stack config; check that they are valid/);
    assert.ok(!err.message.includes("wrong"), "never the secret itself");
  });

  it("a service error keeps its class, so callers and the error table of docs/monitor.md still recognise it", async () => {
    await monitors.configure({ config: { get: (k: string) => ({ "aws:region": "us-east-1", "networkflowmonitor:endpoint": emulator.endpoint } as Record<string, string>)[k] } } as never);
    const err = await monitors.update("gone", { monitorName: "gone", region: "us-east-1", monitorArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/gone", monitorStatus: "ACTIVE", localResources: [], remoteResources: [], tags: {}, tagsAll: {} } as never, { monitorName: "gone", region: "us-east-1", localResources: [{ type: "AWS::Region", identifier: "us-east-1" }], remoteResources: [], tags: {}, tagsAll: {} } as never).then(() => undefined, (e: Error) => e);
    assert.ok(err instanceof ResourceNotFoundException, String(err));
    assert.match(err.message, /^UpdateMonitor for monitor "gone" in us-east-1 failed: ResourceNotFoundException: /);
    assert.ok(err.stack?.startsWith(`ResourceNotFoundException: ${err.message}`) || err.stack?.includes(err.message), "the stack's first line says the same");
  });

  it("describeFailure: operation, target, Region, error name and the service's message, for any of them (property)", () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/);
    fc.assert(
      fc.property(fc.constantFrom("CreateMonitor", "GetMonitor", "UpdateMonitor", "DeleteMonitor"), name, fc.constantFrom("ValidationException", "ConflictException", "ThrottlingException"), fc.string({ maxLength: 60 }), (operation, monitorName, errorName, message) => {
        const text = describeFailure({ operation, input: { monitorName } }, { name: errorName, message }, { region: "eu-west-1", credentials: "x" });
        return text === `${operation} for monitor "${monitorName}" in eu-west-1 failed: ${errorName}: ${message.trim()}`;
      }),
    );
    assert.equal(
      describeFailure({ operation: "GetMonitor", input: { monitorName: "m" } }, { name: "CredentialsProviderError", message: "Could not load credentials from any providers" }, { region: "us-east-1", credentials: 'the AWS profile "ops" (aws:profile)' }),
      'GetMonitor for monitor "m" in us-east-1 failed: CredentialsProviderError: Could not load credentials from any providers (credentials: the AWS profile "ops" (aws:profile); none could be loaded from there: set that profile up (or log in to its SSO session), or set the keys)',
    );
    assert.equal(describeTarget("TagResource", { resourceArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:scope/abc" }), 'scope "abc"');
    assert.equal(describeTarget("CreateScope", {}), "a new scope");
  });
});
