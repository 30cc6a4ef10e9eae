// paginateListMonitors / paginateListScopes follow nextToken across pages.
import * as assert from "node:assert/strict";
import { NetworkFlowMonitorClient, paginateListMonitors, paginateListScopes } from "../../provider/client";
import { CaptureServer, type CapturedRequest } from "./captureServer";

const monitor = (name: string) => ({
  monitorArn: `arn:aws:networkflowmonitor:us-west-2:123456789012:monitor/${name}`, monitorName: name, monitorStatus: "ACTIVE",
});
const scope = (id: string) => ({ scopeId: id, status: "SUCCEEDED", scopeArn: `arn:aws:networkflowmonitor:us-west-2:123456789012:scope/${id}` });

/** Serves `pages` in order, linked by the tokens "page-2", "page-3", ... */
function pagedReply<T>(key: string, pages: T[][]) {
  return (req: CapturedRequest) => {
    const token = req.query.get("nextToken");
    const index = token === null ? 0 : Number(token.slice("page-".length)) - 1;
    const next = index + 1 < pages.length ? { nextToken: `page-${index + 2}` } : {};
    return { body: { [key]: pages[index], ...next } };
  };
}

describe("client paginators", () => {
  let server: CaptureServer;
  let client: NetworkFlowMonitorClient;
  before(async () => {
    server = await CaptureServer.start();
    client = server.client();
  });
  after(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(() => server.reset());

  it("paginateListMonitors walks every page, passing pageSize as maxResults and the filter on each call", async () => {
    server.fallback = pagedReply("monitors", [[monitor("a"), monitor("b")], [monitor("c")], []]);
    const names: string[] = [];
    for await (const page of paginateListMonitors({ client, pageSize: 2 }, { monitorStatus: "ACTIVE" })) {
      names.push(...page.monitors.map((m) => m.monitorName));
    }
    assert.deepEqual(names, ["a", "b", "c"]);
    assert.deepEqual(server.requests.map((r) => r.query.get("nextToken")), [null, "page-2", "page-3"]);
    assert.deepEqual(server.requests.map((r) => r.query.get("maxResults")), ["2", "2", "2"]);
    assert.deepEqual(server.requests.map((r) => r.query.get("monitorStatus")), ["ACTIVE", "ACTIVE", "ACTIVE"]);
  });

  it("paginateListScopes walks every page and can start from a token", async () => {
    server.fallback = pagedReply("scopes", [[scope("s1")], [scope("s2")], [scope("s3")]]);
    const ids: string[] = [];
    for await (const page of paginateListScopes({ client, startingToken: "page-2" }, {})) {
      ids.push(...page.scopes.map((s) => s.scopeId));
    }
    assert.deepEqual(ids, ["s2", "s3"]);
    assert.equal(server.requests.length, 2);
  });

  it("stops after a single page without a nextToken", async () => {
    server.fallback = pagedReply("scopes", [[scope("only")]]);
    const pages = [];
    for await (const page of paginateListScopes({ client }, {})) pages.push(page);
    assert.equal(pages.length, 1);
    assert.equal(server.requests.length, 1);
  });

  it("refuses a client of another type", async () => {
    const notOurs = { send: async () => ({}) } as unknown as NetworkFlowMonitorClient;
    await assert.rejects(paginateListMonitors({ client: notOurs }, {}).next(), /expected instance of NetworkFlowMonitorClient/);
  });
});
