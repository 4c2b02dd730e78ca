/**
 * Times printed on a card, in China Standard Time (UTC+08:00, no daylight
 * saving). Policy: shift the instant by eight hours and read it with the
 * getUTC* methods, so the machine's own time zone never changes a fixture.
 */
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** `YYYY-MM-DD HH:mm` in CST for an instant in Unix seconds. */
export function formatCstMinute(unixSeconds: number): string {
  if (!Number.isFinite(unixSeconds)) {
    throw new RangeError(`unixSeconds: expected a finite number, got ${String(unixSeconds)}`);
  }
  const d = new Date(Math.floor(unixSeconds) * 1000 + CST_OFFSET_MS);
  const year = String(d.getUTCFullYear()).padStart(4, '0');
  return `${year}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
