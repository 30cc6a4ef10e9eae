import * as assert from "node:assert/strict";
import fc from "fast-check";
import { serviceModel } from "../../provider/client/generated/serviceModel";
import { autoMonitorName } from "../../provider/monitor/naming";
import { namingArb, regionArb, scopeArn } from "./arbitraries";

const NAME = new RegExp(`^(?:${serviceModel.shapes.ResourceName.pattern})$`);
const keyArb = regionArb.map((region) => ({ scopeArn: scopeArn(region), region }));

describe("autoMonitorName", () => {
  it("is the sanitized resource name and a 7-hex suffix", () => {
    assert.match(autoMonitorName({ resourceName: "web flows/éé", project: "p", stack: "s" }, { scopeArn: "a", region: "us-east-1" }), /^web-flows----[0-9a-f]{7}$/);
  });

  it("is always valid against the model's pattern and length, and stable", () => {
    fc.assert(
      fc.property(namingArb, keyArb, fc.string({ maxLength: 400 }), (naming, key, longName) => {
        for (const n of [naming, { ...naming, resourceName: longName }]) {
          const name = autoMonitorName(n, key);
          assert.match(name, NAME);
          assert.ok(name.length >= 1 && name.length <= (serviceModel.shapes.ResourceName.max ?? 0));
          assert.equal(autoMonitorName({ ...n }, { ...key }), name);
        }
      }),
    );
  });

  it("differs between stacks and projects", () => {
    fc.assert(
      fc.property(namingArb, keyArb, (naming, key) => {
        const name = autoMonitorName(naming, key);
        assert.notEqual(autoMonitorName({ ...naming, stack: naming.stack + "-2" }, key), name);
        assert.notEqual(autoMonitorName({ ...naming, project: naming.project + "x" }, key), name);
      }),
    );
  });

  it("changes when scopeArn or region changes", () => {
    fc.assert(
      fc.property(namingArb, regionArb, regionArb, (naming, r1, r2) => {
        fc.pre(r1 !== r2);
        const name = autoMonitorName(naming, { scopeArn: scopeArn(r1), region: r1 });
        assert.notEqual(autoMonitorName(naming, { scopeArn: scopeArn(r1, "other"), region: r1 }), name);
        assert.notEqual(autoMonitorName(naming, { scopeArn: scopeArn(r1), region: r2 }), name);
      }),
    );
  });
});
