#!/usr/bin/env node
// pulumi-resource-networkflowmonitor: the provider plugin's executable. Pulumi's engine starts it with its own
// address as the last argument and reads the plugin's gRPC port from the first line of its stdout
// (sdk/go/common/resource/plugin/plugin.go `newPlugin`), so nothing may print before the server does.
import { serve } from "./server";

serve(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`pulumi-resource-networkflowmonitor: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
