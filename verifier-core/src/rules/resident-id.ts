/** Resident ID numbers (spec §4): GB 11643 layout with the ISO 7064 MOD 11-2 check character. */
import { compareDates, daysInMonth, type CivilDate } from './cst-date.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type ResidentIdCheck =
  | { ok: true; id: string; birthDate: CivilDate }
  | { ok: false; problem: string };

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11);
}

/**
 * Checks an ID number against §4. `latest` is the last birth date allowed
 * (the code's `iat` day in CST). A lower-case `x` check character is
 * accepted and returned as `X`.
 */
export function checkResidentId(raw: string, latest: CivilDate): ResidentIdCheck {
  if (raw.length !== 18) return { ok: false, problem: `has ${raw.length} characters, not 18` };
  for (let i = 0; i < 17; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return { ok: false, problem: `character ${i + 1} is not a digit` };
  }
  let last = raw.charAt(17);
  if (last === 'x') last = 'X';
  if (!(last === 'X' || (last >= '0' && last <= '9'))) {
    return { ok: false, problem: 'the check character is not a digit or X' };
  }
  const id = raw.slice(0, 17) + last;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900) return { ok: false, problem: `birth year ${year} is before 1900` };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, problem: `birth date ${id.slice(6, 14)} is not a calendar date` };
  }
  const birthDate = { year, month, day };
  if (compareDates(birthDate, latest) > 0) return { ok: false, problem: 'birth date is after the day the code was issued' };
  if (residentIdCheckChar(id) !== last) return { ok: false, problem: 'check character does not match' };
  return { ok: true, id, birthDate };
}

/** Masks an ID number for screens and logs: first 4 and last 4 kept (`6101**********123X`). */
export function maskResidentId(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}
