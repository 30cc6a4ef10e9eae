// The state integrity check the fuzzer runs at every journal entry (Pulumi's Snapshot.VerifyIntegrity rules).
import * as assert from "node:assert/strict";
import type { StateFile, StateResource } from "../../testing/engine/types";
import { frontEndProblem } from "../../testing/fuzz/frontEnd";
import { integrityProblem } from "../../testing/fuzz/integrity";
import { retryProblems } from "../../testing/fuzz/run";

const r = (urn: string, extra: Partial<StateResource> = {}): StateResource => ({
  urn, type: urn.split("::")[2], name: urn.split("::")[3], custom: true, id: urn.split("::")[3], inputs: {}, outputs: {}, dependencies: [], status: "created", ...extra,
});
const state = (resources: StateResource[]): StateFile => ({ version: 1, project: "p", stack: "s", outputs: {}, resources });
const STACK = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
const stack = r(STACK, { custom: false, id: undefined });
const A = "urn:pulumi:s::p::t:m:T::a";
const B = "urn:pulumi:s::p::t:m:T::b";

describe("state integrity (every journal entry)", () => {
  it("accepts a sound state, and a replaced resource marked for deletion beside its replacement", () => {
    assert.equal(integrityProblem(state([stack, r(A, { parent: STACK }), r(B, { parent: STACK, dependencies: [A] })])), undefined);
    assert.equal(integrityProblem(state([stack, r(A, { parent: STACK, id: "new" }), r(A, { parent: STACK, id: "old", status: "pending-delete" })])), undefined);
  });

  it("names a parent or dependency that comes after its dependent, or is missing", () => {
    assert.match(String(integrityProblem(state([r(A, { parent: STACK }), stack]))), /parent .* comes after it/);
    assert.match(String(integrityProblem(state([stack, r(B, { dependencies: [A] }), r(A)]))), /dependency .* comes after it/);
    assert.match(String(integrityProblem(state([stack, r(B, { dependencies: [A] })]))), /dependency .* is missing/);
  });

  it("names a URN held twice, two live resources with one id, and a component with an id", () => {
    assert.match(String(integrityProblem(state([stack, r(A, { id: "x" }), r(A, { id: "y" })]))), /duplicate resource/);
    assert.match(String(integrityProblem(state([stack, r(A, { id: "x" }), r(B, { id: "x" })]))), /both hold/);
    assert.match(String(integrityProblem(state([r(STACK, { custom: false, id: "i" })]))), /component .* has an ID/);
  });

  it("names a provider reference to no provider, or to one that comes after the resource (as VerifyIntegrity does)", () => {
    const P = "urn:pulumi:s::p::pulumi:providers:networkflowmonitor::default";
    const provider = r(P, { id: "uuid-1" });
    assert.equal(integrityProblem(state([stack, provider, r(A, { parent: STACK, provider: `${P}::uuid-1` })])), undefined);
    assert.match(String(integrityProblem(state([stack, r(A, { provider: `${P}::uuid-1` }), provider]))), /its provider .* comes after it/);
    assert.match(String(integrityProblem(state([stack, provider, r(A, { provider: `${P}::uuid-2` })]))), /refers to unknown provider .*uuid-2/);
    assert.match(String(integrityProblem(state([stack, r(A, { provider: "nonsense" })]))), /is not <urn>::<id>/);
  });

  it("drives both front ends here", () => {
    assert.equal(frontEndProblem("dynamic"), undefined);
    assert.equal(frontEndProblem("plugin"), undefined);
  });
});

describe("invariant 6 (retries within the SDK's budget)", () => {
  const req = (operation: string, status: number, ms = 0) => ({ time: new Date(1_000_000 + ms).toISOString(), operation, method: operation === "GetScope" ? "GET" : "DELETE", path: "/scopes/s1", query: "", status, requestBody: null });
  it("fires when one write is sent more than 10 times in a row, or retried after more than the backoff cap", () => {
    assert.deepEqual(retryProblems(Array.from({ length: 10 }, (_, i) => req("DeleteScope", i < 9 ? 429 : 200, i))), []);
    assert.match(retryProblems(Array.from({ length: 11 }, (_, i) => req("DeleteScope", 429, i))).join(), /sent 11 times in a row/);
    assert.match(retryProblems([req("DeleteScope", 500, 0), req("DeleteScope", 200, 30_000)]).join(), /retried after 30000 ms/);
  });
  it("does not count a delete the provider sends again after reading the resource", () => {
    const log = Array.from({ length: 8 }, (_, i) => [req("DeleteScope", 409, 2 * i), req("GetScope", 200, 2 * i + 1)]).flat();
    assert.deepEqual(retryProblems(log), []);
  });
});
