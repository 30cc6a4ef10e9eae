// Test and demo engine: runs Pulumi programs through @pulumi/pulumi's real dynamic-provider host without the
// Pulumi CLI. Generic: it knows nothing about any particular provider.
export { LocalEngine, isDynamicType, makeUrn } from "./engine";
export { findPulumiCli } from "./pulumiCli";
export { simulatedTypes, simulatedInvokes, type SimulatedType, type SimulatedInvoke, type SimulationContext } from "./simulated";
export * from "./types";
