// Resolves the endpoint from the model's rule set (generated/endpointRuleSet.ts), as the official client does.
import { awsEndpointFunctions } from "@aws-sdk/core/client";
import { EndpointCache, customEndpointFunctions, resolveEndpoint } from "@smithy/core/endpoints";
import type { EndpointParams, EndpointV2, Logger } from "@smithy/types";
import { ruleSet } from "./generated/endpointRuleSet";

/** The rule set's parameters: `Region`, `UseFIPS`, `Endpoint` (see endpoint-rule-set-1.json). */
export interface EndpointParameters {
  Region?: string;
  UseFIPS?: boolean;
  Endpoint?: string;
  [name: string]: unknown;
}

let cache: EndpointCache | undefined;

/**
 * Evaluates the rule set for these parameters; throws the rule set's own error
 * (e.g. "Invalid Configuration: Missing Region") when no endpoint applies.
 */
export function defaultEndpointResolver(endpointParams: EndpointParameters, context: { logger?: Logger } = {}): EndpointV2 {
  // `aws.partition` and friends live in a shared table; registering them here (not at import) keeps
  // importing this module free of side effects. The assignment is idempotent.
  customEndpointFunctions.aws = awsEndpointFunctions;
  cache ??= new EndpointCache({ size: 50, params: Object.keys(ruleSet.parameters).sort() });
  const params = endpointParams as EndpointParams;
  return cache.get(params, () => resolveEndpoint(ruleSet, { endpointParams: params, logger: context.logger }));
}
