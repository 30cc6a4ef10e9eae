// The emulator's STS: GetCallerIdentity and AssumeRole over the Query protocol (form-encoded POST /, XML answers
// shaped as AWS documents them: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html and
// API_GetCallerIdentity.html). AssumeRole issues temporary credentials the emulator then accepts: a request signed
// with an issued access key must verify with that key's secret and carry its session token (X-Amz-Security-Token),
// until the credentials expire.
import { randomBytes, randomUUID } from "node:crypto";

export const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Temporary credentials the emulator issued, and who they stand for. */
export interface StsSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  /** The access key that signed the AssumeRole call (a base key, or an earlier session's for chained roles). */
  assumedWith: string;
  /** The role's account: GetCallerIdentity with these credentials answers it. */
  account: string;
  arn: string;
}

export class StsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export class StsSessions {
  private readonly byKey = new Map<string, StsSession>();

  constructor(private readonly now: () => number = Date.now, private readonly assumableRoles?: readonly string[]) {}

  get(accessKeyId: string): StsSession | undefined {
    return this.byKey.get(accessKeyId);
  }

  list(): StsSession[] {
    return [...this.byKey.values()].map((s) => ({ ...s }));
  }

  clear(): void {
    this.byKey.clear();
  }

  /** Whether a session's credentials may still be used; the message says why not. */
  usable(session: StsSession, token: string | undefined): string | undefined {
    if (token !== session.sessionToken) return "The security token included in the request is invalid.";
    if (Date.parse(session.expiration) <= this.now()) return "The security token included in the request is expired";
    return undefined;
  }

  /** AssumeRole with the form's parameters, signed by `caller` (an access key). */
  assumeRole(form: URLSearchParams, caller: string): StsSession {
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const m = ROLE_ARN.exec(roleArn);
    if (!m) throw new StsError(400, "ValidationError", `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN`);
    if (!SESSION_NAME.test(sessionName)) {
      throw new StsError(400, "ValidationError", `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const duration = form.get("DurationSeconds") === null ? 3600 : Number(form.get("DurationSeconds"));
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new StsError(400, "ValidationError", `1 validation error detected: Value '${form.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    if (this.assumableRoles && !this.assumableRoles.includes(roleArn)) {
      throw new StsError(403, "AccessDenied", `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const session: StsSession = {
      accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(48).toString("base64")}`,
      expiration: new Date(this.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      roleArn,
      roleSessionName: sessionName,
      ...(form.get("ExternalId") ? { externalId: form.get("ExternalId")! } : {}),
      assumedWith: caller,
      account: m[2],
      arn: `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/${sessionName}`,
    };
    this.byKey.set(session.accessKeyId, session);
    return session;
  }
}

export function assumeRoleXml(session: StsSession): string {
  const roleId = `AROA${session.roleArn.length.toString(16).toUpperCase().padStart(4, "0")}EMULATOR`;
  return (
    `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult>` +
    `<AssumedRoleUser><Arn>${escapeXml(session.arn)}</Arn><AssumedRoleId>${roleId}:${escapeXml(session.roleSessionName)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(session.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${escapeXml(session.sessionToken)}</SessionToken><Expiration>${session.expiration}</Expiration></Credentials>` +
    `<PackedPolicySize>0</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

export function callerIdentityXml(identity: { arn: string; account: string; userId: string }): string {
  return (
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>${escapeXml(identity.arn)}</Arn>` +
    `<UserId>${escapeXml(identity.userId)}</UserId><Account>${identity.account}</Account></GetCallerIdentityResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
  );
}

export function stsErrorXml(code: string, message: string, type: "Sender" | "Receiver" = "Sender"): string {
  return `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}
