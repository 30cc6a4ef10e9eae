// Public entry point of pulumi-networkflowmonitor: the typed resources Pulumi programs import.
export {};
