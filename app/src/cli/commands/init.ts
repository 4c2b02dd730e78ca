/** `kiosk init`: creates a kiosk's data directory (database, settings, device key) and its first supervisor. */
import { parseArgs } from 'node:util';
import { initKiosk } from '../../kiosk/data-dir.js';
import { readPin } from '../read-pin.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk init --data-dir DIR --root-key B64URL --site testing|transport-hub
                  [--server URL] [--kiosk-id ID] [--site-name NAME] [--sampling-unit NAME]
                  --supervisor-id ID --supervisor-name NAME

Creates a kiosk's data directory: the database, its settings, the kiosk's
device key (signs the audit log), and the first supervisor, whose PIN is read
from the terminal (or KIOSK_PIN). Refuses a directory that already holds a
kiosk. DIR may also come from KIOSK_DATA_DIR.
`;

export async function runInit(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      'root-key': { type: 'string' },
      site: { type: 'string' },
      server: { type: 'string' },
      'kiosk-id': { type: 'string' },
      'site-name': { type: 'string' },
      'sampling-unit': { type: 'string' },
      'supervisor-id': { type: 'string' },
      'supervisor-name': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  for (const k of ['root-key', 'site', 'supervisor-id', 'supervisor-name'] as const) {
    if (values[k] === undefined) throw new KioskUsageError(`--${k} is required`);
  }
  const settings: Record<string, string> = {
    'root-key': values['root-key'] ?? '',
    'site-type': values.site ?? '',
    'kiosk-id': values['kiosk-id'] ?? `K-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
  };
  if (values.server !== undefined) settings['server-url'] = values.server;
  if (values['site-name'] !== undefined) settings['site-name'] = values['site-name'];
  if (values['sampling-unit'] !== undefined) settings['sampling-unit'] = values['sampling-unit'];
  const pin = await readPin(`PIN for supervisor ${values['supervisor-id']}: `);
  const r = initKiosk({
    dataDir,
    settings: settings as { 'root-key': string; 'kiosk-id': string },
    supervisor: { id: values['supervisor-id'] ?? '', name: values['supervisor-name'] ?? '', pin },
    now: Math.floor(Date.now() / 1000),
  });
  process.stdout.write(`kiosk ${settings['kiosk-id']} created in ${dataDir}\ndevice public key (for audit checks): ${r.devicePublicKey}\n`);
  return 0;
}
