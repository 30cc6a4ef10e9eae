#!/usr/bin/env node
// nfm-emulator: runs the local Network Flow Monitor service until SIGINT/SIGTERM.
import { parseCliArgs, usage } from "./cliArgs";
import { startEmulator } from "./server";

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    process.stdout.write(usage);
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`nfm-emulator: ${parsed.message}\n`);
    process.exit(2);
  }
  let emulator;
  try {
    emulator = await startEmulator(parsed.options);
  } catch (e) {
    process.stderr.write(`nfm-emulator: ${(e as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`listening ${emulator.endpoint}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`nfm-emulator: ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
