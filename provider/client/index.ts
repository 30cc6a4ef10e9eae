// Public surface of the Network Flow Monitor client, named as @aws-sdk/client-networkflowmonitor names it.
// Importing this module only defines things: no registries, sockets or config lookups until a client is built.
export {
  NetworkFlowMonitorClient,
  type NetworkFlowMonitorClientConfig,
  type NetworkFlowMonitorClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "./NetworkFlowMonitorClient";
export { defaultEndpointResolver, type EndpointParameters } from "./endpointResolver";
export * from "./generated/commands";
export * from "./generated/enums";
export * from "./generated/errors";
export * from "./generated/models";
export * from "./generated/paginators";
