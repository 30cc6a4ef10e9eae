import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as readline from "node:readline";
import { parseCliArgs } from "../../testing/emulator/cliArgs";
import { call, repoRoot } from "./helpers";

function startCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "testing/emulator/cli.ts", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once("line", (line) => {
      rl.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before printing a line`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

describe("nfm-emulator CLI", () => {
  it("prints exactly `listening http://127.0.0.1:PORT` first, serves, and stops on SIGTERM", async () => {
    const child = startCli(["--port", "0", "--max-monitors", "5", "--throttle-every", "2"]);
    try {
      const line = await firstLine(child);
      assert.match(line, /^listening http:\/\/127\.0\.0\.1:\d+$/);
      const endpoint = line.slice("listening ".length);
      assert.equal((await call(endpoint, "GET", "/monitors")).status, 200);
      assert.equal((await call(endpoint, "GET", "/monitors")).status, 429, "--throttle-every 2 applies");
      child.kill("SIGTERM");
      assert.equal(await exited(child), 0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits 2 with a message on a bad flag", async () => {
    const child = startCli(["--error-rate", "7"]);
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    assert.equal(await exited(child), 2);
    assert.match(err, /--error-rate must be a number from 0 to 1/);
  });
});

describe("nfm-emulator flags", () => {
  it("maps every flag to its option", () => {
    const parsed = parseCliArgs(
      "--port 7 --host 0.0.0.0 --region eu-west-1 --account 111122223333 --active-after 10 --delete-after 20 --state-file s.json --access-key K --secret-key S --max-monitors 2 --max-local-resources 3 --max-remote-resources 4 --max-scopes 5 --max-tags 6 --throttle-rate 0.5 --throttle-every 3 --error-rate 0.25 --error-every 4 --latency-ms 9 --error-monitors a,b --seed 42 --assumable-roles arn:aws:iam::111122223333:role/a,arn:aws:iam::111122223333:role/b".split(" "),
    );
    assert.deepEqual(parsed, {
      kind: "run",
      options: {
        port: 7,
        host: "0.0.0.0",
        region: "eu-west-1",
        account: "111122223333",
        activeAfterMs: 10,
        deleteAfterMs: 20,
        stateFile: "s.json",
        accessKey: "K",
        secretKey: "S",
        limits: { maxMonitors: 2, maxLocalResources: 3, maxRemoteResources: 4, maxScopes: 5, maxTags: 6 },
        faults: { throttleRate: 0.5, throttleEvery: 3, errorRate: 0.25, errorEvery: 4, latencyMs: 9, errorMonitors: ["a", "b"], seed: 42 },
        assumableRoles: ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b"],
      },
    });
    assert.deepEqual(parseCliArgs(["--port=9"]), { kind: "run", options: { port: 9 } });
    assert.deepEqual(parseCliArgs(["--help"]), { kind: "help" });
  });

  it("names the flag and what it allows", () => {
    const message = (args: string[]) => (parseCliArgs(args) as { message: string }).message;
    assert.match(message(["--bogus"]), /unknown option '--bogus'/);
    assert.match(message(["--port"]), /--port needs a value/);
    assert.match(message(["--max-tags", "0"]), /--max-tags must be a whole number >= 1/);
    assert.match(message(["--access-key", "K"]), /together/);
    assert.match(message(["--region", "mars"]), /--region must be a Region name/);
    assert.match(message(["--account", "12"]), /--account must be 12 digits/);
  });
});
