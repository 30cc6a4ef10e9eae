// The caller's AWS account, for a scope's default target: STS GetCallerIdentity through the STS client that
// ships with the credential providers (@aws-sdk/nested-clients), which honours AWS_ENDPOINT_URL_STS /
// AWS_ENDPOINT_URL like every SDK client. That client models only AssumeRole*, so GetCallerIdentity is
// described here with the same schema format; its Query-protocol serializer does the rest.
import type { ProviderSettings } from "../settings";

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

/** One STS client per region and settings, signing with the same credentials (assumed roles included) as the provider. */
function stsClient(region: string, settings: ProviderSettings): StsLike {
  const { problems: _p, ...identity } = settings;
  const key = `${region}|${JSON.stringify(identity)}`;
  let client = clients.get(key);
  if (!client) {
    const { STSClient } = require("@aws-sdk/nested-clients/sts") as { STSClient: new (config: object) => StsLike };
    const { credentialsFor, stsClientConfig } = require("../credentials") as typeof import("../credentials");
    client = new STSClient(stsClientConfig(settings, region, credentialsFor(settings, region)));
    clients.set(key, client);
  }
  return client;
}

export async function getCallerIdentity(region: string, settings: ProviderSettings): Promise<CallerIdentity> {
  const Command = getCallerIdentityCommand();
  const out = await stsClient(region, settings).send(new Command({}));
  if (!out.Account) throw new Error("STS GetCallerIdentity answered without an Account");
  return { account: out.Account, arn: out.Arn ?? "", userId: out.UserId ?? "" };
}

/** Forgets cached clients (tests change the environment between cases). */
export function resetCallerIdentityClients(): void {
  clients.clear();
}
