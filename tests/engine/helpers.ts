// Test helpers: a tiny record server the fixture provider writes to, and throwaway copies of fixture projects.
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";

export interface ServerCall {
  op: string;
  body: any;
}

export interface RecordServer {
  url: string;
  calls: ServerCall[];
  records: Map<string, { inputs: any; outs: any }>;
  /** Calls that change something on the server. */
  writes(): ServerCall[];
  /** When set, create requests are recorded but not answered until it resolves (to interrupt an engine mid-create). */
  holdCreates?: Promise<void>;
  /** Answer deletes after this many ms (to see whether deletes overlap). */
  deleteDelayMs?: number;
  close(): Promise<void>;
}

export async function startRecordServer(): Promise<RecordServer> {
  const calls: ServerCall[] = [];
  const records = new Map<string, { inputs: any; outs: any }>();
  let counter = 0;
  const hold: { creates?: Promise<void>; deleteDelayMs?: number } = {};
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const op = (req.url ?? "/").slice(1);
      const body = data ? JSON.parse(data) : {};
      calls.push({ op, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      switch (op) {
        case "create": {
          const id = `${body.inputs.kind}-${++counter}`;
          records.set(id, { inputs: body.inputs, outs: {} });
          if (hold.creates) return void hold.creates.then(() => send(200, { id }));
          return send(200, { id });
        }
        case "update":
          records.set(body.id, { inputs: body.news, outs: {} });
          return send(200, {});
        case "read": {
          const found = records.get(body.id);
          return found ? send(200, found) : send(404, { message: "not found" });
        }
        case "delete":
          records.delete(body.id);
          if (hold.deleteDelayMs) return void setTimeout(() => send(200, {}), hold.deleteDelayMs);
          return send(200, {});
        default:
          return send(200, {});
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    get holdCreates() {
      return hold.creates;
    },
    set holdCreates(p: Promise<void> | undefined) {
      hold.creates = p;
    },
    get deleteDelayMs() {
      return hold.deleteDelayMs;
    },
    set deleteDelayMs(ms: number | undefined) {
      hold.deleteDelayMs = ms;
    },
    url: `http://127.0.0.1:${port}`,
    calls,
    records,
    writes: () => calls.filter((c) => c.op === "create" || c.op === "update" || c.op === "delete"),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const repoNodeModules = path.resolve(__dirname, "..", "..", "node_modules");

/**
 * Copies a fixture into a fresh temp directory laid out like a user's project: node_modules links to this
 * repository's @pulumi and holds a package (`engine-fixture-marker`) that only that directory can resolve.
 */
export function makeProject(fixture: string): { dir: string; stateFile: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nfm-engine-${fixture}-`));
  fs.cpSync(path.join(__dirname, "fixtures", fixture), dir, { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules", "engine-fixture-marker"), { recursive: true });
  fs.symlinkSync(path.join(repoNodeModules, "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.writeFileSync(
    path.join(dir, "node_modules", "engine-fixture-marker", "index.js"),
    `module.exports = { name: "marker-from-project" };\n`,
  );
  return {
    dir,
    stateFile: path.join(dir, ".pulumi-state", "dev.json"),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A writable that keeps what was written (a command's stdout or stderr). */
export function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = "";
  return w;
}
