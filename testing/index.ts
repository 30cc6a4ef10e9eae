// pulumi-networkflowmonitor/testing: the local emulator of the service and the test engine.
export {};
