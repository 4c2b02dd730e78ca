/**
 * The shape both command lines (`ymt`, `kiosk`) share: a command name, a
 * lazily loaded module per command, help, and exit codes: 0 done, 1 a failure
 * while working, 2 a usage or configuration error (with nothing on stdout).
 */
export type Command = (argv: string[]) => number | Promise<number>;

export interface CommandLine {
  /** The program's name, before each error message. */
  readonly program: string;
  readonly help: string;
  readonly commands: Readonly<Record<string, () => Promise<Command>>>;
  /** Error names that mean "the input or set-up was wrong" (exit 2). */
  readonly userErrors: readonly string[];
  /** Print stack traces for unexpected errors (exit 1). */
  readonly stackOnFailure?: boolean;
}

export class CommandLineUsageError extends Error {
  override readonly name = 'CommandLineUsageError';
}

async function dispatch(cli: CommandLine, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(cli.help);
    return name === undefined ? 2 : 0;
  }
  const load = cli.commands[name];
  if (load === undefined) throw new CommandLineUsageError(`unknown command ${JSON.stringify(name)}\n\n${cli.help}`);
  return (await load())(rest);
}

export function runCommandLine(cli: CommandLine, argv: string[] = process.argv.slice(2)): void {
  dispatch(cli, argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const name = e instanceof Error ? e.name : '';
      // parseArgs reports unknown or malformed options with these codes.
      const code = (e as { code?: string }).code ?? '';
      if (name === 'CommandLineUsageError' || cli.userErrors.includes(name) || code.startsWith('ERR_PARSE_ARGS')) {
        process.stderr.write(`${cli.program}: ${(e as Error).message}\n`);
        process.exitCode = 2;
      } else {
        const detail = e instanceof Error ? (cli.stackOnFailure ? (e.stack ?? e.message) : e.message) : String(e);
        process.stderr.write(`${cli.program}: ${cli.stackOnFailure ? 'unexpected error: ' : ''}${detail}\n`);
        process.exitCode = 1;
      }
    },
  );
}
