// The packed package in a project laid out as `pulumi new aws-typescript` lays it out: every documented import
// type-checks under the module resolutions projects use, and installing it next to @pulumi/aws 7.x adds no second
// copy of any AWS SDK package (exact pins in `dependencies` once added 8 copies of @aws-sdk/core and 5 of
// @aws-sdk/nested-clients, 43 MB in all).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { CreateScopeCommand, NetworkFlowMonitorClient } from "../../provider/client";
import { LocalEngine, startEmulator, type OperationResult, type RunningEmulator } from "../../testing";
import { newAwsTypescriptProject, type NewProject } from "./newProject";

const BASE = { accessKey: "AKIDNEWUSER000000001", secretKey: "new-user-secret" };
const ROLE = "arn:aws:iam::123456789012:role/network-deploy";

// A program as a user writes it: an aws.Provider for another Region that reaches the account through a role.
const WEST_PROGRAM = `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { getScopeOutput, Monitor } from "pulumi-networkflowmonitor";

const config = new pulumi.Config();
const endpoint = config.require("endpoint");
const west = new aws.Provider("west", {
    region: "us-west-2",
    accessKey: config.require("accessKey"),
    secretKey: config.requireSecret("secretKey"),
    assumeRoles: [{ roleArn: config.require("roleArn"), sessionName: "nfm-new" }],
    endpoints: [{ networkflowmonitor: endpoint, sts: endpoint }],
});
const scope = getScopeOutput({}, { provider: west });
const monitor = new Monitor("west", {
    localResources: [{ type: "AWS::Region", identifier: "us-west-2" }],
    scopeArn: scope.scopeArn,
}, { provider: west });
export const monitorArn = monitor.monitorArn;
export const monitorRegion = monitor.region;
`;

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

/** Every package.json under node_modules, as name → the directories holding a copy. */
function copies(nodeModules: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".bin") continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith("@")) {
        visit(full);
        continue;
      }
      const manifest = path.join(full, "package.json");
      if (fs.existsSync(manifest)) {
        const name = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name;
        if (name) found.set(name, [...(found.get(name) ?? []), full]);
      }
      if (fs.existsSync(path.join(full, "node_modules"))) visit(path.join(full, "node_modules"));
    }
  };
  visit(nodeModules);
  return found;
}

/** A program beside the project: its files copied, its node_modules shared, `index.ts` as given. */
function programBeside(project: NewProject, name: string, files: string[], index: string): string {
  const programDir = path.join(project.dir, "..", name);
  fs.mkdirSync(programDir, { recursive: true });
  for (const f of files) fs.copyFileSync(path.join(project.dir, f), path.join(programDir, f));
  fs.symlinkSync(path.join(project.dir, "node_modules"), path.join(programDir, "node_modules"), "dir");
  fs.writeFileSync(path.join(programDir, "index.ts"), index);
  return programDir;
}

/** The account's scope in the emulator's Region, SUCCEEDED, as a user has it before declaring monitors. */
async function createAccountScope(emulator: RunningEmulator, region: string): Promise<void> {
  const api = new NetworkFlowMonitorClient({ region, endpoint: emulator.endpoint, credentials: { accessKeyId: BASE.accessKey, secretAccessKey: BASE.secretKey } });
  const created = await api.send(new CreateScopeCommand({ targets: [{ targetIdentifier: { targetId: { accountId: emulator.account }, targetType: "ACCOUNT" }, region }] }));
  emulator.control.setScopeStatus(created.scopeId, "SUCCEEDED");
  api.destroy();
}

/** Destroys the stack and checks that the emulator holds no monitor any more. */
async function destroyAndCheck(engine: LocalEngine, emulator: RunningEmulator): Promise<void> {
  const destroyed = await engine.destroy();
  assert.equal(destroyed.ok, true, explain(destroyed));
  assert.deepEqual(emulator.control.snapshot().monitors, []);
}

/** The first TypeScript block of README's "Quick start" section, as a user copies it. */
function readmeQuickStart(): string {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.split("\n## Quick start\n")[1]?.split("\n## ")[0] ?? "";
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(block, "README has a Quick start TypeScript block");
  return block[1];
}

const CONSUMER = `
import { AwsService, getScope, getScopeOutput, LocalResourceType, Monitor, Scope, WorkloadMonitor, type MonitorArgs } from "pulumi-networkflowmonitor";
import { LocalEngine, startEmulator, type RunningEmulator } from "pulumi-networkflowmonitor/testing";

const args: MonitorArgs = { localResources: [{ type: LocalResourceType.Region, identifier: "us-west-2" }], scopeArn: getScopeOutput().scopeArn };
export const monitor = new Monitor("m", { ...args, remoteResources: [{ type: "AWS::AWSService", identifier: AwsService.S3 }] });
export const scope = new Scope("s", {});
export const workload = new WorkloadMonitor("w", { local: ["us-west-2"] });
export const found: Promise<{ scopeArn: string }> = getScope({ region: "us-west-2" });
export const emulator: Promise<RunningEmulator> = startEmulator({ activeAfterMs: 10 });
export const engine = (dir: string) => new LocalEngine({ programDir: dir, stateFile: dir + "/state.json" });
`;

