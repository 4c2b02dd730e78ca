/** Card times are China Standard Time whatever the machine's zone. */
import { describe, expect, it } from 'vitest';
import { formatCstMinute } from './cst-time.js';

describe('formatCstMinute', () => {
  it('shows the epoch as 08:00 on 1 January 1970', () => {
    expect(formatCstMinute(0)).toBe('1970-01-01 08:00');
  });

  it('rolls over to the next CST day from 16:00 UTC', () => {
    expect(formatCstMinute(Date.UTC(2024, 3, 30, 15, 59) / 1000)).toBe('2024-04-30 23:59');
    expect(formatCstMinute(Date.UTC(2024, 3, 30, 16, 0) / 1000)).toBe('2024-05-01 00:00');
  });

  it('rolls over the year and handles 29 February', () => {
    expect(formatCstMinute(Date.UTC(2023, 11, 31, 16, 5) / 1000)).toBe('2024-01-01 00:05');
    expect(formatCstMinute(Date.UTC(2024, 1, 28, 20, 0) / 1000)).toBe('2024-02-29 04:00');
  });

  it('drops seconds rather than rounding to the next minute', () => {
    expect(formatCstMinute(59)).toBe('1970-01-01 08:00');
  });

  it('refuses a time that is not a number', () => {
    expect(() => formatCstMinute(Number.NaN)).toThrow(RangeError);
  });
});
