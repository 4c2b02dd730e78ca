/**
 * The rows `kiosk export` writes: SQL only. One statement, streamed with
 * `.iterate()` in index order (registrations_sampled_at), so memory does not
 * grow with the number of rows.
 *
 * Policy: the ID number is masked here, inside SQLite, so that a masked
 * export never brings a full ID number into the process at all. The time
 * stays Unix seconds: formatting it in JavaScript with a per-day cache
 * (app/src/export/cst-time.ts) is several times cheaper than strftime per row.
 */
import type { ReadableDB } from './handles.js';

/** Half-open [from, to), Unix seconds. */
export interface ExportRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The values that repeat from row to row: stored codes, the tube's size and
 * lane, sample type, unit, site, operator, kiosk and upload state. Rows with
 * the same values share one (frozen) array, so an encoder can cache what it
 * makes of them.
 */
export type RepeatedValues = readonly [
  codeKind: string,
  outcome: string,
  reason: string,
  color: string,
  poolSize: number,
  lane: string,
  sampleType: string,
  samplingUnit: string,
  site: string,
  operator: string,
  kiosk: string,
  upload: string | null,
];

/** One exported registration: the values of its own, then the shared repeated values. */
export type ExportRow = readonly [
  /** Unix seconds. */
  sampledAt: number,
  name: string,
  idNumber: string,
  phone: string | null,
  guardianName: string | null,
  guardianPhone4: string | null,
  tube: string,
  uuid: string,
  repeated: RepeatedValues,
];

/** The widest range: everything. */
export const ALL_TIME: ExportRange = { from: -(2 ** 53) + 1, to: 2 ** 53 - 1 };

const STARS = '*'.repeat(64);

const ROWS_OF_RANGE = `FROM registrations r
JOIN tubes t ON t.id = r.tube_id
LEFT JOIN outbox o ON o.registration_id = r.id
WHERE r.sampled_at >= @from AND r.sampled_at < @to
ORDER BY r.sampled_at, r.id`;

/**
 * Parameters: @from, @to (Unix seconds, half-open) and @full (1 for full ID
 * numbers, 0 for masked: first 4, stars, last 4). The values that repeat
 * from row to row (codes, tube size and lane, site, kiosk, upload state)
 * come packed in one JSON array: making JavaScript values is most of an
 * export's time, and one string per row instead of twelve, parsed once per
 * distinct value, saves about a quarter of it.
 */
export const EXPORT_SELECT = `SELECT
  r.sampled_at,
  r.person_name,
  CASE WHEN @full = 1 THEN r.id_number
       WHEN length(r.id_number) = 18 THEN substr(r.id_number, 1, 4) || '**********' || substr(r.id_number, -4)
       WHEN length(r.id_number) <= 8 THEN substr('${STARS}', 1, length(r.id_number))
       ELSE substr(r.id_number, 1, 4) || substr('${STARS}', 1, length(r.id_number) - 8) || substr(r.id_number, -4) END AS id_number,
  r.phone, r.guardian_name, r.guardian_phone4, t.label, r.uuid,
  json_array(r.code_kind, r.outcome, r.reason, r.color, t.pool_size, t.lane, r.sample_type, r.sampling_unit, r.site_name, r.operator_id, r.kiosk_id, o.state) AS repeated
${ROWS_OF_RANGE}`;

/** As the statement returns it: the repeated values still as JSON text. */
type QueryRow = [number, string, string, string | null, string | null, string | null, string, string, string | RepeatedValues];

/** Distinct repeated values kept parsed; cleared when it grows past this, so memory stays bounded. */
const REPEATED_CACHE = 1024;

/**
 * Baselines for the benchmark, for the `sqlite3` command line to dump as
 * CSV: the same rows and columns as stored (RAW), and the same with the
 * time in CST and the ID number masked by SQLite itself (FORMATTED, the
 * export's content but for the bilingual labels). Parameters @from, @to.
 */
export const RAW_DUMP_SELECT = `SELECT
  r.sampled_at, r.person_name, r.id_number, r.phone, r.code_kind, r.guardian_name, r.guardian_phone4, r.outcome, r.reason, r.color,
  t.label, t.pool_size, t.lane, r.sample_type, r.sampling_unit, r.site_name, r.operator_id, r.kiosk_id, o.state, r.uuid
${ROWS_OF_RANGE}`;

export const FORMATTED_DUMP_SELECT = `SELECT
  strftime('%Y-%m-%dT%H:%M:%S+08:00', r.sampled_at, 'unixepoch', '+8 hours') AS sampled_at, r.person_name,
  substr(r.id_number, 1, 4) || '**********' || substr(r.id_number, -4) AS id_number, r.phone, r.code_kind, r.guardian_name, r.guardian_phone4, r.outcome, r.reason, r.color,
  t.label, t.pool_size, t.lane, r.sample_type, r.sampling_unit, r.site_name, r.operator_id, r.kiosk_id, o.state, r.uuid
${ROWS_OF_RANGE}`;

/** The rows of the range in time order, one at a time (the statement is closed when the iterator is). */
/** The rows of the range in time order, one at a time (the statement is closed when the iterator is). */
export function* iterateExportRows(db: ReadableDB, range: ExportRange, fullId: boolean): Generator<ExportRow, void, undefined> {
  const rows = db.prepare(EXPORT_SELECT).raw(true).iterate({ from: range.from, to: range.to, full: fullId ? 1 : 0 }) as IterableIterator<QueryRow>;
  const cache = new Map<string, RepeatedValues>();
  try {
    for (const q of rows) {
      const json = q[8] as string;
      let rep = cache.get(json);
      if (rep === undefined) {
        if (cache.size >= REPEATED_CACHE) cache.clear();
        rep = Object.freeze(JSON.parse(json) as RepeatedValues);
        cache.set(json, rep);
      }
      // The statement's own array, reused: one allocation fewer per row.
      q[8] = rep;
      yield q as unknown as ExportRow;
    }
  } finally {
    rows.return?.();
  }
}

export function countExportRows(db: ReadableDB, range: ExportRange): number {
  return (db.prepare('SELECT count(*) AS n FROM registrations WHERE sampled_at >= ? AND sampled_at < ?').get(range.from, range.to) as { n: number }).n;
}
