// A consumer project laid out as `pulumi new aws-typescript` lays it out (no ts-node, `"moduleResolution": "node"`,
// config in Pulumi.dev.yaml), with the packed package installed from its tarball: the test bed for what a new
// user meets. Built once per test process (packing and installing take a while) and shared by the tests that
// need it; removed when the process exits.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");

export interface NewProject {
  dir: string;
  /** The tarball's file name, e.g. pulumi-networkflowmonitor-0.1.0.tgz. */
  tarball: string;
  /** Seconds `npm install` of the tarball took. */
  installSeconds: number;
  /** Bytes of node_modules before and after the package was installed next to @pulumi/aws and @pulumi/pulumi. */
  bytesBefore: number;
  bytesAfter: number;
}

/** Total size of the files under a directory (apparent sizes, symlinks not followed). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

function run(cmd: string, args: string[], cwd: string): string {
  // npm must not inherit a NODE_OPTIONS meant for other processes.
  return execFileSync(cmd, args, { cwd, env: { ...process.env, NODE_OPTIONS: "" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const files: Record<string, string> = {
  "Pulumi.yaml": "name: nfm-new\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\ndescription: A new Pulumi AWS TypeScript project\n",
  "Pulumi.dev.yaml": "config:\n  aws:region: us-east-1\n",
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true,
      experimentalDecorators: true, pretty: true, noFallthroughCasesInSwitch: true, noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
  }, null, 4),
  "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n\nconst bucket = new aws.s3.BucketV2("my-bucket");\nexport const bucketName = bucket.id;\n',
};

let pending: Promise<NewProject> | undefined;

/** Builds, packs and installs once; later calls get the same project. */
export function newAwsTypescriptProject(): Promise<NewProject> {
  pending ??= Promise.resolve().then(create);
  return pending;
}

function create(): NewProject {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nfm-new-project-")));
  process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));
  run("npm", ["run", "build"], repoRoot);
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repoRoot)) as { filename: string }[];
  const dir = path.join(work, "nfm-new");
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  // What `pulumi new aws-typescript` writes, with the versions this repository tests against.
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: "nfm-new",
    main: "index.ts",
    devDependencies: { "@types/node": "20.19.43", typescript: "5.9.3" },
    dependencies: { "@pulumi/aws": "7.48.0", "@pulumi/pulumi": "3.248.0" },
  }, null, 4));
  fs.renameSync(path.join(work, packed.filename), path.join(dir, packed.filename));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
  const bytesBefore = treeBytes(path.join(dir, "node_modules"));
  // README's install line, verbatim.
  const started = Date.now();
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `./${packed.filename}`], dir);
  const installSeconds = (Date.now() - started) / 1000;
  return { dir, tarball: packed.filename, installSeconds, bytesBefore, bytesAfter: treeBytes(path.join(dir, "node_modules")) };
}
