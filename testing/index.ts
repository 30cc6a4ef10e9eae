// pulumi-networkflowmonitor/testing: the local emulator of the service and the test engine.
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
