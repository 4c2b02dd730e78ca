/**
 * CSV for spreadsheets: RFC 4180 (quotes doubled, CRLF line ends), UTF-8
 * with a byte-order mark so that Excel reads Chinese names as UTF-8.
 *
 * Policy: a cell that begins with = + - @ (or a tab or carriage return)
 * gets a leading apostrophe, so that a spreadsheet shows it as text rather
 * than running it as a formula (OWASP "CSV injection"). Names and site names
 * come from scanned codes and settings: they are not trusted. A string of
 * digits that Excel would damage as a number (12 digits or more, or a
 * leading zero: full ID numbers, a guardian's `0898`) gets a leading tab.
 */
import type { ExportRow, RepeatedValues } from '../db/export-queries.js';
import { COLUMNS, columnPlan, displayValue, storedValue } from './columns.js';
import { cstTimeFormatter } from './cst-time.js';

export const UTF8_BOM = '\ufeff';

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

const DIGITS = /^[0-9]+$/;

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  if (NEEDS_CARE.test(value)) {
    const text = FORMULA_START.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  // Excel turns digit strings into numbers: 18-digit ID numbers lose their last digits (15 significant), `0898` its zero.
  // A leading tab makes it keep them as text, showing every digit.
  if ((value.length >= 12 || value.charCodeAt(0) === 48) && DIGITS.test(value)) return `\t${value}`;
  return value;
}

export function csvLine(cells: readonly (string | number)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i] ?? '');
  return `${line}\r\n`;
}

/** The BOM and the header line. */
export function csvHead(): string {
  return UTF8_BOM + csvLine(COLUMNS.map((c) => c.header));
}

/**
 * A row encoder for one export: the time through a per-day cache, the
 * row's own values through csvCell, and the repeated values (labels
 * applied, then csvCell) encoded once per distinct set and reused.
 */
export function csvRowEncoder(time: (unixSeconds: number) => string = cstTimeFormatter()): (row: ExportRow) => string {
  const { plan, runs } = columnPlan();
  const made = new WeakMap<RepeatedValues, string[]>();
  return (row: ExportRow): string => {
    let frags = made.get(row[8]);
    if (frags === undefined) {
      frags = runs.map((run) => run.map((c) => csvCell(displayValue(c, storedValue(row, c)))).join(','));
      made.set(row[8], frags);
    }
    let line = time(row[0]);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i] as number;
      if (p >= 0) {
        const v = row[p] as string | null;
        line += v === null ? ',' : `,${csvCell(v)}`;
      } else line += `,${frags[-p - 1] ?? ''}`;
    }
    return `${line}\r\n`;
  };
}
