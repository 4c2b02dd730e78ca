/** `kiosk operators add|list`: operator and supervisor accounts. */
import { parseArgs } from 'node:util';
import { listOperators } from '../../db/operators.js';
import { openKiosk } from '../../kiosk/data-dir.js';
import { addOperator } from '../../kiosk/operators.js';
import { readPin } from '../read-pin.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk operators add  --data-dir DIR --id ID --name NAME --role operator|supervisor
       kiosk operators list --data-dir DIR

add reads the new account's PIN (4 to 12 digits) from the terminal, or from
KIOSK_PIN for scripts. The PIN is stored only as a slow salted hash.
`;

export async function runOperators(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || verb === undefined || verb === '--help' || verb === '-h') {
    process.stdout.write(help);
    return verb === undefined ? 2 : 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  if (verb === 'list') {
    const db = openKiosk(dataDir);
    try {
      for (const o of listOperators(db)) {
        const state = o.disabled ? 'disabled' : o.locked_until !== null && o.locked_until > Date.now() / 1000 ? 'locked' : 'active';
        process.stdout.write(`${o.id}\t${o.role}\t${state}\t${o.name}\n`);
      }
    } finally {
      db.close();
    }
    return 0;
  }
  if (verb !== 'add') throw new KioskUsageError(`unknown operators command ${JSON.stringify(verb)}; expected add or list`);
  if (values.id === undefined || values.name === undefined || values.role === undefined) throw new KioskUsageError('--id, --name and --role are required');
  if (values.role !== 'operator' && values.role !== 'supervisor') throw new KioskUsageError('--role: expected operator or supervisor');
  const pin = await readPin(`PIN for ${values.id}: `);
  const db = openKiosk(dataDir);
  try {
    addOperator(db, { id: values.id, name: values.name, role: values.role, pin, now: Math.floor(Date.now() / 1000), actor: 'cli' });
  } finally {
    db.close();
  }
  process.stdout.write(`added ${values.role} ${values.id}\n`);
  return 0;
}
