// What `npm run acceptance` and `npm run sweep` share as commands: how they refuse, and how they exit.

/** Prints the refusal with every reason and returns the exit code (1). */
export function refuse(command: string, why: string, reasons: string[], log: (l: string) => void): number {
  log(`${command} refuses to run (${why}):`);
  for (const r of reasons) log(`  - ${r}`);
  return 1;
}

/** Runs `main` when the file is the entry point, exiting with its code (1 and the stack on an unexpected error). */
export function runAsCommand(entry: NodeJS.Module, main: (argv: string[]) => Promise<number>): void {
  if (require.main !== entry) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
}
