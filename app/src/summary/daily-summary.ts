/**
 * A day at the site in numbers, for the supervisor: people per hour,
 * outcomes by reason (registrations and rejected scans), tubes, refers, kin
 * and personal codes, and the upload backlog as it stands now.
 */
import type { ReadableDB } from '../db/handles.js';
import { outboxBacklog, registrationGroups, registrationsPerCstHour, rejectsByReason, tubesOfRange } from '../db/summary-queries.js';
import { readConfig } from '../kiosk/config.js';
import { cstDayStart } from './cst-day.js';

export class SummaryError extends Error {
  override readonly name = 'SummaryError';
}

export interface TubeLine {
  readonly label: string;
  readonly count: number;
  readonly poolSize: number;
}

export interface DailySummary {
  /** `YYYY-MM-DD`, China Standard Time. */
  readonly day: string;
  readonly from: number;
  readonly to: number;
  /** When the summary was made (the backlog and "still open" are as of then). */
  readonly at: number;
  readonly site: string;
  readonly kioskId: string;
  readonly people: { readonly total: number; readonly personal: number; readonly kin: number };
  /** Index 0 to 23: people sampled in that CST hour. */
  readonly perHour: readonly number[];
  /** Registrations by outcome and reason, most frequent first. */
  readonly outcomes: readonly { readonly outcome: string; readonly reason: string; readonly count: number }[];
  /** Rejected scans (nothing registered) by reason, most frequent first. */
  readonly rejects: readonly { readonly reason: string; readonly count: number }[];
  readonly rejectsTotal: number;
  /** People sent to the single-tube lane (REFER), by colour. */
  readonly refers: { readonly total: number; readonly byColor: Readonly<Record<string, number>> };
  readonly tubes: {
    readonly opened: { readonly pooled: number; readonly single: number };
    readonly closedFull: { readonly pooled: number; readonly single: number };
    /** Closed by hand with fewer people than the pool size. */
    readonly closedShort: readonly TubeLine[];
    /** Opened by the end of the day and not closed yet. */
    readonly stillOpen: readonly TubeLine[];
  };
  readonly upload: { readonly pending: number; readonly dead: number; readonly acked: number; readonly oldestPendingAt: number | null; readonly oldestPendingAgeSeconds: number | null };
}

export function dailySummary(db: ReadableDB, day: string, now: number): DailySummary {
  const from = cstDayStart(day);
  if (from === null) throw new SummaryError(`${JSON.stringify(day)} is not a day: expected YYYY-MM-DD (China Standard Time), e.g. 2026-03-18`);
  const to = from + 86400;
  const cfg = readConfig(db);

  const perHour = new Array<number>(24).fill(0);
  for (const h of registrationsPerCstHour(db, from, to)) perHour[h.hour] = h.n;

  const groups = registrationGroups(db, from, to);
  const sum = (pick: (g: (typeof groups)[number]) => boolean): number => groups.reduce((a, g) => a + (pick(g) ? g.n : 0), 0);
  const outcomeMap = new Map<string, { outcome: string; reason: string; count: number }>();
  const byColor: Record<string, number> = {};
  for (const g of groups) {
    const k = `${g.outcome}\u0000${g.reason}`;
    const o = outcomeMap.get(k) ?? { outcome: g.outcome, reason: g.reason, count: 0 };
    o.count += g.n;
    outcomeMap.set(k, o);
    if (g.outcome === 'REFER') byColor[g.color] = (byColor[g.color] ?? 0) + g.n;
  }
  const rejects = rejectsByReason(db, from, to).map((r) => ({ reason: r.reason, count: r.n }));

  const tubes = tubesOfRange(db, from, to);
  const inDay = (t: number | null): boolean => t !== null && t >= from && t < to;
  const line = (t: (typeof tubes)[number]): TubeLine => ({ label: t.label, count: t.n, poolSize: t.pool_size });
  const lanes = (pick: (t: (typeof tubes)[number]) => boolean): { pooled: number; single: number } => ({
    pooled: tubes.filter((t) => t.lane === 'pooled' && pick(t)).length,
    single: tubes.filter((t) => t.lane === 'single' && pick(t)).length,
  });

  const backlog = outboxBacklog(db);
  return {
    day,
    from,
    to,
    at: now,
    site: cfg['site-name'],
    kioskId: cfg['kiosk-id'],
    people: { total: sum(() => true), personal: sum((g) => g.code_kind === 'personal'), kin: sum((g) => g.code_kind === 'kin') },
    perHour,
    outcomes: [...outcomeMap.values()].sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome) || a.reason.localeCompare(b.reason)),
    rejects,
    rejectsTotal: rejects.reduce((a, r) => a + r.count, 0),
    refers: { total: sum((g) => g.outcome === 'REFER'), byColor },
    tubes: {
      opened: lanes((t) => inDay(t.opened_at)),
      closedFull: lanes((t) => inDay(t.closed_at) && t.closed_short === 0),
      closedShort: tubes.filter((t) => inDay(t.closed_at) && t.closed_short === 1).map(line),
      stillOpen: tubes.filter((t) => t.closed_at === null).map(line),
    },
    upload: {
      ...backlog,
      oldestPendingAgeSeconds: backlog.oldestPendingAt === null ? null : Math.max(0, now - backlog.oldestPendingAt),
    },
  };
}
