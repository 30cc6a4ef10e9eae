// Pure engine logic: input comparison, step decisions, secret/reference handling, plan text, CLI args, PATH lookup.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { parseArgs } from "../../testing/engine/cli";
import { makeUrn } from "../../testing/engine/engine";
import { changedKeys, makeSecret, renderPlan, toProviderValue } from "../../testing/engine/plan";
import { decideStep } from "../../testing/engine/stepGenerator";
import { readTopLevelScalar } from "../../testing/engine/project";
import { findPulumiCli } from "../../testing/engine/pulumiCli";
import { simulate } from "../../testing/engine/simulated";
import { UNKNOWN, type Step } from "../../testing/engine/types";

const props = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }));

describe("engine plan logic", () => {
  it("changedKeys: no change against itself, symmetric, and names exactly the keys that differ", () => {
    fc.assert(
      fc.property(props, props, (a, b) => {
        assert.deepEqual(changedKeys(a, a), []);
        assert.deepEqual(changedKeys(a, b), changedKeys(b, a));
        for (const k of changedKeys(a, b)) assert.notDeepEqual(a[k], b[k]);
      }),
    );
  });

  it("changedKeys: an unknown new value is always a change; a secret equal to the plain value is not", () => {
    assert.deepEqual(changedKeys({ x: "v" }, { x: UNKNOWN }), ["x"]);
    assert.deepEqual(changedKeys({ x: "v" }, { x: [UNKNOWN] }), ["x"]);
    assert.deepEqual(changedKeys({ x: "v" }, { x: makeSecret("v") }), []);
  });

  it("decideStep: replace only when the provider names replace keys, update on changes, same otherwise", () => {
    fc.assert(
      fc.property(props, props, fc.constantFrom("some", "none", "unknown" as const), fc.boolean(), (a, b, changes, rep) => {
        const d = decideStep(a, b, { changes, replaces: rep ? ["k"] : [], deleteBeforeReplace: false }, "created");
        const changed = changes === "some" || (changes === "unknown" && changedKeys(a, b).length > 0);
        assert.equal(d.op, !changed ? "same" : rep ? "replace" : "update");
      }),
    );
  });

  it("decideStep: a failed-init resource is updated even without changes", () => {
    assert.equal(decideStep({ a: 1 }, { a: 1 }, { changes: "none", replaces: [], deleteBeforeReplace: false }, "failed-init").op, "update");
  });

  it("toProviderValue unwraps secrets at any depth and turns resource references into ids", () => {
    const ref = { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "i-1" };
    assert.deepEqual(toProviderValue({ a: makeSecret({ b: [makeSecret(1)] }), r: ref }), { a: { b: [1] }, r: "i-1" });
  });

  it("renderPlan shows symbols, diffs, secrets, unknowns and the summary", () => {
    const step = (op: Step["op"], name: string, diffs: string[] = []): Step => ({
      op,
      urn: `urn:pulumi:dev::p::t::${name}`,
      type: "pulumi-nodejs:dynamic/m:T",
      name,
      diffs,
      replaces: [],
    });
    const text = renderPlan({
      operation: "preview",
      dryRun: true,
      stack: "dev",
      steps: [step("create", "a"), step("update", "b", ["tags"]), step("same", "c"), step("delete", "d")],
      outputs: { arn: UNKNOWN, key: makeSecret("k"), n: 3 },
      diagnostics: [],
    });
    assert.match(text, /^ \+ +pulumi-nodejs:dynamic\/m:T +a +create$/m);
    assert.match(text, /^ ~ +pulumi-nodejs:dynamic\/m:T +b +update \[diff: ~tags\]$/m);
    assert.match(text, /^ - +pulumi-nodejs:dynamic\/m:T +d +delete$/m);
    assert.match(text, /arn: +output<string>/);
    assert.match(text, /key: +\[secret\]/);
    assert.match(text, /\+ 1 to create\n +~ 1 to update\n +- 1 to delete\n +1 unchanged/);
  });

  it("makeUrn: the parent's whole type chain, and nothing for the stack as parent (deployment.go generateURN)", () => {
    const stack = makeUrn("dev", "p", "pulumi:pulumi:Stack", "p-dev");
    assert.equal(stack, "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
    const child = makeUrn("dev", "p", "x:y:Z", "n", stack);
    assert.equal(child, "urn:pulumi:dev::p::x:y:Z::n");
    const grandchild = makeUrn("dev", "p", "a:b:C", "g", child);
    assert.equal(grandchild, "urn:pulumi:dev::p::x:y:Z$a:b:C::g");
    assert.equal(makeUrn("dev", "p", "d:e:F", "h", grandchild), "urn:pulumi:dev::p::x:y:Z$a:b:C$d:e:F::h");
  });

  it("simulated AWS resources get deterministic ids and ARNs in the configured region and account", () => {
    const ctx = { type: "aws:ec2/vpc:Vpc", name: "main", inputs: {}, region: "eu-west-1", account: "111122223333" };
    const vpc = simulate(ctx);
    assert.deepEqual(simulate(ctx), vpc);
    assert.match(vpc.id, /^vpc-[0-9a-f]{17}$/);
    assert.equal(vpc.computed.arn, `arn:aws:ec2:eu-west-1:111122223333:vpc/${vpc.id}`);
    const eks = simulate({ ...ctx, type: "aws:eks/cluster:Cluster", inputs: { name: "c1" } });
    assert.equal(eks.computed.arn, "arn:aws:eks:eu-west-1:111122223333:cluster/c1");
  });

  it("reads Pulumi.yaml top-level scalars, quoted or not, ignoring nested keys", () => {
    const yaml = "name: 'basic'\nruntime:\n  name: nodejs\nmain: src/index.ts # entry\n";
    assert.equal(readTopLevelScalar(yaml, "name"), "basic");
    assert.equal(readTopLevelScalar(yaml, "main"), "src/index.ts");
    assert.equal(readTopLevelScalar(yaml, "description"), undefined);
  });
});

describe("nfm-engine arguments", () => {
  it("parses operation, dirs and repeated config pairs", () => {
    const args = parseArgs(["up", "--cwd", "/p", "--stack", "s", "--config", "aws:region=us-east-1", "--config", "p:x=a=b"]);
    assert.equal(args.operation, "up");
    assert.equal(args.state, path.resolve("/p/.pulumi-state/s.json"));
    assert.deepEqual(args.config, { "aws:region": "us-east-1", "p:x": "a=b" });
  });

  it("rejects bad input with messages that say what is allowed", () => {
    assert.throws(() => parseArgs(["deploy", "--cwd", "/p"]), /operation must be one of preview, up, refresh, destroy/);
    assert.throws(() => parseArgs(["up", "--cwd", "/p", "--config", "novalue"]), /--config takes key=value/);
  });
});

describe("findPulumiCli", () => {
  it("finds an executable named pulumi on PATH and ignores non-executables", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nfm-path-"));
    try {
      const plain = path.join(dir, "a");
      const bin = path.join(dir, "b");
      fs.mkdirSync(plain);
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(plain, "pulumi"), "not executable", { mode: 0o644 });
      fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
      assert.equal(findPulumiCli([plain, bin].join(path.delimiter), "linux"), path.join(bin, "pulumi"));
      assert.equal(findPulumiCli(plain, "linux"), undefined);
      assert.equal(findPulumiCli(undefined, "linux"), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
