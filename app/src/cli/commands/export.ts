/** `kiosk export`: registrations to CSV, JSON Lines or xlsx, streamed, audited. */
import { parseArgs } from 'node:util';
import { parseInstant } from '@ymt/verifier-core/node';
import { deviceSigner, openKiosk, openKioskReadOnly } from '../../kiosk/data-dir.js';
import { EXPORT_FORMATS, exportRange, isExportFormat } from '../../export/export-registrations.js';
import { exportToFile } from '../../export/export-to-file.js';
import { checkOutPath } from '../../export/output-file.js';
import { cstDayStart } from '../../summary/cst-day.js';
import { readPin } from '../read-pin.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk export --data-dir DIR --format csv|json|xlsx --out FILE
                    [--from TIME] [--to TIME] [--full-id --supervisor ID] [--force]

Writes the registrations sampled from --from (inclusive) to --to (exclusive);
without them, all of them. Memory stays flat however many rows there are.

  csv    UTF-8 with a byte-order mark (Excel shows Chinese names), RFC 4180,
         headers in Chinese and English. A cell that starts with = + - @ gets
         a leading ' so that a spreadsheet never runs it as a formula; a long
         digit string (a full ID number) or one with a leading zero gets a
         leading tab so that Excel keeps every digit.
  json   JSON Lines: one JSON object per line, English keys, stored codes
         (kin, ACCEPT, pending). Not a single JSON array.
  xlsx   an Excel workbook; past 1,048,576 rows it continues on a new sheet.

TIME is ISO 8601 with an offset (2026-03-18T08:00:00+08:00), Unix seconds,
or a day (2026-03-18 means 00:00 China Standard Time that day).
Times in the file are China Standard Time with the offset (+08:00).

ID numbers are masked (6101**********123X) unless --full-id, which needs
--supervisor ID and that supervisor's PIN (from the terminal, or KIOSK_PIN
for scripts). It counts as a sign-in: wrong PINs lock the account.

FILE is written under a temporary name and renamed when complete, so a
failed export leaves no partial file; an existing FILE is kept unless
--force. Every export is recorded in the audit log (with full ID numbers,
as export.full-id) and signs the audit head. DIR may also come from
KIOSK_DATA_DIR.
`;

/** ISO 8601 with an offset, Unix seconds, or a CST day. */
export function parseTime(value: string, option: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = cstDayStart(value);
    if (t === null) throw new KioskUsageError(`${option}: ${value} is not a calendar date`);
    return t;
  }
  return parseInstant(value, option);
}

export async function runExport(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      'full-id': { type: 'boolean', default: false },
      supervisor: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  const format = values.format;
  if (format === undefined || !isExportFormat(format)) {
    throw new KioskUsageError(`--format: expected one of ${EXPORT_FORMATS.join(', ')}${format === undefined ? '' : `, got ${JSON.stringify(format)}`}`);
  }
  if (values.out === undefined || values.out === '') throw new KioskUsageError('--out FILE is required (where to write the export)');
  if (values['full-id'] && values.supervisor === undefined) throw new KioskUsageError("--full-id needs --supervisor ID (and that supervisor's PIN)");
  if (!values['full-id'] && values.supervisor !== undefined) throw new KioskUsageError('--supervisor is only for --full-id; leave it out for a masked export');
  const from = values.from === undefined ? undefined : parseTime(values.from, '--from');
  const to = values.to === undefined ? undefined : parseTime(values.to, '--to');
  exportRange({ from, to });
  // Fail on the file before asking for a PIN.
  checkOutPath(values.out, values.force);
  const fullId = values['full-id'] ? { supervisorId: values.supervisor ?? '', pin: await readPin(`PIN for supervisor ${values.supervisor ?? ''}: `) } : null;

  const db = openKiosk(dataDir);
  try {
    const read = openKioskReadOnly(dataDir);
    try {
      const r = exportToFile(db, read, {
        format,
        from,
        to,
        fullId,
        out: values.out,
        force: values.force,
        actor: 'cli',
        now: Math.floor(Date.now() / 1000),
        sign: deviceSigner(dataDir),
      });
      const ids = r.fullIdBy === null ? 'ID numbers masked' : `full ID numbers, allowed by ${r.fullIdBy}`;
      process.stdout.write(`exported ${r.rows} registrations to ${r.path} (${format}, ${ids}, ${r.bytes} bytes)\n`);
    } finally {
      read.close();
    }
  } finally {
    db.close();
  }
  return 0;
}
