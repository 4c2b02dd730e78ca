/**
 * `kiosk`: setting up and looking after a kiosk from the terminal. Each
 * command's module loads only when it runs. Every command that takes
 * --data-dir also reads KIOSK_DATA_DIR.
 */
import { KioskUsageError } from './usage-error.js';

const HELP = `usage: kiosk <command> [options]   (kiosk <command> --help for details)

  scanners       list HID devices with their usage pages; --watch prints each scan
`;

type Command = (argv: string[]) => number | Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  scanners: async () => (await import('./commands/scanners.js')).runScanners,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) throw new KioskUsageError(`unknown command ${JSON.stringify(name)}\n\n${HELP}`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof KioskUsageError || code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kiosk: ${(e as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`kiosk: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
