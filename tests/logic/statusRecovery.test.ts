// `pulumi up` never reports success while a managed monitor or scope is not in its working status: diff sees the
// stored status (old outputs) and plans the way back. A refresh clears Pulumi's init error (RefreshStep.Apply),
// so the status in the outputs is all that is left to go on.
import * as assert from "node:assert/strict";
import { diffMonitor } from "../../provider/monitor/diff";
import { diffScope } from "../../provider/scope/diff";
import { res, scopeArn, vpcArn } from "./arbitraries";

const monitorInputs = (): Record<string, unknown> => ({
  monitorName: "web",
  localResources: [res("AWS::EC2::VPC", vpcArn("us-east-1"))],
  remoteResources: [],
  scopeArn: scopeArn("us-east-1"),
  tags: {},
  tagsAll: {},
  region: "us-east-1",
});
const monitorOutputs = (monitorStatus: string) => ({ ...monitorInputs(), monitorArn: "arn:x", monitorStatus });

const scopeInputs = (): Record<string, unknown> => ({ targets: [{ accountId: "123456789012", region: "us-east-1" }], tags: {}, tagsAll: {}, region: "us-east-1" });
const scopeOutputs = (status: string) => ({ ...scopeInputs(), scopeArn: "arn:y", scopeId: "s-1", status });

describe("a resource not in its working status is never a same step", () => {
  it("monitor: ACTIVE is no change; PENDING updates (and waits); ERROR, INACTIVE and DELETING replace, deleting first", () => {
    assert.equal(diffMonitor(monitorOutputs("ACTIVE"), monitorInputs()).changes, false);
    const pending = diffMonitor(monitorOutputs("PENDING"), monitorInputs());
    assert.deepEqual([pending.changes, pending.replaces, pending.diffs], [true, [], ["monitorStatus"]]);
    for (const status of ["ERROR", "INACTIVE", "DELETING"]) {
      const d = diffMonitor(monitorOutputs(status), monitorInputs());
      assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["monitorStatus"], true], status);
      assert.equal(d.detailedDiff.monitorStatus.kind, "update-replace");
    }
  });

  it("monitor: an unknown or missing status (a Monitor.get, an old state) plans nothing by itself", () => {
    assert.equal(diffMonitor({ ...monitorInputs(), monitorArn: "arn:x" }, monitorInputs()).changes, false);
    assert.equal(diffMonitor(monitorOutputs(""), monitorInputs()).changes, false);
  });

  it("scope: SUCCEEDED is no change; IN_PROGRESS updates (and waits); FAILED, DEACTIVATING and DEACTIVATED replace, deleting first", () => {
    assert.equal(diffScope(scopeOutputs("SUCCEEDED"), scopeInputs()).changes, false);
    const inProgress = diffScope(scopeOutputs("IN_PROGRESS"), scopeInputs());
    assert.deepEqual([inProgress.changes, inProgress.replaces], [true, []]);
    for (const status of ["FAILED", "DEACTIVATING", "DEACTIVATED"]) {
      const d = diffScope(scopeOutputs(status), scopeInputs());
      assert.deepEqual([d.changes, d.replaces, d.deleteBeforeReplace], [true, ["status"], true], status);
    }
    // A Region change alone can create the new scope first: it is in another Region.
    assert.equal(diffScope(scopeOutputs("SUCCEEDED"), { ...scopeInputs(), region: "us-west-2" }).deleteBeforeReplace, false);
  });
});