describe("the packed package in a `pulumi new aws-typescript` project", function () {
  this.timeout(300_000);
  let project: NewProject;

  before(async () => {
    project = await newAwsTypescriptProject();
    fs.writeFileSync(path.join(project.dir, "consumer.ts"), CONSUMER);
  });

  for (const [label, options] of [
    ['"moduleResolution": "node" (what pulumi new writes)', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
    ['"moduleResolution": "node16"', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    ['"moduleResolution": "bundler"', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
  ] as const) {
    it(`every documented import type-checks under ${label}`, () => {
      const program = ts.createProgram([path.join(project.dir, "consumer.ts")], {
        ...options,
        target: ts.ScriptTarget.ES2020,
        strict: true,
        noEmit: true,
        // The package's own declarations are what is under test; @pulumi/*'s are checked by their authors.
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(project.dir, "node_modules", "@types")],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      assert.deepEqual(diagnostics, []);
    });
  }

  it("adds no second copy of any @aws-sdk or @smithy package next to @pulumi/aws 7.x, and records the footprint", () => {
    const all = copies(path.join(project.dir, "node_modules"));
    const duplicated = [...all].filter(([name, dirs]) => /^@(aws-sdk|smithy)\//.test(name) && dirs.length > 1).map(([name, dirs]) => `${name} x${dirs.length}`);
    assert.deepEqual(duplicated, []);
    const addedMb = (project.bytesAfter - project.bytesBefore) / 1e6;
    const aws = JSON.parse(fs.readFileSync(path.join(project.dir, "node_modules", "@pulumi", "aws", "package.json"), "utf8")).version;
    console.log(`      (next to @pulumi/aws ${aws}: +${addedMb.toFixed(1)} MB in node_modules, no duplicate @aws-sdk/@smithy copies; npm install of the tarball took ${project.installSeconds.toFixed(1)} s)`);
    // Measured 5.6 MB of files (about 17 MB of disk blocks); with the exact pins it was 13.5 MB of files (43 MB on disk).
    assert.ok(addedMb < 25, `the package added ${addedMb.toFixed(1)} MB`);
  });

  it("an explicit aws.Provider with assumeRoles: up in its Region through the role, destroy from the stored settings", async () => {
    const emulator = await startEmulator({ region: "us-west-2", ...BASE, assumableRoles: [ROLE] });
    const programDir = programBeside(project, "west", ["Pulumi.yaml", "package.json", "tsconfig.json"], WEST_PROGRAM);
    await createAccountScope(emulator, "us-west-2");
    emulator.clearRequests();
    const engine = new LocalEngine({
      programDir,
      stateFile: path.join(programDir, ".state", "dev.json"),
      // The stack's own aws:region says us-east-1 and there are no credentials in the environment: only the
      // explicit provider can make this work.
      config: { "aws:region": "us-east-1", "nfm-new:endpoint": emulator.endpoint, "nfm-new:accessKey": BASE.accessKey, "nfm-new:roleArn": ROLE },
      secretConfig: { "nfm-new:secretKey": BASE.secretKey },
      env: { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_PROFILE: "", AWS_REGION: "", AWS_DEFAULT_REGION: "" },
    });
    try {
      const up = await engine.up();
      assert.equal(up.ok, true, explain(up));
      assert.equal(up.outputs.monitorRegion, "us-west-2");
      const sessions = emulator.control.stsSessions();
      assert.ok(sessions.length >= 1 && sessions.every((x) => x.roleArn === ROLE && x.assumedWith === BASE.accessKey));
      const sessionKeys = new Set(sessions.map((x) => x.accessKeyId));
      const nfm = emulator.requests().filter((r) => !r.operation?.startsWith("sts:"));
      assert.ok(nfm.some((r) => r.operation === "CreateMonitor"), nfm.map((r) => r.operation).join(", "));
      assert.ok(nfm.every((r) => sessionKeys.has(r.accessKey!)), "every Network Flow Monitor call used the role's temporary credentials");
      assert.equal(String(up.outputs.monitorArn), emulator.control.snapshot().monitors[0].arn);

      await destroyAndCheck(engine, emulator);
    } finally {
      await engine.dispose();
      await emulator.stop();
    }
  });

  it("runs README's Quick start verbatim: type-checks as the project compiles it, then up, ACTIVE, and destroy", async () => {
    const emulator = await startEmulator({ region: "us-east-1", ...BASE, activeAfterMs: 10 });
    const programDir = programBeside(project, "quickstart", ["Pulumi.yaml", "Pulumi.dev.yaml", "package.json", "tsconfig.json"], readmeQuickStart());
    // The project's own compiler and tsconfig (strict, moduleResolution node), as `pulumi up` type-checks it.
    const tsconfig = ts.getParsedCommandLineOfConfigFile(path.join(programDir, "tsconfig.json"), { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    assert.ok(tsconfig);
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(tsconfig.fileNames, { ...tsconfig.options, skipLibCheck: true }))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepEqual(diagnostics, []);
    await createAccountScope(emulator, "us-east-1");
    // The stack's aws:region (Pulumi.dev.yaml's, passed as the API takes config); credentials and endpoint from the
    // environment, as a user points at the emulator.
    const engine = new LocalEngine({
      programDir,
      stateFile: path.join(programDir, ".state", "dev.json"),
      config: { "aws:region": "us-east-1" },
      env: { AWS_ACCESS_KEY_ID: BASE.accessKey, AWS_SECRET_ACCESS_KEY: BASE.secretKey, AWS_PROFILE: "", AWS_REGION: "", AWS_DEFAULT_REGION: "", AWS_ENDPOINT_URL_NETWORKFLOWMONITOR: emulator.endpoint, AWS_ENDPOINT_URL_STS: emulator.endpoint },
    });
    try {
      const up = await engine.up();
      assert.equal(up.ok, true, explain(up));
      assert.equal(up.outputs.monitorStatus, "ACTIVE");
      assert.equal(String(up.outputs.monitorArn), emulator.control.snapshot().monitors[0].arn);
      await destroyAndCheck(engine, emulator);
    } finally {
      await engine.dispose();
      await emulator.stop();
    }
  });
});
