// Found by the 10,000-history run (seeds 169, 175, 237, 390: stale reads after a create): reads just after
// CreateMonitor / CreateScope that do not see the new resource yet (eventual consistency) made the create's wait
// report "deleted while waiting" (a failed-init resource), and a delete that met ConflictException (the scope
// still IN_PROGRESS) then read "not found" and returned as if the resource were gone, leaving it in AWS while
// `destroy` reported success. Now a just-created resource that reads as missing is waited for, and a "not found"
// after a conflict asks the delete again (DeleteMonitor / DeleteScope say ResourceNotFound once it is gone).
import * as assert from "node:assert/strict";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../../provider/client";
import * as monitor from "../../../provider/monitor/provider";
import * as scope from "../../../provider/scope/provider";
import { ACCOUNT, REGION, startBothProviders, type BothProviders } from "../../provider/bothProviders";

const naming = (resourceName: string) => ({ resourceName, project: "p", stack: "s" });

describe("fuzz regression: eventual consistency right after a create", function () {
  this.timeout(60_000);
  let both: BothProviders;
  beforeEach(async () => {
    both = await startBothProviders();
    both.emulator.control.setFaults({ staleReadsAfterCreate: 3 });
  });
  afterEach(() => both.stop());

  it("a monitor create waits through reads that do not see the new monitor yet", async () => {
    const r = await monitor.create({
      monitorName: "fresh", localResources: [{ type: "AWS::EC2::Subnet", identifier: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-00000000000000001` }],
      remoteResources: [], scopeArn: both.scopeArn, region: REGION, tags: {}, tagsAll: {}, __naming: naming("fresh"),
    } as never);
    assert.equal((r.outs as { monitorStatus: string }).monitorStatus, "ACTIVE");
  });

  it("a scope create waits through reads that do not see the new scope yet", async () => {
    const r = await scope.create({ targets: [{ accountId: ACCOUNT, region: REGION }], region: REGION, tags: {}, tagsAll: {}, __naming: naming("sc") } as never);
    assert.equal((r.outs as { status: string }).status, "SUCCEEDED");
  });

  it("deleting a scope still IN_PROGRESS that reads as missing deletes it, not just believes it gone", async () => {
    const api = new NetworkFlowMonitorClient({ region: REGION, endpoint: both.emulator.endpoint });
    const created = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: ACCOUNT }, targetType: "ACCOUNT" }, region: REGION }] }));
    api.destroy();
    assert.equal(both.emulator.control.getScope(created.scopeId)?.status, "IN_PROGRESS");
    await scope.delete(created.scopeId, { region: REGION } as never);
    assert.equal(both.emulator.control.getScope(created.scopeId), undefined, "the scope is gone from the service");
  });
});
