// Finding a resource plugin's executable as the Pulumi engine does (sdk/go/common/workspace/plugins.go v3.248.0,
// `GetPluginPath` → `getPluginInfoAndPath`): a project plugin declared in Pulumi.yaml (`plugins.providers`), else
// `pulumi-resource-<name>` on $PATH (unless PULUMI_IGNORE_AMBIENT_PLUGINS is "1" or "true"), else the plugin cache
// `$PULUMI_HOME/plugins/resource-<name>-v<version>/` (newest version; what `pulumi plugin install` fills).
// Plus the provider tokens and references of pkg/resource/deploy/providers.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** `PluginDescriptor.File`: the executable's name for a resource plugin. */
export function pluginFileName(pkg: string): string {
  return `pulumi-resource-${pkg}`;
}

/** A resource type's package (`tokens.Type.Package`): the part before the first colon. */
export function packageOf(type: string): string {
  return type.split(":")[0];
}

/** `providers.MakeProviderType` / `IsProviderType`: `pulumi:providers:<pkg>`. */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
export function isProviderType(type: string): boolean {
  return type.startsWith(PROVIDER_TYPE_PREFIX);
}
export function providerTypeOf(pkg: string): string {
  return `${PROVIDER_TYPE_PREFIX}${pkg}`;
}
export function providerPackage(type: string): string {
  return type.slice(PROVIDER_TYPE_PREFIX.length);
}

/** `ProviderRequest.DefaultName`: `default`, or `default_<major>_<minor>_<patch>` for a requested version. */
export function defaultProviderName(version?: string): string {
  if (!version) return "default";
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(version);
  if (!m) throw new Error(`provider version ${JSON.stringify(version)} is not semver`);
  const pre = m[4] ? m[4].split(".").map((p) => `_${p}`).join("") : "";
  return `default_${m[1]}_${m[2]}_${m[3]}${pre}`;
}

/** A provider reference, `<provider URN>::<provider ID>` (sdk/go/common/resource/providers `Reference.String`). */
export function formatProviderRef(urn: string, id: string): string {
  return `${urn}::${id}`;
}
export function parseProviderRef(ref: string): { urn: string; id: string } {
  const at = ref.lastIndexOf("::");
  if (at < 0) throw new Error(`could not parse provider reference ${JSON.stringify(ref)}: expected <urn>::<id>`);
  return { urn: ref.slice(0, at), id: ref.slice(at + 2) };
}

/** A project plugin from Pulumi.yaml's `plugins.providers` (workspace.PluginOptions: name, version, path). */
export interface ProjectPlugin {
  name: string;
  path: string;
  version?: string;
}

export interface PluginLookupOptions {
  env: NodeJS.ProcessEnv;
  projectPlugins?: ProjectPlugin[];
}

export interface FoundPlugin {
  path: string;
  source: "project" | "path" | "cache";
}

/** `env.IgnoreAmbientPlugins`: an env.Bool, true for "1" or "true" (any case). */
export function ignoreAmbientPlugins(env: NodeJS.ProcessEnv): boolean {
  const v = env.PULUMI_IGNORE_AMBIENT_PLUGINS ?? "";
  return v === "1" || v.toLowerCase() === "true";
}

function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** exec.LookPath over $PATH. */
export function lookPath(file: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir || ".", file);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Compares two `x.y.z` versions numerically (enough for the cache's newest-version pick). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number(p));
  const pb = b.split(/[.-]/).map((p) => Number(p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

/** The plugin cache (`GetPluginDir`): `$PULUMI_HOME/plugins`, default `~/.pulumi/plugins`. */
export function pluginCacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "plugins");
}

/** Where the engine would start `pkg`'s resource plugin from, or undefined when it has none. */
export function findResourcePlugin(pkg: string, opts: PluginLookupOptions): FoundPlugin | undefined {
  const file = pluginFileName(pkg);
  const project = opts.projectPlugins?.find((p) => p.name === pkg);
  if (project) return { path: path.join(project.path, file), source: "project" };
  if (!ignoreAmbientPlugins(opts.env)) {
    const onPath = lookPath(file, opts.env);
    if (onPath) return { path: onPath, source: "path" };
  }
  const cache = pluginCacheDir(opts.env);
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(cache);
  } catch {
    return undefined;
  }
  const prefix = `resource-${pkg}-v`;
  const versions = entries
    .filter((e) => e.startsWith(prefix) && !e.endsWith(".partial") && !entries.includes(`${e}.partial`))
    .map((e) => e.slice(prefix.length))
    .sort(compareVersions);
  const newest = versions.pop();
  if (newest === undefined) return undefined;
  const candidate = path.join(cache, `${prefix}${newest}`, file);
  return isExecutableFile(candidate) ? { path: candidate, source: "cache" } : undefined;
}

/** Pulumi.yaml's `plugins.providers` (paths relative to the project directory), from a parsed document. */
export function projectPluginsFrom(doc: unknown, programDir: string): ProjectPlugin[] {
  const providers = (doc as { plugins?: { providers?: unknown } } | null)?.plugins?.providers;
  if (!Array.isArray(providers)) return [];
  return providers
    .filter((p): p is { name: string; path: string; version?: string } => typeof p?.name === "string" && typeof p?.path === "string")
    .map((p) => ({ name: p.name, path: path.resolve(programDir, p.path), version: p.version }));
}
