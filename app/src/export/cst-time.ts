/**
 * ISO 8601 times in China Standard Time with the offset
 * (`2026-03-18T10:00:00+08:00`), for exports of many rows: rows come in time
 * order, so the date part is worked out once per day and each row only adds
 * the time of day.
 */
import { cstDateOf, formatDate } from '@ymt/verifier-core';

const CST = 8 * 3600;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** A formatter with its own one-day cache: Unix seconds to ISO 8601 in CST. */
export function cstTimeFormatter(): (unixSeconds: number) => string {
  let dayStart = 0;
  let dayEnd = -1;
  let prefix = '';
  return (t: number): string => {
    if (!Number.isSafeInteger(t)) return String(t);
    if (t < dayStart || t >= dayEnd) {
      dayStart = Math.floor((t + CST) / 86400) * 86400 - CST;
      dayEnd = dayStart + 86400;
      prefix = `${formatDate(cstDateOf(t))}T`;
    }
    const s = t - dayStart;
    return `${prefix}${TWO[Math.floor(s / 3600)] ?? ''}:${TWO[Math.floor(s / 60) % 60] ?? ''}:${TWO[s % 60] ?? ''}+08:00`;
  };
}
