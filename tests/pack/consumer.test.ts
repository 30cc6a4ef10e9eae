// The package as users get it: build, `npm pack`, install the tarball into a copy of examples/consumer, and run
// that stack through the engine and Pulumi's real dynamic-provider host, which must load the provider from the
// consumer's node_modules (not from this checkout) and store no credential in the state.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalEngine, type OperationResult } from "../../testing/engine";
import { repoRoot, startWorkloadEmulator, type WorkloadEmulator } from "../component/helpers";
import { packAndInstall, run } from "./helpers";

const MONITOR = "pulumi-nodejs:dynamic/networkflowmonitor:Monitor";

function explain(r: OperationResult): string {
  return `${r.planText}\n${r.diagnostics.map((d) => d.message).join("\n")}`;
}

// Loaded into the program and host processes with --require: logs "<pid>\t<file>" for every .js module loaded.
const TRACER = `
const fs = require("fs");
const Module = require("module");
const load = Module._extensions[".js"];
Module._extensions[".js"] = function (m, filename) {
  fs.appendFileSync(process.env.NFM_TRACE_FILE, process.pid + "\\t" + filename + "\\n");
  return load.call(this, m, filename);
};
`;

describe("the packed package, installed into a consumer project", function () {
  this.timeout(240_000);
  const canary = `canary-secret-${process.pid}-${Date.now()}`;
  let work: string;
  let project: string;
  let env: WorkloadEmulator;
  let engine: LocalEngine;
  let traceFile: string;
  let workloadEngine: LocalEngine | undefined;

  before(async function () {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nfm-consumer-")));
    project = path.join(work, "project");
    packAndInstall(work, path.join(repoRoot, "examples", "consumer"), project);

    traceFile = path.join(work, "loaded.tsv");
    fs.writeFileSync(path.join(work, "trace.js"), TRACER);
    env = await startWorkloadEmulator(canary);
    await env.createScope();
    engine = new LocalEngine({
      programDir: project,
      stateFile: path.join(project, ".pulumi-state", "dev.json"),
      config: env.config,
      env: { ...env.env, NODE_OPTIONS: `--require ${path.join(work, "trace.js")}`, NFM_TRACE_FILE: traceFile },
    });
  });

  after(async () => {
    await workloadEngine?.dispose();
    await engine?.dispose();
    await env?.emulator.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("installs as a real package, not a link to this checkout", () => {
    const installed = path.join(project, "node_modules", "pulumi-networkflowmonitor");
    assert.equal(fs.lstatSync(installed).isSymbolicLink(), false);
    assert.ok(fs.existsSync(path.join(installed, "dist", "provider", "monitor", "provider.js")));
    assert.equal(fs.existsSync(path.join(installed, "tests")), false);
  });

  it("previews, creates and destroys the consumer's monitor with the scope found by getScope", async () => {
    const preview = await engine.preview();
    assert.equal(preview.ok, true, explain(preview));
    assert.deepEqual(preview.steps.filter((s) => s.type === MONITOR).map((s) => `${s.op} ${s.name}`), ["create orders-1"]);

    const up = await engine.up();
    assert.equal(up.ok, true, explain(up));
    const monitors = env.emulator.control.snapshot().monitors;
    assert.equal(monitors.length, 1);
    assert.equal(monitors[0].scopeArn, up.outputs.scopeArn);
    assert.equal(monitors[0].localResources.length, 3);
    assert.deepEqual(monitors[0].remoteResources.map((r) => r.identifier).sort(), ["DynamoDB", "S3"]);
    assert.deepEqual(up.outputs.monitorArns, [monitors[0].arn]);

    // The state holds the forwarders, not the provider's code, and no credential.
    const stateText = fs.readFileSync(path.join(project, ".pulumi-state", "dev.json"), "utf8");
    assert.equal(stateText.includes(canary), false, "the secret key leaked into the state");
    const monitor = engine.readState().resources.find((r) => r.type === MONITOR)!;
    assert.match(String(monitor.outputs.__provider), /require\("pulumi-networkflowmonitor\/dist\/provider\/monitor\/provider\.js"\)/);

    const destroyed = await engine.destroy();
    assert.equal(destroyed.ok, true, explain(destroyed));
    assert.deepEqual(env.emulator.control.snapshot().monitors, []);
  });

  it("ran the provider host from the consumer's node_modules, never from this checkout", () => {
    const lines = fs.readFileSync(traceFile, "utf8").trim().split("\n").map((l) => l.split("\t"));
    const hostPids = new Set(engine.hostPids.map(String));
    const hostFiles = lines.filter(([pid]) => hostPids.has(pid)).map(([, f]) => f);
    const installed = path.join(project, "node_modules", "pulumi-networkflowmonitor") + path.sep;
    assert.ok(hostFiles.includes(path.join(installed, "dist", "provider", "monitor", "provider.js")), "no host loaded the installed provider");
    assert.deepEqual(hostFiles.filter((f) => f.startsWith(repoRoot + path.sep)), [], "a host loaded files from this checkout");
    // The program loaded the package from the project too; only the engine's own runner and its TypeScript
    // loader (the test harness, not the package) come from here.
    const harness = [path.join(repoRoot, "node_modules"), path.join(repoRoot, "testing", "engine")].map((d) => d + path.sep);
    const fromCheckout = lines
      .map(([, f]) => f)
      .filter((f) => f.startsWith(repoRoot + path.sep) && !harness.some((d) => f.startsWith(d)));
    assert.deepEqual(fromCheckout, []);
    assert.ok(lines.some(([pid, f]) => !hostPids.has(pid) && f === path.join(installed, "dist", "sdk", "workloadMonitor.js")));
  });

  it("runs examples/workload from the same install: it type-checks against @pulumi/aws 7's declarations and deploys every part", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "pulumi-networkflowmonitor", "package.json"), "utf8"));
    assert.equal(pkg.peerDependencies["@pulumi/aws"], "^7");
    const awsVersion = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "@pulumi", "aws", "package.json"), "utf8")).version;
    assert.match(awsVersion, /^7\./);

    // The example as a second program of the consumer project, resolving everything from its node_modules.
    const dir = path.join(project, "workload");
    fs.mkdirSync(dir);
    for (const f of ["index.ts", "Pulumi.yaml", "tsconfig.json"]) fs.copyFileSync(path.join(repoRoot, "examples", "workload", f), path.join(dir, f));
    run(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"], dir);

    workloadEngine = new LocalEngine({ programDir: dir, stateFile: path.join(dir, ".pulumi-state", "dev.json"), config: env.config, env: env.env });
    const up = await workloadEngine.up();
    assert.equal(up.ok, true, explain(up));
    const types = new Set(workloadEngine.readState().resources.map((r) => r.type));
    for (const t of [
      MONITOR,
      "aws:eks/addon:Addon",
      "aws:eks/podIdentityAssociation:PodIdentityAssociation",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      "aws:ssm/association:Association",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:cloudwatch/dashboard:Dashboard",
    ]) {
      assert.ok(types.has(t), `${t} is missing from the installed example's state`);
    }
    assert.equal((up.outputs.alarmArns as string[]).length, 3);
    const destroyed = await workloadEngine.destroy();
    assert.equal(destroyed.ok, true, explain(destroyed));
  });

  it("runs as `npx nfm-engine preview` in a project laid out like `pulumi new aws-typescript` (no ts-node, moduleResolution node, config in Pulumi.dev.yaml)", async () => {
    // What `pulumi new aws-typescript` writes: TypeScript as a dev dependency, no ts-node, node resolution.
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "typescript@5.9.3"], project);
    assert.equal(fs.existsSync(path.join(project, "node_modules", "ts-node")), false, "the project has no ts-node");
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true }, files: ["index.ts"] }, null, 2),
    );
    const yaml = Object.entries(env.config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n");
    fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), `config:\n${yaml}\n`);
    const bin = path.join(project, "node_modules", ".bin", "nfm-engine");
    // The Region and the endpoint come only from Pulumi.dev.yaml; no --cwd: the current directory is the project.
    const childEnv = { ...process.env, ...env.env, AWS_REGION: "", NODE_OPTIONS: "", TS_NODE_COMPILER_OPTIONS: "" };
    delete (childEnv as Record<string, string | undefined>).TS_NODE_COMPILER_OPTIONS;
    // Asynchronously: the emulator answers from this process.
    const runBin = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(bin, args, { cwd: project, env: childEnv });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
    const preview = await runBin(["preview", "--stack", "dev", "--state", path.join(work, "cli-state.json")]);
    assert.equal(preview.status, 0, `${preview.stdout}\n${preview.stderr}`);
    assert.match(preview.stdout, /\+ +pulumi-nodejs:dynamic\/networkflowmonitor:Monitor +orders-1 +create/);
    const help = await runBin(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Pulumi\.<stack>\.yaml/);
  });
});
