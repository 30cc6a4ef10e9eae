// The local Network Flow Monitor emulator: start it in-process, or run the nfm-emulator CLI.
export { startEmulator, parseQuery } from "./server";
export type { EmulatorControl, EmulatorOptions, LoggedRequest, RunningEmulator } from "./server";
export type { FaultConfig } from "./faults";
export type { StsSession } from "./sts";
export type { MonitorRecord, MonitorStatus, Resource, ScopeRecord, ScopeStatus, ServiceLimits, ServiceSnapshot } from "./service";
export { awsLimits } from "./service";
