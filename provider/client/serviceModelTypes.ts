// Types of the trimmed botocore-format model that scripts/generate-client.ts writes to
// generated/serviceModel.ts. The emulator walks it to validate requests; tests read it.

export interface MemberRef {
  shape: string;
  location?: "uri" | "querystring" | "header" | "headers" | "statusCode";
  locationName?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "double" | "float" | "blob";
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  box?: boolean;
  timestampFormat?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { httpStatusCode: number; senderFault?: boolean; code?: string };
  retryable?: { throttling?: boolean };
}

export interface Operation {
  name: string;
  http: { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; requestUri: string; responseCode: number };
  input?: { shape: string };
  output?: { shape: string };
  errors: { shape: string }[];
  idempotent?: boolean;
  readonly?: boolean;
}

export interface ServiceModel {
  metadata: {
    apiVersion: string;
    endpointPrefix: string;
    protocol: string;
    serviceId: string;
    signingName: string;
    uid: string;
  };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}
