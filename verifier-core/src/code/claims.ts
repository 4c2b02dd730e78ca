/** The claims map (spec §2): types, ranges and required keys. Failures here are MALFORMED. */
import { CborMap, type CborValue } from '../encoding/cbor.js';
import { codePointLength } from '../encoding/utf8.js';

export type Colour = 'green' | 'yellow' | 'red';
export const COLOURS: readonly Colour[] = ['green', 'yellow', 'red'];
export type CodeKind = 'personal' | 'kin';
export type CodeMode = 'live' | 'offline';

/** Unix seconds; bigint only when beyond Number's safe range. */
export type Uint = number | bigint;

export interface Claims {
  readonly kind: CodeKind;
  readonly cid: Uint8Array;
  readonly iss: string;
  readonly iat: Uint;
  readonly exp: Uint;
  readonly mode: CodeMode;
  readonly name: string;
  /** The ID number as carried; section 4's rules are checked later (BAD_ID is check 10). */
  readonly idNumber: string;
  readonly colour: Colour;
  readonly colourAt: Uint;
  readonly guardian: { readonly maskedName: string; readonly phoneLast4: string } | null;
}

export type ClaimsParse = { ok: true; claims: Claims } | { ok: false; error: string };

function isUint(v: CborValue | undefined): v is Uint {
  return (typeof v === 'number' && v >= 0) || (typeof v === 'bigint' && v >= 0n);
}

function isShortText(v: CborValue | undefined): v is string {
  if (typeof v !== 'string') return false;
  const n = codePointLength(v);
  return n >= 1 && n <= 64;
}

function isDigits(v: string, n: number): boolean {
  if (v.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function parseClaims(m: CborMap): ClaimsParse {
  const fail = (error: string): ClaimsParse => ({ ok: false, error });
  const ver = m.get(1);
  if (ver === undefined) return fail('claim 1 (ver) missing');
  if (ver !== 1) return fail('claim 1 (ver) is not 1');
  const kind = m.get(2);
  if (kind !== 1 && kind !== 2) return fail('claim 2 (kind) is not 1 or 2');
  const cid = m.get(3);
  if (!(cid instanceof Uint8Array) || cid.length !== 16) return fail('claim 3 (cid) is not a 16-byte string');
  const iss = m.get(4);
  if (typeof iss !== 'string' || !isDigits(iss, 6)) return fail('claim 4 (iss) is not six digits');
  const iat = m.get(5);
  if (!isUint(iat)) return fail('claim 5 (iat) is not an unsigned integer');
  const exp = m.get(6);
  if (!isUint(exp)) return fail('claim 6 (exp) is not an unsigned integer');
  const mode = m.get(7);
  if (mode !== 1 && mode !== 2) return fail('claim 7 (mode) is not 1 or 2');
  const sub = m.get(8);
  if (!(sub instanceof CborMap)) return fail('claim 8 (sub) is not a map');
  const name = sub.get(1);
  if (!isShortText(name)) return fail('sub name is not text of 1 to 64 characters');
  const idNumber = sub.get(2);
  if (typeof idNumber !== 'string') return fail('sub ID number is not text');
  const st = m.get(9);
  if (!(st instanceof CborMap)) return fail('claim 9 (st) is not a map');
  const colour = st.get(1);
  if (colour !== 0 && colour !== 1 && colour !== 2) return fail('status colour is not 0, 1 or 2');
  const colourAt = st.get(2);
  if (!isUint(colourAt)) return fail('status time is not an unsigned integer');
  let guardian: Claims['guardian'] = null;
  if (kind === 2) {
    const grd = m.get(10);
    if (!(grd instanceof CborMap)) return fail('kin code without a guardian map (claim 10)');
    const maskedName = grd.get(1);
    if (!isShortText(maskedName)) return fail('guardian name is not text of 1 to 64 characters');
    const phone = grd.get(2);
    if (typeof phone !== 'string' || !isDigits(phone, 4)) return fail('guardian phone is not exactly 4 digits');
    guardian = { maskedName, phoneLast4: phone };
  }
  return {
    ok: true,
    claims: {
      kind: kind === 1 ? 'personal' : 'kin',
      cid,
      iss,
      iat,
      exp,
      mode: mode === 1 ? 'live' : 'offline',
      name,
      idNumber,
      colour: COLOURS[colour] ?? 'red',
      colourAt,
      guardian,
    },
  };
}
