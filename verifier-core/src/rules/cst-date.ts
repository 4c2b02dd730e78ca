/**
 * Calendar dates in China Standard Time (UTC+08:00, no daylight saving), by
 * integer arithmetic so that no time-zone database or Date object is involved.
 */
export const CST_OFFSET_SECONDS = 8 * 3600;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

/** Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01 (civil_from_days). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 00:00 CST of the calendar day an instant falls in, as Unix seconds. */
export function startOfCstDay(unixSeconds: number): number {
  return Math.floor((unixSeconds + CST_OFFSET_SECONDS) / 86400) * 86400 - CST_OFFSET_SECONDS;
}

/** The CST calendar date of an instant in Unix seconds. */
export function cstDateOf(unixSeconds: number): CivilDate {
  return civilFromDays(Math.floor((unixSeconds + CST_OFFSET_SECONDS) / 86400));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Completed years from `birth` to the calendar day `on`. Someone born on
 * 29 February turns a year older on 1 March in a common year, which plain
 * (month, day) comparison gives: (2, 28) is before (2, 29), (3, 1) after it.
 */
export function ageOn(birth: CivilDate, on: CivilDate): number {
  const before = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (before ? 1 : 0);
}

export function formatDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
