import * as assert from "node:assert/strict";
import { serviceModel } from "../provider/client/generated/serviceModel";

describe("generated service model", () => {
  it("holds CreateMonitor as the official model binds it", () => {
    const op = serviceModel.operations.CreateMonitor;
    assert.equal(op.http.method, "POST");
    assert.equal(op.http.requestUri, "/monitors");
    assert.deepEqual(serviceModel.shapes.CreateMonitorInput.required, ["monitorName", "localResources", "scopeArn"]);
  });
});
