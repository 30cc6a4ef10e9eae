/**
 * The local emulator of the service and the engine in a box, for tests and demos
 * (`import { startEmulator } from "pulumi-networkflowmonitor/testing"`).
 *
 * @module pulumi-networkflowmonitor/testing
 */
export { startEmulator, awsLimits } from "./emulator";
export type {
  EmulatorControl,
  EmulatorOptions,
  FaultConfig,
  LoggedRequest,
  MonitorRecord,
  MonitorStatus,
  Resource,
  RunningEmulator,
  ScopeRecord,
  ScopeStatus,
  ServiceLimits,
  ServiceSnapshot,
  StsSession,
} from "./emulator";
export * from "./engine";
