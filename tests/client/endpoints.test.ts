// Where requests go: the endpoint option, AWS_ENDPOINT_URL_NETWORKFLOWMONITOR, AWS_ENDPOINT_URL,
// profile endpoint_url, and otherwise the model's endpoint rules.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { HttpResponse, type HttpRequest } from "@smithy/core/protocols";
import { GetMonitorCommand, NetworkFlowMonitorClient, defaultEndpointResolver } from "../../provider/client";
import { CaptureServer, ENDPOINT_ENV_UNSET, TEST_CREDENTIALS, withEnv } from "./captureServer";

describe("client endpoint resolution", () => {
  let server: CaptureServer;
  let other: CaptureServer;
  let tmp: string;
  let emptyConfig: string;

  before(async () => {
    server = await CaptureServer.start();
    other = await CaptureServer.start();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-client-endpoints-"));
    emptyConfig = path.join(tmp, "empty-config");
    fs.writeFileSync(emptyConfig, "");
  });
  after(async () => {
    await server.close();
    await other.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => { server.reset(); other.reset(); });

  /** Env with nothing that redirects the client, and a shared config file we control. */
  const cleanEnv = (extra: Record<string, string | undefined> = {}) =>
    ({ ...ENDPOINT_ENV_UNSET, AWS_CONFIG_FILE: emptyConfig, ...extra });

  async function getVia(config: ConstructorParameters<typeof NetworkFlowMonitorClient>[0]) {
    const client = new NetworkFlowMonitorClient({ region: "us-west-2", credentials: TEST_CREDENTIALS, ...config });
    try {
      await client.send(new GetMonitorCommand({ monitorName: "web" }));
    } finally {
      client.destroy();
    }
  }

  it("sends to the endpoint option", () => withEnv(cleanEnv(), async () => {
    await getVia({ endpoint: server.endpoint });
    assert.equal(server.requests.length, 1);
    assert.equal(server.last.rawPath, "/monitors/web");
    assert.equal(server.last.headers.host, new URL(server.endpoint).host);
  }));

  it("prefers the endpoint option over AWS_ENDPOINT_URL_NETWORKFLOWMONITOR", () =>
    withEnv(cleanEnv({ AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: other.endpoint }), async () => {
      await getVia({ endpoint: server.endpoint });
      assert.equal(server.requests.length, 1);
      assert.equal(other.requests.length, 0);
    }));

  it("sends to AWS_ENDPOINT_URL_NETWORKFLOWMONITOR, ahead of AWS_ENDPOINT_URL", () =>
    withEnv(cleanEnv({ AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: server.endpoint, AWS_ENDPOINT_URL: other.endpoint }), async () => {
      await getVia({});
      assert.equal(server.requests.length, 1);
      assert.equal(other.requests.length, 0);
    }));

  it("sends to AWS_ENDPOINT_URL", () => withEnv(cleanEnv({ AWS_ENDPOINT_URL: server.endpoint }), async () => {
    await getVia({});
    assert.equal(server.requests.length, 1);
  }));

  it("sends to the profile's endpoint_url (AWS_CONFIG_FILE + AWS_PROFILE)", async () => {
    const config = path.join(tmp, "config-endpoint-url");
    fs.writeFileSync(config, `[default]\nregion = us-west-2\n\n[profile nfm-local]\nendpoint_url = ${server.endpoint}\n`);
    await withEnv(cleanEnv({ AWS_CONFIG_FILE: config, AWS_PROFILE: "nfm-local" }), async () => {
      await getVia({});
    });
    assert.equal(server.requests.length, 1);
  });

  it("sends to the profile's services section endpoint_url for networkflowmonitor", async () => {
    const config = path.join(tmp, "config-services");
    fs.writeFileSync(config,
      `[profile nfm-services]\nservices = local-nfm\n\n[services local-nfm]\nnetworkflowmonitor =\n  endpoint_url = ${server.endpoint}\n`);
    await withEnv(cleanEnv({ AWS_CONFIG_FILE: config, AWS_PROFILE: "nfm-services" }), async () => {
      await getVia({});
    });
    assert.equal(server.requests.length, 1);
  });

  it("ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set", () =>
    withEnv(cleanEnv({ AWS_ENDPOINT_URL: other.endpoint, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }), async () => {
      const seen: HttpRequest[] = [];
      await getVia({ requestHandler: stubHandler(seen) });
      assert.equal(other.requests.length, 0);
      assert.equal(seen[0].hostname, "networkflowmonitor.us-west-2.api.aws");
    }));

  describe("from the model's rule set, without an override", () => {
    // The rule set builds every URL from the partition's dualStackDnsSuffix, so the default
    // host for the aws partition is api.aws, not amazonaws.com.
    const cases: [string, boolean, string][] = [
      ["us-east-1", false, "https://networkflowmonitor.us-east-1.api.aws/"],
      ["us-east-1", true, "https://networkflowmonitor-fips.us-east-1.api.aws/"],
      ["eu-west-1", false, "https://networkflowmonitor.eu-west-1.api.aws/"],
      ["cn-north-1", false, "https://networkflowmonitor.cn-north-1.api.amazonwebservices.com.cn/"],
      ["us-gov-west-1", true, "https://networkflowmonitor-fips.us-gov-west-1.api.aws/"],
    ];
    for (const [region, fips, url] of cases) {
      it(`resolves ${region}${fips ? " with FIPS" : ""} to ${url}`, () => {
        assert.equal(defaultEndpointResolver({ Region: region, UseFIPS: fips }).url.href, url);
      });
    }

    it("reports the rule set's errors: no Region, FIPS with a custom endpoint", () => {
      assert.throws(() => defaultEndpointResolver({ UseFIPS: false }), /Missing Region/);
      assert.throws(() => defaultEndpointResolver({ Region: "us-east-1", UseFIPS: true, Endpoint: "http://127.0.0.1:1" }),
        /FIPS and custom endpoint are not supported/);
    });

    it("is the client's endpointProvider, applied to the request with the client's Region and FIPS setting", () =>
      withEnv(cleanEnv(), async () => {
        const seen: HttpRequest[] = [];
        await getVia({ region: "us-east-1", requestHandler: stubHandler(seen) });
        await getVia({ region: "us-east-1", useFipsEndpoint: true, requestHandler: stubHandler(seen) });
        assert.deepEqual(seen.map((r) => `${r.protocol}//${r.hostname}${r.path}`), [
          "https://networkflowmonitor.us-east-1.api.aws/monitors/web",
          "https://networkflowmonitor-fips.us-east-1.api.aws/monitors/web",
        ]);
        assert.match(String(seen[0].headers.authorization), /\/us-east-1\/networkflowmonitor\/aws4_request/);
      }));
  });
});

/** A request handler that records the request and answers 200 without touching the network. */
function stubHandler(seen: HttpRequest[]) {
  return {
    async handle(request: HttpRequest) {
      seen.push(request);
      const body = JSON.stringify({
        monitorArn: "arn:aws:networkflowmonitor:us-east-1:123456789012:monitor/web", monitorName: "web", monitorStatus: "ACTIVE",
        localResources: [], remoteResources: [], createdAt: 1700000000, modifiedAt: 1700000000,
      });
      return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(body)]) }) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() { return {}; },
  };
}
