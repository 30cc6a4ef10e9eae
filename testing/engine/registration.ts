// A RegisterResourceRequest (pulumirpc, as the Node.js SDK sends it) read into the engine's own terms. Shared by the
// program's runner (which sees the request before the mock monitor does) and the engine's resource monitor (which
// serves the children a plugin's Construct registers).

/** The resource options of a RegisterResourceRequest, as plain JSON (only those set). */
export function resourceOptions(req: any): Record<string, unknown> {
  const opts: Record<string, unknown> = {};
  if (req.hasProtect()) opts.protect = req.getProtect();
  if (req.hasRetainondelete()) opts.retainOnDelete = req.getRetainondelete();
  if (req.getDeletebeforereplacedefined()) opts.deleteBeforeReplace = req.getDeletebeforereplace();
  const lists: [string, string[]][] = [
    ["ignoreChanges", req.getIgnorechangesList()],
    ["replaceOnChanges", req.getReplaceonchangesList()],
    ["additionalSecretOutputs", req.getAdditionalsecretoutputsList()],
  ];
  for (const [k, v] of lists) if (v.length) opts[k] = v;
  const aliases = [
    ...req.getAliasurnsList().map((urn: string) => ({ urn })),
    ...req.getAliasesList().map((a: any) => {
      if (a.hasUrn()) return { urn: a.getUrn() };
      const s = a.getSpec();
      return {
        name: s.getName() || undefined,
        type: s.getType() || undefined,
        stack: s.getStack() || undefined,
        project: s.getProject() || undefined,
        parentUrn: s.hasParenturn() ? s.getParenturn() || undefined : undefined,
        noParent: s.hasNoparent() ? s.getNoparent() : undefined,
      };
    }),
  ];
  if (aliases.length) opts.aliases = aliases;
  if (req.getDeletedwith()) opts.deletedWith = req.getDeletedwith();
  // source_eval.go `RegisterResource`: the provider reference and version asked for, and whether it is remote.
  if (req.getProvider()) opts.provider = req.getProvider();
  if (req.getVersion()) opts.version = req.getVersion();
  if (req.getRemote()) opts.remote = true;
  return opts;
}

/** The whole registration (type, name, parent, inputs in serialized form, dependencies, options). */
export function registrationOf(req: any): Record<string, unknown> {
  return {
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent() || undefined,
    inputs: req.getObject()?.toJavaScript() ?? {},
    dependencies: req.getDependenciesList(),
    importId: req.getImportid() || undefined,
    ...resourceOptions(req),
  };
}
