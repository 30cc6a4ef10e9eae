// The sweeper (`make sweep`): deletes what a failed acceptance run left behind in the account, and only
// that. Everything the suite creates carries the tag `acceptance`; an object without it (your own
// monitors, the account's own scope) is never touched. It lists what it found before deleting anything.
import {
  DeleteMonitorCommand,
  DeleteScopeCommand,
  GetMonitorCommand,
  GetScopeCommand,
  ListMonitorsCommand,
  ListScopesCommand,
  type NetworkFlowMonitorClient,
} from "../provider/client";
import { waitForMonitorStatus } from "./service";

/** The tag key every object the acceptance suite creates carries (its value is the run's id). */
export const ACCEPTANCE_TAG = "acceptance";

export interface TaggedObject {
  kind: "monitor" | "scope";
  /** Monitor name or scope id: what the delete call takes. */
  id: string;
  arn: string;
  tags: Record<string, string>;
}

/** What the sweeper deletes: objects carrying the acceptance tag, monitors before scopes (a scope in use cannot go). */
export function sweepable(objects: TaggedObject[], tag = ACCEPTANCE_TAG): TaggedObject[] {
  const rank = (o: TaggedObject) => (o.kind === "monitor" ? 0 : 1);
  return objects.filter((o) => Object.prototype.hasOwnProperty.call(o.tags, tag)).sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** Every monitor and scope in the client's Region, with its tags. */
export async function listObjects(client: NetworkFlowMonitorClient): Promise<TaggedObject[]> {
  const found: TaggedObject[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListMonitorsCommand({ nextToken }));
    for (const m of page.monitors ?? []) {
      const got = await client.send(new GetMonitorCommand({ monitorName: m.monitorName })).catch(ignoreGone);
      if (got) found.push({ kind: "monitor", id: got.monitorName, arn: got.monitorArn, tags: got.tags ?? {} });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  do {
    const page = await client.send(new ListScopesCommand({ nextToken }));
    for (const s of page.scopes ?? []) {
      const got = await client.send(new GetScopeCommand({ scopeId: s.scopeId })).catch(ignoreGone);
      if (got) found.push({ kind: "scope", id: got.scopeId, arn: got.scopeArn, tags: got.tags ?? {} });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

export interface SweepOptions {
  log?: (line: string) => void;
  /** List only; delete nothing. */
  dryRun?: boolean;
  /** How often to poll a deleted monitor before deleting a scope (1 s). */
  pollMs?: number;
}

export interface SweepResult {
  found: TaggedObject[];
  deleted: TaggedObject[];
  failed: { object: TaggedObject; error: string }[];
}

/** Lists the acceptance-tagged objects, then (unless dryRun) deletes each, monitors first. */
export async function sweep(client: NetworkFlowMonitorClient, opts: SweepOptions = {}): Promise<SweepResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const found = sweepable(await listObjects(client));
  log(found.length ? `Objects tagged "${ACCEPTANCE_TAG}":` : `No object tagged "${ACCEPTANCE_TAG}": nothing to sweep.`);
  for (const o of found) log(`  ${o.kind} ${o.id} (${o.arn}) ${ACCEPTANCE_TAG}=${o.tags[ACCEPTANCE_TAG]}`);
  const result: SweepResult = { found, deleted: [], failed: [] };
  if (opts.dryRun) return result;
  for (const o of found) {
    try {
      // A scope cannot go while a monitor that used it is still being deleted.
      if (o.kind === "scope") {
        for (const m of result.deleted.filter((d) => d.kind === "monitor")) await waitForMonitorStatus(client, m.id, "GONE", { everyMs: opts.pollMs });
      }
      if (o.kind === "monitor") await client.send(new DeleteMonitorCommand({ monitorName: o.id }));
      else await client.send(new DeleteScopeCommand({ scopeId: o.id }));
      result.deleted.push(o);
      log(`  deleted ${o.kind} ${o.id}`);
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      result.failed.push({ object: o, error });
      log(`  could not delete ${o.kind} ${o.id}: ${error}`);
    }
  }
  return result;
}

function ignoreGone(err: unknown): undefined {
  if ((err as Error).name === "ResourceNotFoundException") return undefined;
  throw err;
}
