/** Calendar days in China Standard Time (UTC+8, no daylight saving), as the site's working days. */
import { CST_OFFSET_SECONDS, cstDateOf, daysFromCivil, daysInMonth, formatDate } from '@ymt/verifier-core';

/** 00:00 CST of a `YYYY-MM-DD` day as Unix seconds, or null when it is not a calendar date. */
export function cstDayStart(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return null;
  return daysFromCivil({ year, month, day: date }) * 86400 - CST_OFFSET_SECONDS;
}

/** The CST day (`YYYY-MM-DD`) that Unix seconds fall in. */
export function cstDayOf(unixSeconds: number): string {
  return formatDate(cstDateOf(unixSeconds));
}
