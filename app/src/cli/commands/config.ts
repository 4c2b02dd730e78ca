/** `kiosk config set|get|list`: the kiosk's settings. */
import { parseArgs } from 'node:util';
import { CONFIG_KEYS, readConfig, setConfig } from '../../kiosk/config.js';
import { openKiosk } from '../../kiosk/data-dir.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk config set  --data-dir DIR KEY VALUE
       kiosk config get  --data-dir DIR KEY
       kiosk config list --data-dir DIR

Settings:
${Object.entries(CONFIG_KEYS).map(([k, v]) => `  ${k.padEnd(20)} ${v.about}`).join('\n')}
`;

export function runConfig(argv: string[]): number {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || verb === undefined || verb === '--help' || verb === '-h') {
    process.stdout.write(help);
    return verb === undefined ? 2 : 0;
  }
  const db = openKiosk(dataDirFrom(values['data-dir']));
  try {
    switch (verb) {
      case 'set': {
        const [key, value] = positionals;
        if (key === undefined || value === undefined || positionals.length !== 2) throw new KioskUsageError('usage: kiosk config set KEY VALUE');
        setConfig(db, key, value, 'cli', Math.floor(Date.now() / 1000));
        process.stdout.write(`${key} = ${value}\n`);
        return 0;
      }
      case 'get': {
        const [key] = positionals;
        const cfg: Record<string, string> = readConfig(db);
        if (key === undefined || !(key in cfg)) throw new KioskUsageError(`unknown setting ${JSON.stringify(key)}; see kiosk config --help`);
        process.stdout.write(`${cfg[key]}\n`);
        return 0;
      }
      case 'list':
        for (const [k, v] of Object.entries(readConfig(db))) process.stdout.write(`${k}\t${v}\n`);
        return 0;
      default:
        throw new KioskUsageError(`unknown config command ${JSON.stringify(verb)}; expected set, get or list`);
    }
  } finally {
    db.close();
  }
}
