/** Calendar days in China Standard Time (UTC+8, no daylight saving), as the site's working days. */
import { cstDateOf, formatDate } from '@ymt/verifier-core';

export const CST_OFFSET_SECONDS = 8 * 3600;

/** 00:00 CST of a `YYYY-MM-DD` day as Unix seconds, or null when it is not a calendar date. */
export function cstDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900) return null;
  const t = new Date(Date.UTC(year, month - 1, date));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== date) return null;
  return t.getTime() / 1000 - CST_OFFSET_SECONDS;
}

/** The CST day (`YYYY-MM-DD`) that Unix seconds fall in. */
export function cstDayOf(unixSeconds: number): string {
  return formatDate(cstDateOf(unixSeconds));
}
