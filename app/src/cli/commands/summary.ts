/** `kiosk summary`: a day at the site in numbers. */
import { parseArgs } from 'node:util';
import { openKioskReadOnly } from '../../kiosk/data-dir.js';
import { cstDayOf, cstDayStart } from '../../summary/cst-day.js';
import { dailySummary } from '../../summary/daily-summary.js';
import { summaryText } from '../../summary/summary-text.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk summary --data-dir DIR [--day YYYY-MM-DD] [--json]

A day's numbers (China Standard Time; today unless --day): people per hour,
outcomes by reason (registrations and rejected scans), tubes opened, closed
full, closed short and still open, refers, kin and personal codes, and the
upload backlog as it stands now. --json prints one JSON object instead of
the table. Reads only. DIR may also come from KIOSK_DATA_DIR.
`;

export function runSummary(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      day: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  const now = Math.floor(Date.now() / 1000);
  const day = values.day ?? cstDayOf(now);
  if (cstDayStart(day) === null) throw new KioskUsageError(`--day: expected a date YYYY-MM-DD (China Standard Time), got ${JSON.stringify(day)}`);
  const db = openKioskReadOnly(dataDir);
  try {
    const s = dailySummary(db, day, now);
    process.stdout.write(values.json ? `${JSON.stringify(s)}\n` : summaryText(s));
  } finally {
    db.close();
  }
  return 0;
}
