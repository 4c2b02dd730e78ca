/** `kiosk demo-data`: fills a kiosk with synthetic registrations for training and benchmarks. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { acquireInstanceLock } from '../../db/instance-lock.js';
import { openKiosk } from '../../kiosk/data-dir.js';
import { fillDemoData, MAX_DEMO_DAYS, MAX_DEMO_REGISTRATIONS } from '../../demo/fill-demo-data.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk demo-data --data-dir DIR --registrations N [--days D] [--seed S] [--allow-server]

Adds N synthetic registrations (Chinese names, valid resident ID numbers,
kin codes for children and elders with their guardians, some phones; mostly
green in pooled tubes, some yellow or red in single tubes, a few tubes
closed short, a few rejected scans) spread over the opening hours
08:00-18:00 China Standard Time of D days ending today (default 1). They go
through the same write path as real registrations: the audit chain and the
upload outbox (N pending rows) included. The same --seed on the same day and
an empty kiosk gives the same data; without --seed a random one is printed.

For training kiosks and benchmarks, never a kiosk in service. Refuses a
kiosk with a server-url (its upload queue would send the synthetic people
there) unless --allow-server says that server is a training server. Needs a
kiosk made by \`kiosk init\` and not running. DIR may also come from
KIOSK_DATA_DIR.
`;

function wholeNumber(value: string | undefined, option: string, min: number, max: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new KioskUsageError(`${option} is required`);
    return fallback;
  }
  const clean = value.replace(/[_,]/g, '');
  if (!/^\d+$/.test(clean) || Number(clean) < min || Number(clean) > max) {
    throw new KioskUsageError(`${option}: expected a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${JSON.stringify(value)}`);
  }
  return Number(clean);
}

export function runDemoData(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      registrations: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      'allow-server': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  const registrations = wholeNumber(values.registrations, '--registrations', 1, MAX_DEMO_REGISTRATIONS);
  const days = wholeNumber(values.days, '--days', 1, MAX_DEMO_DAYS, 1);
  const seed = values.seed ?? randomBytes(4).toString('hex');
  const db = openKiosk(dataDir);
  try {
    const lock = acquireInstanceLock(dataDir);
    try {
      const started = performance.now();
      const tty = process.stderr.isTTY;
      let shown = 0;
      const r = fillDemoData(db, {
        registrations,
        days,
        seed,
        now: Math.floor(Date.now() / 1000),
        allowServer: values['allow-server'],
        onProgress: (done, total) => {
          if (tty && (done - shown >= 50_000 || done === total)) {
            shown = done;
            process.stderr.write(`\r  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
          }
        },
      });
      if (tty) process.stderr.write('\n');
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `added ${r.registrations} registrations (${r.tubes} tubes, ${r.closedShort} closed short, ${r.rejects} rejected scans) ` +
          `from ${r.firstDay} to ${r.lastDay} in ${seconds.toFixed(1)} s; seed ${seed} (repeat with --seed ${seed})\n`,
      );
    } finally {
      lock.release();
    }
  } finally {
    db.close();
  }
  return 0;
}
