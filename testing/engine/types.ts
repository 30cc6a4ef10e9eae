// Public types of the local test engine: operation results, plan steps and the state file.

/** The string Pulumi uses on the wire for a value that is not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Key and signature Pulumi uses to mark a serialized secret: `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature of a serialized resource reference: `{ [SECRET_SIG_KEY]: RESOURCE_REF_SIG, urn, id? }`. */
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export type OperationName = "preview" | "up" | "refresh" | "destroy" | "import";

export type StepOp =
  | "create"
  | "import"
  | "update"
  | "replace"
  | "delete"
  | "same"
  | "read"
  | "discard"
  | "create-replacement"
  | "delete-replaced";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Top-level input (or, for refresh, output) properties that changed. */
  diffs: string[];
  /** Properties the provider said force a replacement. */
  replaces: string[];
  deleteBeforeReplace?: boolean;
  failed?: boolean;
  /** Refresh steps: what the refresh found (Pulumi's RefreshStep.ResultOp). */
  result?: "same" | "update" | "delete";
  /** Epoch ms when the engine started the step (received the registration, or began the read/delete). */
  startedMs?: number;
  /** Epoch ms when the step's last provider call answered (benchmarks derive waiter overshoot from it). */
  finishedMs?: number;
}

export interface Diagnostic {
  urn?: string;
  severity: "error" | "warning" | "info";
  message: string;
}

export interface CheckFailure {
  urn: string;
  property?: string;
  reason: string;
}

export type ChangeKind = "create" | "update" | "replace" | "delete" | "same" | "refresh";

export interface OperationResult {
  ok: boolean;
  operation: OperationName;
  steps: Step[];
  /**
   * Stack outputs (the program's exports). Unknown values (preview) are the string {@link UNKNOWN};
   * secrets are unwrapped here and shown as `[secret]` in planText.
   */
  outputs: Record<string, unknown>;
  diagnostics: Diagnostic[];
  failures: CheckFailure[];
  planText: string;
  changeSummary: Record<ChangeKind, number>;
}

/**
 * One resource in the state file.
 * - `inputs`: the checked inputs (for dynamic resources they include `__provider`).
 * - `outputs`: the last known outputs (what the provider's create/update/read returned, plus `__provider`).
 * - `status`: `created`; `failed-init` when create/update reported a partial failure (the resource exists but
 *   did not initialise); `pending-delete` for a replaced resource whose deletion failed.
 * Secrets are stored as Pulumi's serialized secret objects (`{ "4dabf1...": "1b4706...", "value": ... }`).
 */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  /** true for resources managed by a provider, false for components (including the stack). */
  custom: boolean;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  status: "created" | "failed-init" | "pending-delete";
  /** Read with Resource.get: tracked, refreshed, never deleted (Pulumi's `external`). */
  external?: boolean;
  /** Why the last create/update only partly succeeded (Pulumi's `initErrors`); set with status `failed-init`. */
  initErrors?: string[];
  // Resource options kept in state, as Pulumi's resource.State keeps them.
  protect?: boolean;
  retainOnDelete?: boolean;
  /** URN of the resource whose deletion deletes this one (no Delete call is sent when both are deleted). */
  deletedWith?: string;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
  additionalSecretOutputs?: string[];
  /** The import id this resource was imported with (Pulumi's `importID`). */
  importId?: string;
  /**
   * Its provider, as a reference `<provider URN>::<provider ID>` (Pulumi's `provider`): set for resources of a
   * package served by a resource plugin (default or explicit provider); refresh and destroy load it from the state.
   */
  provider?: string;
}

/**
 * An operation the engine began and has not seen finish (Pulumi's `PendingOperations`, pkg/backend/snapshot.go):
 * written at a step's start and cleared at its end, so a killed engine leaves it in the state file.
 */
export interface PendingOperation {
  type: "creating" | "updating" | "deleting" | "reading" | "importing";
  resource: StateResource;
}

/**
 * The state file (JSON). `resources` is in creation order: a resource comes after its parent and dependencies,
 * so destroy and deletes walk it backwards.
 */
export interface StateFile {
  version: 1;
  project: string;
  stack: string;
  resources: StateResource[];
  /** Stack outputs of the last successful update, in serialized form. */
  outputs: Record<string, unknown>;
  /** Operations interrupted mid-flight (see {@link PendingOperation}); pending creates are kept until refresh clears them. */
  pendingOperations?: PendingOperation[];
  /**
   * The dynamic provider's configuration as last registered (Pulumi stores it as the default provider's inputs:
   * the whole stack config, secrets wrapped). refresh and destroy configure the host from it, not from the options.
   */
  providerConfig?: Record<string, unknown>;
}

export interface LocalEngineOptions {
  /** The Pulumi project directory (holds Pulumi.yaml). Programs and the provider host run with this as cwd. */
  programDir: string;
  /** Stack name; default "dev". */
  stack?: string;
  /** Project name; default: `name` in <programDir>/Pulumi.yaml. */
  project?: string;
  /** Path of the JSON state file (created when missing). */
  stateFile: string;
  /** Stack config, namespaced keys: `{ "aws:region": "us-east-1", "myproj:url": "..." }`. */
  config?: Record<string, string>;
  /** Secret stack config; the program sees these as secrets, the provider receives them unwrapped. */
  secretConfig?: Record<string, string>;
  /** Extra environment for the program process and the provider host. */
  env?: Record<string, string>;
  /** Receives engine progress and the program's and host's stdout/stderr lines. */
  log?: (line: string) => void;
  /**
   * How an `import` resource option reads the existing resource. Pulumi's engine sends Read(id) with no
   * properties, and the dynamic-provider host then cannot find the serialized provider (it fails with "code must be
   * a string, not undefined"; pulumi/pulumi#3550, #16175): that is the default here too. `true` adds the program's
   * `__provider` to that Read, which is what the host would need; everything after it (Check and Diff of the
   * program's inputs against what was read, "inputs to import do not match") follows the engine.
   */
  importReadCarriesProvider?: boolean;
  /** AWS account id used by simulated resources; default "123456789012". */
  account?: string;
}

/** Options of one preview or up. */
export interface UpdateOptions {
  /** `--refresh`: read every resource of the state first (in the preview pass too), then run the program. */
  refresh?: boolean;
}

/** Options of one refresh. */
export interface RefreshOptions {
  /** `--skip-preview`: no preview pass (which also reads every resource). */
  skipPreview?: boolean;
  /** `--clear-pending-creates`: drop pending create operations from the state. */
  clearPendingCreates?: boolean;
}
