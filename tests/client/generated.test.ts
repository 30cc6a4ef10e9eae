// The committed generated client matches what the generator makes from the model, and the
// generator's naming rules hold for any value.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { CLIENT_OPERATIONS, enumKey, generate } from "../../scripts/generate-client";
import * as client from "../../provider/client";

const GENERATED_DIR = path.resolve(__dirname, "..", "..", "provider", "client", "generated");

describe("generated client", () => {
  const files = generate();

  it("is fresh: every generated file on disk equals the generator's output (run npm run generate)", () => {
    for (const [name, text] of files) {
      const file = path.join(GENERATED_DIR, name);
      assert.ok(fs.existsSync(file), `${name} is missing`);
      assert.equal(fs.readFileSync(file, "utf8"), text, `${name} is stale`);
    }
  });

  it("has no files the generator does not write", () => {
    assert.deepEqual(fs.readdirSync(GENERATED_DIR).sort(), [...files.keys()].sort());
  });

  it("is deterministic", () => {
    assert.deepEqual([...generate()], [...files]);
  });

  it("exports a command class per operation, named as the official SDK names it", () => {
    for (const op of CLIENT_OPERATIONS) {
      const Command = (client as Record<string, any>)[`${op}Command`];
      assert.equal(typeof Command, "function", `${op}Command is not exported`);
      const cmd = new Command({});
      assert.deepEqual(cmd.input, {});
    }
  });

  it("exports enums as const objects with the model's values", () => {
    assert.deepEqual(Object.values(client.MonitorStatus).sort(), ["ACTIVE", "DELETING", "ERROR", "INACTIVE", "PENDING"]);
    assert.equal(client.MonitorLocalResourceType.AWS_EC2_VPC, "AWS::EC2::VPC");
    assert.equal(client.ScopeStatus.IN_PROGRESS, "IN_PROGRESS");
    assert.equal(client.TargetType.ACCOUNT, "ACCOUNT");
  });

  it("enumKey gives an upper-snake identifier for any value with a letter or digit", () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }).filter((s) => /[A-Za-z0-9]/.test(s)), (value) => {
      assert.match(enumKey(value), /^[A-Z_][A-Z0-9_]*$/);
      assert.doesNotMatch(enumKey(value), /__|_$/);
    }), { seed: 20230419, numRuns: 300 });
    assert.equal(enumKey("AWS::AvailabilityZone"), "AWS_AVAILABILITY_ZONE");
    assert.equal(enumKey("AWS::EKS::Cluster"), "AWS_EKS_CLUSTER");
    assert.equal(enumKey("IN_PROGRESS"), "IN_PROGRESS");
  });
});
