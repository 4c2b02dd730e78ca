/** `kiosk serve-ui`: serves the kiosk's pages on loopback, e.g. the camera check for a hardware integrator. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveUi, UI_DIST } from '../../server/ui-server.js';
import { KioskUsageError } from '../usage-error.js';

const help = `usage: kiosk serve-ui [--port 8787] [--host 127.0.0.1]

Serves the built kiosk pages (kiosk-ui/dist, made by \`npm run build\`) with
the kiosk's Content Security Policy, until Ctrl-C. Open
http://127.0.0.1:8787/camera-check.html in Chromium to see what the kiosk's
camera loop reads, how long decoding takes and how many frames it drops.
`;

export async function runServeUi(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { port: { type: 'string', default: '8787' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KioskUsageError(`--port: expected 0 to 65535, got ${JSON.stringify(values.port)}`);
  if (!existsSync(join(UI_DIST, 'camera-check.html'))) throw new KioskUsageError(`${UI_DIST} has no built pages: run \`npm run build\` first`);
  let served: Awaited<ReturnType<typeof serveUi>>;
  try {
    served = await serveUi(UI_DIST, { port, host: values.host });
  } catch (e) {
    throw new KioskUsageError(`cannot listen on ${values.host}:${port}: ${(e as Error).message}`);
  }
  process.stdout.write(`serving the kiosk pages at ${served.url}/ — camera check: ${served.url}/camera-check.html (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await served.close();
  return 0;
}
