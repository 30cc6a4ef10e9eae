// The caller's AWS account, for a scope's default target: STS GetCallerIdentity through the STS client that
// ships with the credential providers (@aws-sdk/nested-clients), which honours AWS_ENDPOINT_URL_STS /
// AWS_ENDPOINT_URL like every SDK client. That client models only AssumeRole*, so GetCallerIdentity is
// described here with the same schema format; its Query-protocol serializer does the rest.
import type { AwsCredentialIdentityProvider } from "@smithy/types";

const NS = "com.amazonaws.sts";
// Schema tuples as @smithy/core/schema reads them: 3 = structure, 9 = operation; 0 = string member.
const GetCallerIdentityRequest = [3, NS, "GetCallerIdentityRequest", 0, [], []];
const GetCallerIdentityResponse = [3, NS, "GetCallerIdentityResponse", 0, ["UserId", "Account", "Arn"], [0, 0, 0]];
const GetCallerIdentityOperation = [9, NS, "GetCallerIdentity", 0, () => GetCallerIdentityRequest, () => GetCallerIdentityResponse];

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

interface StsLike {
  send(command: unknown): Promise<{ Account?: string; Arn?: string; UserId?: string }>;
}

let commandClass: (new (input: object) => unknown) | undefined;

function getCallerIdentityCommand(): new (input: object) => unknown {
  if (!commandClass) {
    const { makeBuilder } = require("@smithy/core/client") as { makeBuilder: (...a: unknown[]) => (...b: unknown[]) => new (input: object) => unknown };
    const { getEndpointPlugin } = require("@smithy/core/endpoints") as { getEndpointPlugin: unknown };
    const commonParams = {
      UseGlobalEndpoint: { type: "builtInParams", name: "useGlobalEndpoint" },
      UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
      Endpoint: { type: "builtInParams", name: "endpoint" },
      Region: { type: "builtInParams", name: "region" },
      UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
    };
    const command = makeBuilder(commonParams, "AWSSecurityTokenServiceV20110615", "STSClient", getEndpointPlugin);
    commandClass = command({}, () => [], "GetCallerIdentity", GetCallerIdentityOperation);
  }
  return commandClass;
}

const clients = new Map<string, StsLike>();

/** One STS client per region and profile. */
function stsClient(region: string, profile: string | undefined): StsLike {
  const key = `${region}|${profile ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const { STSClient } = require("@aws-sdk/nested-clients/sts") as { STSClient: new (config: object) => StsLike };
    const { defaultProvider } = require("@aws-sdk/credential-provider-node") as { defaultProvider: (o: object) => AwsCredentialIdentityProvider };
    client = new STSClient({ region, credentials: defaultProvider(profile ? { profile } : {}), ...(profile ? { profile } : {}) });
    clients.set(key, client);
  }
  return client;
}

export async function getCallerIdentity(region: string, profile?: string): Promise<CallerIdentity> {
  const Command = getCallerIdentityCommand();
  const out = await stsClient(region, profile).send(new Command({}));
  if (!out.Account) throw new Error("STS GetCallerIdentity answered without an Account");
  return { account: out.Account, arn: out.Arn ?? "", userId: out.UserId ?? "" };
}

/** Forgets cached clients (tests change the environment between cases). */
export function resetCallerIdentityClients(): void {
  clients.clear();
}
