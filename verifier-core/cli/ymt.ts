#!/usr/bin/env node
/**
 * `ymt`: the YMT1 command line. Each command's module is loaded only when it
 * runs, so `ymt verify` starts without the image and signing code.
 */
import { UsageError } from './cli-error.js';

const HELP = `usage: ymt <command> [options]   (ymt <command> --help for details)

Kiosk side:
  verify         verify codes offline and print one JSON line per code
  decode-image   read QR codes and tube barcodes from PNG or JPEG files

Authority side (fixtures, training, site acceptance tests):
  keygen         make an Ed25519 key file (root or issuer key)
  issue          issue a personal or kin code, as text and optionally a PNG
  sign-list      sign a trust list or status list payload with the root key
`;

type Command = (argv: string[]) => number | Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  verify: async () => (await import('./commands/verify.js')).runVerify,
  keygen: async () => (await import('./commands/keygen.js')).runKeygen,
  issue: async () => (await import('./commands/issue.js')).runIssue,
  'sign-list': async () => (await import('./commands/sign-list.js')).runSignList,
  'decode-image': async () => (await import('./commands/decode-image.js')).runDecodeImage,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}\n\n${HELP}`);
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // parseArgs reports unknown or malformed options with these codes.
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ymt: ${(e as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ymt: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
