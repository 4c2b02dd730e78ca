/** The daily summary's counts: SQL only. Ranges are half-open [from, to), Unix seconds. */
import type { ReadableDB } from './handles.js';

/** Registrations per CST hour (0-23) of the range; hours without any are absent. */
export function registrationsPerCstHour(db: ReadableDB, from: number, to: number): { hour: number; n: number }[] {
  return db
    .prepare('SELECT ((sampled_at + 28800) % 86400) / 3600 AS hour, count(*) AS n FROM registrations WHERE sampled_at >= ? AND sampled_at < ? GROUP BY hour ORDER BY hour')
    .all(from, to) as { hour: number; n: number }[];
}

export interface RegistrationGroup {
  readonly outcome: string;
  readonly reason: string;
  readonly color: string;
  readonly code_kind: string;
  readonly n: number;
}

/** Registrations by outcome, reason, colour and code kind: the summary adds them up several ways. */
export function registrationGroups(db: ReadableDB, from: number, to: number): RegistrationGroup[] {
  return db
    .prepare('SELECT outcome, reason, color, code_kind, count(*) AS n FROM registrations WHERE sampled_at >= ? AND sampled_at < ? GROUP BY outcome, reason, color, code_kind')
    .all(from, to) as RegistrationGroup[];
}

/** Rejected scans by reason, most frequent first. */
export function rejectsByReason(db: ReadableDB, from: number, to: number): { reason: string; n: number }[] {
  return db.prepare('SELECT reason, count(*) AS n FROM scan_log WHERE at >= ? AND at < ? GROUP BY reason ORDER BY n DESC, reason').all(from, to) as { reason: string; n: number }[];
}

export interface TubeDayRow {
  readonly label: string;
  readonly lane: 'pooled' | 'single';
  readonly pool_size: number;
  readonly opened_at: number;
  readonly closed_at: number | null;
  readonly closed_how: 'full' | 'manual' | null;
  readonly closed_short: number;
  /** People in the tube. */
  readonly n: number;
}

/** Tubes opened or closed in the range, and tubes opened before its end that are still open. */
export function tubesOfRange(db: ReadableDB, from: number, to: number): TubeDayRow[] {
  return db
    .prepare(
      `SELECT t.label, t.lane, t.pool_size, t.opened_at, t.closed_at, t.closed_how, t.closed_short,
              (SELECT count(*) FROM registrations r WHERE r.tube_id = t.id) AS n
       FROM tubes t
       WHERE (t.opened_at >= @from AND t.opened_at < @to)
          OR (t.closed_at >= @from AND t.closed_at < @to)
          OR (t.closed_at IS NULL AND t.opened_at < @to)
       ORDER BY t.opened_at, t.id`,
    )
    .all({ from, to }) as TubeDayRow[];
}

export interface OutboxBacklog {
  readonly pending: number;
  readonly acked: number;
  readonly dead: number;
  /** When the oldest registration still waiting to upload was sampled, or null. */
  readonly oldestPendingAt: number | null;
}

export function outboxBacklog(db: ReadableDB): OutboxBacklog {
  const counts = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
  const n = (state: string): number => counts.find((c) => c.state === state)?.n ?? 0;
  // Policy: the first one still pending in commit order (the index gives it at once); with a sane clock that is also the earliest sampled.
  const oldest = db
    .prepare("SELECT r.sampled_at AS at FROM registrations r WHERE r.id = (SELECT min(registration_id) FROM outbox WHERE state = 'pending')")
    .get() as { at: number } | undefined;
  return { pending: n('pending'), acked: n('acked'), dead: n('dead'), oldestPendingAt: oldest?.at ?? null };
}
