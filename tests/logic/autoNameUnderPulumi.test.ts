// An auto-named monitor under Pulumi's real step rules (see pulumiRules.ts): a same step stores the new checked
// inputs, so the naming inputs change silently after a stack, project or aliased resource rename; no later `up`
// may compute another name. A replacement for another reason must still get a new name.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { scopeArn } from "./arbitraries";
import { refreshMonitor, upMonitor, type StoredMonitor } from "./pulumiRules";

const REGION = "us-east-1";
const VPC = `arn:aws:ec2:${REGION}:123456789012:vpc/vpc-0123456789abcdef0`;
const ctx = { defaultRegion: REGION };

interface Program {
  resourceName: string;
  project: string;
  stack: string;
  scopeArn: string;
  region: string;
  monitorName?: string;
  tags: Record<string, string>;
}

const news = (p: Program): Record<string, unknown> => ({
  __naming: { resourceName: p.resourceName, project: p.project, stack: p.stack },
  localResources: [{ type: "AWS::EC2::VPC", identifier: VPC.replace(REGION, p.region) }],
  scopeArn: p.scopeArn,
  region: p.region,
  tags: p.tags,
  ...(p.monitorName === undefined ? {} : { monitorName: p.monitorName }),
});

const base: Program = { resourceName: "web", project: "shop", stack: "dev", scopeArn: scopeArn(REGION), region: REGION, tags: {} };

describe("auto-named monitor under Pulumi's same-step rule", () => {
  for (const [what, rename] of [
    ["a stack rename", { stack: "prod" }],
    ["a project rename", { project: "store" }],
    ["an aliased resource rename", { resourceName: "frontend" }],
  ] as [string, Partial<Program>][]) {
    it(`keeps its name after ${what}, on the first up and on every later one`, () => {
      let state = upMonitor(undefined, news(base), ctx).state;
      const name = state.outputs.monitorName;
      const renamed = { ...base, ...rename };
      for (let i = 0; i < 3; i++) {
        const r = upMonitor(state, news(renamed), ctx);
        assert.equal(r.op, "same", `up #${i + 1} after ${what} planned ${r.op}`);
        assert.equal(r.state.inputs.monitorName, name);
        state = r.state;
      }
    });
  }

  it("gets a new name when replaced for a scopeArn or region change, so create-before-delete never collides", () => {
    const first = upMonitor(undefined, news(base), ctx).state;
    let state: StoredMonitor = upMonitor(first, news({ ...base, stack: "prod" }), ctx).state;
    const moved = upMonitor(state, news({ ...base, stack: "prod", scopeArn: scopeArn(REGION, "5e2a5b8c-1d4f-4a6b-9c7d-0e1f2a3b4c5d") }), ctx);
    assert.equal(moved.op, "replace");
    assert.notEqual(moved.state.inputs.monitorName, first.inputs.monitorName);
    state = moved.state;
    const west = upMonitor(state, news({ ...base, stack: "prod", region: "us-west-2", scopeArn: scopeArn("us-west-2") }), ctx);
    assert.equal(west.op, "replace");
    assert.notEqual(west.state.inputs.monitorName, moved.state.inputs.monitorName);
  });

  it("takes an explicit name, and goes back to an auto name (a new one) when the explicit name is removed", () => {
    const first = upMonitor(undefined, news(base), ctx).state;
    const named = upMonitor(first, news({ ...base, monitorName: "mine" }), ctx);
    assert.equal(named.op, "replace");
    assert.equal(named.state.inputs.monitorName, "mine");
    const unnamed = upMonitor(named.state, news(base), ctx);
    assert.equal(unnamed.op, "replace");
    assert.notEqual(unnamed.state.inputs.monitorName, "mine");
    assert.equal(upMonitor(unnamed.state, news(base), ctx).op, "same");
  });

  it("property: over random renames, tag changes, refreshes and ups, it is created once and replaced only when scopeArn, region or an explicit name changes", () => {
    const scopes = [scopeArn(REGION), scopeArn(REGION, "5e2a5b8c-1d4f-4a6b-9c7d-0e1f2a3b4c5d"), scopeArn("us-west-2")];
    const event = fc.oneof(
      fc.record({ kind: fc.constant("stack" as const), v: fc.constantFrom("dev", "prod", "qa") }),
      fc.record({ kind: fc.constant("project" as const), v: fc.constantFrom("shop", "store") }),
      fc.record({ kind: fc.constant("resource" as const), v: fc.constantFrom("web", "frontend", "api") }),
      fc.record({ kind: fc.constant("tags" as const), v: fc.constantFrom("a", "b", "") }),
      fc.record({ kind: fc.constant("scope" as const), v: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant("name" as const), v: fc.constantFrom(undefined, "explicit-1", "explicit-2") }),
      fc.record({ kind: fc.constant("refresh" as const), v: fc.constant(0) }),
      fc.record({ kind: fc.constant("up" as const), v: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (events) => {
        let program = { ...base };
        let r = upMonitor(undefined, news(program), ctx);
        let state = r.state;
        let creates = 1;
        let deployed = { ...program };
        for (const e of events) {
          if (e.kind === "refresh") {
            state = refreshMonitor(state);
            continue;
          }
          if (e.kind === "stack") program = { ...program, stack: e.v };
          if (e.kind === "project") program = { ...program, project: e.v };
          if (e.kind === "resource") program = { ...program, resourceName: e.v };
          if (e.kind === "tags") program = { ...program, tags: e.v ? { team: e.v } : {} };
          if (e.kind === "scope") {
            const s = scopes[e.v];
            program = { ...program, scopeArn: s, region: s.split(":")[3] };
          }
          if (e.kind === "name") program = { ...program, monitorName: e.v };
          r = upMonitor(state, news(program), ctx);
          if (r.op === "create") creates++;
          const replaceReason =
            program.scopeArn !== deployed.scopeArn || program.region !== deployed.region || program.monitorName !== deployed.monitorName;
          assert.equal(r.op === "replace", replaceReason, `${JSON.stringify(e)} planned ${r.op}`);
          // An explicit name is the user's to keep (the replacement then deletes first); an auto name changes.
          if (r.op === "replace" && program.monitorName === undefined) assert.notEqual(r.state.inputs.monitorName, state.inputs.monitorName);
          state = r.state;
          deployed = { ...program };
        }
        assert.equal(creates, 1);
      }),
    );
  });
});
