/**
 * PINs are short, so they are stored only as a slow, salted hash (scrypt,
 * N = 2^15: about 50 ms a try here) and accounts lock after repeated
 * failures (app/src/kiosk/operators.ts).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function checkPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash ?? '', 'base64url');
  const actual = scryptSync(pin, Buffer.from(salt ?? '', 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

/** 4 to 12 digits: entered on the kiosk's number pad with gloves on. */
export function pinProblem(pin: string): string | null {
  return /^[0-9]{4,12}$/.test(pin) ? null : 'a PIN is 4 to 12 digits';
}
