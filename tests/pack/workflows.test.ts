// The GitHub Actions workflows, parsed, so a typo cannot land: CI runs `make test` on Node 20 and 22; a release
// tag publishes with npm provenance, and only after the tests passed.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  const text = fs.readFileSync(path.join(root, ".github", "workflows", file), "utf8");
  const doc = parse(text, { strict: true, uniqueKeys: true }) as Workflow;
  assert.ok(doc && typeof doc === "object" && doc.jobs, `${file} has no jobs`);
  for (const [id, job] of Object.entries(doc.jobs)) {
    assert.ok(job["runs-on"], `${file}: job ${id} has no runs-on`);
    assert.ok(Array.isArray(job.steps) && job.steps.length, `${file}: job ${id} has no steps`);
    for (const s of job.steps) assert.ok(s.uses || s.run, `${file}: job ${id} has a step with neither uses nor run: ${JSON.stringify(s)}`);
  }
  return doc;
}

const nodeVersions = (job: Job) => ((job.strategy?.matrix?.["node-version"] as unknown[]) ?? []).map(String);
const setupNode = (job: Job) => job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");

describe("GitHub Actions workflows", () => {
  it("ci.yml runs make test on Node 20 and 22, on pushes and pull requests", () => {
    const ci = workflow("ci.yml");
    assert.ok("push" in ci.on && "pull_request" in ci.on, JSON.stringify(ci.on));
    const tests = Object.values(ci.jobs).filter((j) => /^make test$/m.test(runs(j)));
    assert.equal(tests.length, 1);
    assert.deepEqual(nodeVersions(tests[0]).sort(), ["20", "22"]);
    assert.equal(setupNode(tests[0])?.with?.["node-version"], "${{ matrix.node-version }}");
    assert.ok(tests[0].steps.some((s) => s.uses?.startsWith("actions/checkout@")));
  });

  it("release.yml publishes on a version tag with provenance, only after the test job", () => {
    const release = workflow("release.yml");
    const push = release.on.push as { tags?: string[] };
    assert.ok(push?.tags?.some((t) => t.startsWith("v")), JSON.stringify(release.on));
    const [testId, test] = Object.entries(release.jobs).find(([, j]) => /^make test$/m.test(runs(j))) ?? [];
    assert.ok(test && testId, "release.yml has a job that runs make test");
    assert.deepEqual(nodeVersions(test).sort(), ["20", "22"]);
    const publishing = Object.entries(release.jobs).filter(([, j]) => /npm publish/.test(runs(j)));
    assert.equal(publishing.length, 1, "exactly one job publishes");
    const [, publish] = publishing[0];
    assert.ok([publish.needs].flat().includes(testId), `the publish job needs ${testId}; it has needs: ${JSON.stringify(publish.needs)}`);
    assert.match(runs(publish), /npm publish --provenance/);
    assert.equal(publish.permissions?.["id-token"], "write");
    assert.equal(setupNode(publish)?.with?.["registry-url"], "https://registry.npmjs.org");
    // Nothing else in the workflow may write with the OIDC token.
    for (const [id, job] of Object.entries(release.jobs)) if (job !== publish) assert.notEqual(job.permissions?.["id-token"], "write", id);
    assert.notEqual(release.permissions?.["id-token"], "write");
  });
});
