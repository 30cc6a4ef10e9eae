// Messages between the engine (parent) and the program runner (child), sent over Node's IPC channel.
import type { AliasSpec } from "./urn";

export interface RunnerInit {
  kind: "init";
  programDir: string;
  entry: string;
  project: string;
  stack: string;
  preview: boolean;
  /** Absolute path of the @pulumi/pulumi package directory the program uses. */
  pulumiDir: string;
}

/** Resource options, as the RegisterResourceRequest carries them (only those set). */
export interface ResourceOptions {
  protect?: boolean;
  retainOnDelete?: boolean;
  /** undefined when the program did not set it (then the provider's answer decides). */
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
  additionalSecretOutputs?: string[];
  aliases?: AliasSpec[];
  deletedWith?: string;
  /** Provider reference `<provider URN>::<provider ID>` (the `provider` option); none = the default provider. */
  provider?: string;
  /** The `version` option: the provider plugin version asked for (names the default provider `default_x_y_z`). */
  version?: string;
  /** A remote component (`remote: true`): constructed by its package's plugin (`Construct`). */
  remote?: boolean;
}

/** A resource registration as the engine would receive it: properties in Pulumi's serialized form. */
export interface RegisterRequest extends ResourceOptions {
  kind: "register";
  reqId: number;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  inputs: Record<string, unknown>;
  dependencies: string[];
  /** `import` resource option: the id of an existing resource to adopt. */
  importId?: string;
  /** Resource.get (opts.id): read `readId` and track it as external, never deleted. */
  readId?: string;
}

export interface InvokeRequest {
  kind: "invoke";
  reqId: number;
  token: string;
  inputs: Record<string, unknown>;
  /** Provider reference of the invoke's `provider` option. */
  provider?: string;
}

export interface StackOutputsMessage {
  kind: "outputs";
  urn: string;
  outputs: Record<string, unknown>;
}

export interface ProgramDone {
  kind: "done";
}

export interface ProgramFailed {
  kind: "failed";
  message: string;
  /** The error's stack, logged (shown with --verbose), not put in the diagnostic. */
  stack?: string;
}

export type RunnerMessage = RegisterRequest | InvokeRequest | StackOutputsMessage | ProgramDone | ProgramFailed;

export interface Reply {
  kind: "reply";
  reqId: number;
  /** For registrations: the URN the engine gave (a remote component's comes from Construct). */
  urn?: string;
  /** For registrations: the physical id (undefined = unknown in preview). */
  id?: string;
  /** Outputs in serialized form; the UNKNOWN sentinel marks unknown values. */
  state?: Record<string, unknown>;
  error?: string;
}

export type EngineMessage = RunnerInit | Reply;
