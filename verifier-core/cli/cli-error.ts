import { base64urlDecode } from '../src/encoding/base64url.js';
import { CST_OFFSET_SECONDS, civilFromDays, daysFromCivil, daysInMonth, formatDate } from '../src/rules/cst-date.js';

/** A usage or configuration error: the command prints the message on stderr and exits 2 with nothing on stdout. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses Unix seconds or ISO 8601 with `Z` or an offset. */
export function parseInstant(value: string, option: string): number {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new UsageError(`${option}: ${value} is too large for Unix seconds`);
    return n;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(value);
  if (m !== null) {
    // Checked by hand: Date.parse turns 30 February into 2 March.
    const [year, month, day, hour, minute, second, offH, offM] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0', m[9] ?? '0', m[10] ?? '0'].map(Number) as [number, number, number, number, number, number, number, number];
    const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offH <= 23 && offM <= 59;
    if (valid) {
      const offset = (m[8] === '-' ? -1 : 1) * (offH * 3600 + offM * 60);
      return daysFromCivil({ year, month, day }) * 86400 + hour * 3600 + minute * 60 + second - offset;
    }
  }
  throw new UsageError(`${option}: expected Unix seconds or ISO 8601 with Z or an offset (e.g. 2026-03-18T10:00:00+08:00), got ${JSON.stringify(value)}`);
}

/** Formats Unix seconds as ISO 8601 in China Standard Time, with the offset. */
export function cstIso(unixSeconds: number): string {
  if (!Number.isSafeInteger(unixSeconds)) return String(unixSeconds);
  const local = unixSeconds + CST_OFFSET_SECONDS;
  const days = Math.floor(local / 86400);
  const secs = local - days * 86400;
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${formatDate(civilFromDays(days))}T${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}+08:00`;
}

export function parseWholeNumber(value: string, option: string, min = 0): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new UsageError(`${option}: expected a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Parses `--root-key`: 32 bytes of base64url. */
export function parsePublicKeyArg(value: string, option: string): Uint8Array {
  const b = base64urlDecode(value.trim());
  if (b === null || b.length !== 32) {
    throw new UsageError(`${option}: expected a 32-byte Ed25519 public key in base64url (43 characters), got ${JSON.stringify(value)}`);
  }
  return b;
}
