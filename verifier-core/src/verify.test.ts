/** Every rule and boundary of spec §6, with codes the tests issue themselves. */
import { describe, expect, it } from 'vitest';
import { RawCbor, Tagged, cborHead, concatBytes, encodeCbor, verifyCode, type EncodableValue, type VerifyOptions } from './index.js';
import {
  ADULT_ID, CHILD_ID, DAY, ISSUER, NOW, claims, claimsBytes, idFor, issue, issueRaw, keyEntry, options, sidh, statusList, testKey, trustList,
} from '../test-support/kit.js';
import { protectedHeader } from './code/issue.js';

const verdict = (text: string, opts: Partial<VerifyOptions> = {}) => {
  const r = verifyCode(text, options(opts));
  return { outcome: r.outcome, reason: r.reason, color: r.color, kind: r.kind };
};
const reason = (text: string, opts: Partial<VerifyOptions> = {}) => verifyCode(text, options(opts)).reason;

/** Unix seconds of a CST wall-clock time. */
const cst = (iso: string) => Date.parse(`${iso}+08:00`) / 1000;

describe('the prefix and the text around it', () => {
  it('accepts a plain green personal code', () => {
    expect(verdict(issue())).toEqual({ outcome: 'ACCEPT', reason: 'OK', color: 'green', kind: 'personal' });
  });
  it('trims what String.prototype.trim trims (CR LF, tab, no-break space, BOM)', () => {
    const t = issue();
    for (const ws of ['\r\n', '\t', '\u00a0', '\ufeff', ' \n ']) expect(reason(`${ws}${t}${ws}`)).toBe('OK');
  });
  it('undoes a Caps Lock inversion of the whole text', () => {
    const t = issue();
    expect(reason(t.toLowerCase())).toBe('OK');
    expect(reason(`ymt1:${t.slice(5)}`)).toBe('OK');
    expect(reason(`yMt1:${t.slice(5).toLowerCase()}`)).toBe('OK');
  });
  it('calls anything without the prefix NOT_YMT, with kind null', () => {
    for (const t of ['', '   ', 'TB2026031800123', 'https://example.org/ymt1:abc', 'YMT1', 'YMT2:ABC', ` X${issue()}`]) {
      expect(verdict(t)).toEqual({ outcome: 'REJECT', reason: 'NOT_YMT', color: null, kind: null });
    }
  });
  it('calls a bare prefix or broken Base45 MALFORMED', () => {
    for (const t of ['YMT1:', 'YMT1:A', 'YMT1:GGW', 'YMT1:AB#', 'YMT1:ABC\u00e9']) expect(verdict(t)).toEqual({ outcome: 'REJECT', reason: 'MALFORMED', color: null, kind: null });
  });
  it('does not upper-case non-ASCII letters into ASCII (no ß to SS)', () => {
    expect(reason(`${issue()}ß`)).toBe('MALFORMED');
  });
});

describe('structure (check 2)', () => {
  const edit = (fn: (m: Map<EncodableValue, EncodableValue>) => void, over = {}) => issueRaw(claimsBytes(over, fn));
  it('accepts the COSE_Sign1 with or without tag 18, and no other tag', () => {
    expect(reason(issue({}, ISSUER, true))).toBe('OK');
    expect(reason(issueRaw(claimsBytes(), { tag18: true }))).toBe('OK');
    // the signature does not matter: the structure is refused first
    const arr: EncodableValue = [protectedHeader(ISSUER.kid), new Map(), claimsBytes(), new Uint8Array(64)];
    const b45 = (v: EncodableValue) => `YMT1:${base45(encodeCbor(v))}`;
    expect(reason(b45(new Tagged(17, arr)))).toBe('MALFORMED');
    expect(reason(b45(new Tagged(18, new Tagged(18, arr))))).toBe('MALFORMED');
  });
  it('refuses bytes after the structure, and after the item inside protected or payload', () => {
    const ok = issue();
    const bytes = decode45(ok);
    expect(reason(`YMT1:${base45(concatBytes(bytes, Uint8Array.of(0)))}`)).toBe('MALFORMED');
    expect(reason(issueRaw(concatBytes(claimsBytes(), Uint8Array.of(0xf6))))).toBe('MALFORMED');
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: concatBytes(protectedHeader(ISSUER.kid), Uint8Array.of(0)) }))).toBe('MALFORMED');
  });
  it('needs alg -8 and an 8-byte kid in the protected header', () => {
    const prot = (m: Map<EncodableValue, EncodableValue>) => encodeCbor(m);
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: prot(new Map<EncodableValue, EncodableValue>([[1, -7], [4, ISSUER.kid]])) }))).toBe('MALFORMED');
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: prot(new Map<EncodableValue, EncodableValue>([[4, ISSUER.kid]])) }))).toBe('MALFORMED');
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: prot(new Map<EncodableValue, EncodableValue>([[1, -8], [4, ISSUER.kid.slice(0, 7)]])) }))).toBe('MALFORMED');
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: prot(new Map<EncodableValue, EncodableValue>([[1, -8]])), unprotected: new Map<EncodableValue, EncodableValue>([[4, ISSUER.kid]]) }))).toBe('MALFORMED');
    // alg written in a longer form is still -8
    expect(reason(issueRaw(claimsBytes(), { protectedBytes: prot(new Map<EncodableValue, EncodableValue>([[1, new RawCbor(cborHead(1, 7, 2))], [4, ISSUER.kid]])) }))).toBe('OK');
  });
  it('accepts any valid CBOR encoding of the claims, since the signature covers the exact bytes', () => {
    // keys in reverse order, integers in 8-byte form, indefinite-length map and strings
    const c = claims();
    const long = (n: number) => new RawCbor(cborHead(0, n, 8));
    const indefText = (s: string) => new RawCbor(concatBytes(Uint8Array.of(0x7f), encodeCbor(s.slice(0, 1)), encodeCbor(s.slice(1)), Uint8Array.of(0xff)));
    const indefMap = (entries: [EncodableValue, EncodableValue][]) =>
      new RawCbor(concatBytes(Uint8Array.of(0xbf), ...entries.flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)]), Uint8Array.of(0xff)));
    const payload = indefMap([
      [long(9), new Map<EncodableValue, EncodableValue>([[2, long(c.colourAt)], [1, long(0)]])],
      [long(8), new Map<EncodableValue, EncodableValue>([[2, indefText(c.idNumber)], [1, indefText(c.name)]])],
      [long(7), long(1)],
      [long(6), long(c.exp)],
      [long(5), long(c.iat)],
      [long(4), indefText(c.iss)],
      [long(3), new RawCbor(concatBytes(Uint8Array.of(0x5f), encodeCbor(c.cid.slice(0, 5)), encodeCbor(c.cid.slice(5)), Uint8Array.of(0xff)))],
      [long(2), long(1)],
      [long(1), long(1)],
      ['note', 'ignored text key'],
      [99, [1, 2, 3]],
    ]);
    expect(reason(issueRaw(encodeCbor(payload)))).toBe('OK');
  });
  it('refuses a claims map that repeats a key written two ways (01 and 18 01)', () => {
    const bytes = claimsBytes();
    // claims map header a9 -> aa, then append key 1 written as 18 01 with value 1
    const dup = concatBytes(Uint8Array.of(0xaa), bytes.subarray(1), Uint8Array.of(0x18, 0x01, 0x01));
    expect(reason(issueRaw(dup))).toBe('MALFORMED');
  });
  it('ignores unknown keys in the claims and in the maps inside it', () => {
    expect(reason(edit((m) => { m.set(11, 'x'); m.set(-1, new Map()); m.set('sub', 1); }))).toBe('OK');
    expect(reason(edit((m) => { (m.get(8) as Map<EncodableValue, EncodableValue>).set(3, 'extra'); (m.get(9) as Map<EncodableValue, EncodableValue>).set(7, 1); }))).toBe('OK');
  });
  it.each([
    ['ver missing', (m: Map<EncodableValue, EncodableValue>) => m.delete(1)],
    ['ver 2', (m: Map<EncodableValue, EncodableValue>) => m.set(1, 2)],
    ['kind 3', (m: Map<EncodableValue, EncodableValue>) => m.set(2, 3)],
    ['kind 0', (m: Map<EncodableValue, EncodableValue>) => m.set(2, 0)],
    ['cid 15 bytes', (m: Map<EncodableValue, EncodableValue>) => m.set(3, new Uint8Array(15))],
    ['cid as text', (m: Map<EncodableValue, EncodableValue>) => m.set(3, '0123456789abcdef')],
    ['iss five digits', (m: Map<EncodableValue, EncodableValue>) => m.set(4, '61010')],
    ['iss with a letter', (m: Map<EncodableValue, EncodableValue>) => m.set(4, '61010a')],
    ['iss as a number', (m: Map<EncodableValue, EncodableValue>) => m.set(4, 610100)],
    ['iat negative', (m: Map<EncodableValue, EncodableValue>) => m.set(5, -1)],
    ['iat tagged (tag 1 epoch)', (m: Map<EncodableValue, EncodableValue>) => m.set(5, new Tagged(1, NOW))],
    ['iat a float', (m: Map<EncodableValue, EncodableValue>) => m.set(5, new RawCbor(Uint8Array.of(0xfb, 0x41, 0xda, 0x6e, 0x9c, 0x3f, 0x00, 0x00, 0x00)))],
    ['exp missing', (m: Map<EncodableValue, EncodableValue>) => m.delete(6)],
    ['mode 3', (m: Map<EncodableValue, EncodableValue>) => m.set(7, 3)],
    ['sub not a map', (m: Map<EncodableValue, EncodableValue>) => m.set(8, ['张三', ADULT_ID])],
    ['name empty', (m: Map<EncodableValue, EncodableValue>) => m.set(8, new Map<EncodableValue, EncodableValue>([[1, ''], [2, ADULT_ID]]))],
    ['name 65 characters', (m: Map<EncodableValue, EncodableValue>) => m.set(8, new Map<EncodableValue, EncodableValue>([[1, '张'.repeat(65)], [2, ADULT_ID]]))],
    ['ID number not text', (m: Map<EncodableValue, EncodableValue>) => m.set(8, new Map<EncodableValue, EncodableValue>([[1, '张三'], [2, 12345]]))],
    ['ID number missing', (m: Map<EncodableValue, EncodableValue>) => m.set(8, new Map<EncodableValue, EncodableValue>([[1, '张三']]))],
    ['colour 3', (m: Map<EncodableValue, EncodableValue>) => m.set(9, new Map<EncodableValue, EncodableValue>([[1, 3], [2, NOW]]))],
    ['colour time missing', (m: Map<EncodableValue, EncodableValue>) => m.set(9, new Map<EncodableValue, EncodableValue>([[1, 0]]))],
    ['st missing', (m: Map<EncodableValue, EncodableValue>) => m.delete(9)],
  ])('calls a code with %s MALFORMED', (_name, fn) => {
    expect(verdict(edit(fn))).toEqual({ outcome: 'REJECT', reason: 'MALFORMED', color: null, kind: null });
  });
  it('accepts names of exactly 1 and 64 characters, counted in code points', () => {
    expect(reason(issue({ name: '张' }))).toBe('OK');
    expect(reason(issue({ name: '张'.repeat(64) }))).toBe('OK');
    expect(reason(issue({ name: '𠀀'.repeat(64) }))).toBe('OK'); // 64 code points, 128 UTF-16 units
  });
  it('needs a valid guardian on a kin code, and ignores one on a personal code', () => {
    const kin = { kind: 'kin' as const };
    expect(reason(edit((m) => m.delete(10), kin))).toBe('MALFORMED');
    expect(reason(edit((m) => m.set(10, new Map<EncodableValue, EncodableValue>([[1, '张*明'], [2, '123']])), kin))).toBe('MALFORMED');
    expect(reason(edit((m) => m.set(10, new Map<EncodableValue, EncodableValue>([[1, '张*明'], [2, '12a4']])), kin))).toBe('MALFORMED');
    expect(reason(edit((m) => m.set(10, new Map<EncodableValue, EncodableValue>([[1, ''], [2, '1234']])), kin))).toBe('MALFORMED');
    expect(reason(edit((m) => m.set(10, new Map<EncodableValue, EncodableValue>([[2, '1234']])), kin))).toBe('MALFORMED');
    expect(reason(edit((m) => m.set(10, 'garbage')))).toBe('OK');
  });
  it('needs a 64-byte signature', () => {
    const p = claimsBytes();
    const arr: EncodableValue = [protectedHeader(ISSUER.kid), new Map(), p, new Uint8Array(63)];
    expect(reason(`YMT1:${base45(encodeCbor(arr))}`)).toBe('MALFORMED');
  });
});

describe('the trust list (checks 3 to 6)', () => {
  it('rejects every code from the trust list\'s expiresAt on, with no skew', () => {
    const tl = trustList({ expiresAt: NOW });
    expect(verdict(issue(), { trustList: tl })).toEqual({ outcome: 'REJECT', reason: 'TRUST_LIST_EXPIRED', color: null, kind: 'personal' });
    expect(reason(issue(), { trustList: trustList({ expiresAt: NOW + 1 }) })).toBe('OK');
  });
  it('rejects a kid no trusted key has', () => {
    expect(verdict(issue({ kind: 'kin' }, testKey('kit/stranger')))).toEqual({ outcome: 'REJECT', reason: 'UNKNOWN_KEY', color: null, kind: 'kin' });
  });
  it('rejects a signature that does not verify, before looking at times', () => {
    const other = testKey('kit/other');
    // signed by another key but carrying the trusted issuer's kid, and long expired
    const forged = issueRaw(claimsBytes({ iat: NOW - 10 * DAY, exp: NOW - 10 * DAY + 300 }), { key: other, protectedBytes: protectedHeader(ISSUER.kid) });
    expect(reason(forged)).toBe('BAD_SIGNATURE');
  });
  it('holds the key to its window, both ends included', () => {
    const tl = (nb: number, na: number) => trustList({ keys: [keyEntry({ notBefore: nb, notAfter: na })] });
    const iat = NOW - 60;
    expect(reason(issue({ iat }), { trustList: tl(iat, iat) })).toBe('OK');
    expect(reason(issue({ iat }), { trustList: tl(iat + 1, iat + 100) })).toBe('KEY_NOT_VALID');
    expect(reason(issue({ iat }), { trustList: tl(iat - 100, iat - 1) })).toBe('KEY_NOT_VALID');
  });
  it('holds the key to its kinds and its region', () => {
    expect(reason(issue({ kind: 'kin' }), { trustList: trustList({ keys: [keyEntry({ kinds: [1] })] }) })).toBe('KEY_NOT_VALID');
    expect(reason(issue({ kind: 'personal' }), { trustList: trustList({ keys: [keyEntry({ kinds: [2] })] }) })).toBe('KEY_NOT_VALID');
    expect(reason(issue({ iss: '110000' }))).toBe('KEY_NOT_VALID');
  });
  it('lets any of several entries with the same kid validate the code', () => {
    const tl = trustList({ keys: [keyEntry({ issuer: '110000' }), keyEntry({ kinds: [1] }), keyEntry({ issuer: '610100', kinds: [2] })] });
    expect(reason(issue({ kind: 'kin' }), { trustList: tl })).toBe('OK');
    expect(reason(issue({ kind: 'personal' }), { trustList: tl })).toBe('OK');
    expect(reason(issue({ kind: 'personal', iss: '310000' }), { trustList: tl })).toBe('KEY_NOT_VALID');
  });
});

describe('validity and the clock (checks 7 to 9)', () => {
  it('allows a live code 300 s and an offline code 7 days, not a second more', () => {
    const iat = NOW - 60;
    expect(reason(issue({ iat, exp: iat + 300 }))).toBe('OK');
    expect(reason(issue({ iat, exp: iat + 301 }))).toBe('INVALID_VALIDITY');
    expect(reason(issue({ mode: 'offline', iat, exp: iat + 604800 }))).toBe('OK');
    expect(reason(issue({ mode: 'offline', iat, exp: iat + 604801 }))).toBe('INVALID_VALIDITY');
  });
  it('needs iat before exp', () => {
    expect(reason(issue({ iat: NOW, exp: NOW }))).toBe('INVALID_VALIDITY');
    expect(reason(issue({ iat: NOW, exp: NOW - 1 }))).toBe('INVALID_VALIDITY');
  });
  it('checks the span before the clock', () => {
    expect(reason(issue({ iat: NOW - 30 * DAY, exp: NOW - 20 * DAY }))).toBe('INVALID_VALIDITY');
  });
  it('accepts a code issued up to skew seconds in the future', () => {
    expect(reason(issue({ iat: NOW + 120, exp: NOW + 400 }))).toBe('OK');
    expect(reason(issue({ iat: NOW + 121, exp: NOW + 400 }))).toBe('NOT_YET_VALID');
    expect(reason(issue({ iat: NOW + 121, exp: NOW + 400 }), { skew: 121 })).toBe('OK');
    expect(reason(issue({ iat: NOW + 1, exp: NOW + 300 }), { skew: 0 })).toBe('NOT_YET_VALID');
  });
  it('expires at exp + skew', () => {
    expect(reason(issue({ iat: NOW - 400, exp: NOW - 119 }))).toBe('OK');
    expect(reason(issue({ iat: NOW - 400, exp: NOW - 120 }))).toBe('EXPIRED');
    expect(reason(issue({ iat: NOW - 300, exp: NOW }), { skew: 0 })).toBe('EXPIRED');
    expect(reason(issue({ iat: NOW - 299, exp: NOW + 1 }), { skew: 0 })).toBe('OK');
  });
  it('handles times beyond 2^53 without losing precision', () => {
    const big = (n: bigint) => new RawCbor(cborHead(0, n, 8));
    const at = (iat: bigint, exp: bigint) => issueRaw(claimsBytes({}, (m) => { m.set(5, big(iat)); m.set(6, big(exp)); }));
    // an iat that far out is outside every key's window (check 6 comes first)
    expect(reason(at(2n ** 60n, 2n ** 60n + 100n))).toBe('KEY_NOT_VALID');
    expect(reason(at(BigInt(NOW - 60), 2n ** 63n))).toBe('INVALID_VALIDITY');
    expect(reason(at(BigInt(NOW - 60), 2n ** 53n + 1n))).toBe('INVALID_VALIDITY');
    expect(reason(at(BigInt(NOW - 60), 2n ** 64n - 1n))).toBe('INVALID_VALIDITY');
  });
  it('reports the kind once the structure is valid', () => {
    expect(verdict(issue({ kind: 'kin', iat: NOW - 400, exp: NOW - 120 }))).toEqual({ outcome: 'REJECT', reason: 'EXPIRED', color: null, kind: 'kin' });
  });
});

describe('resident ID numbers (check 10)', () => {
  it('accepts a lower-case x check character and reports it as X', () => {
    // find a birth date whose check character is X
    let id = '';
    for (let d = 1; d <= 28 && !id.endsWith('X'); d++) id = idFor(`199001${String(d).padStart(2, '0')}`);
    expect(id.endsWith('X')).toBe(true);
    const r = verifyCode(issue({ idNumber: id.slice(0, 17) + 'x' }), options());
    expect(r.reason).toBe('OK');
    expect(r.code?.idNumber).toBe(id);
  });
  it.each([
    ['a wrong check character', ADULT_ID.slice(0, 17) + (ADULT_ID.endsWith('0') ? '1' : '0')],
    ['17 characters', ADULT_ID.slice(0, 17)],
    ['19 characters', `${ADULT_ID}0`],
    ['a letter inside', `${ADULT_ID.slice(0, 5)}A${ADULT_ID.slice(6)}`],
    ['a full-width digit', `${ADULT_ID.slice(0, 17)}\uff10`],
    ['30 February', idFor('19900230')],
    ['month 13', idFor('19901301')],
    ['day 0', idFor('19900100')],
    ['29 February in a common year', idFor('19000229')],
    ['year 1899', idFor('18991231')],
    ['a birth date after the issue day', idFor('20260319')],
  ])('rejects an ID number with %s as BAD_ID', (_n, id) => {
    expect(verdict(issue({ idNumber: id }))).toEqual({ outcome: 'REJECT', reason: 'BAD_ID', color: null, kind: 'personal' });
  });
  it('accepts 29 February in a leap year and the year 1900', () => {
    expect(reason(issue({ idNumber: idFor('20000229') }))).toBe('OK');
    expect(reason(issue({ idNumber: idFor('19000101') }))).toBe('OK');
  });
  it('takes the issue day in China Standard Time: born "tomorrow" in UTC is today in CST', () => {
    // 2026-03-18 00:30 CST is 2026-03-17 16:30 UTC
    const iat = cst('2026-03-18T00:30:00');
    const opts = { now: iat + 60 };
    expect(reason(issue({ kind: 'kin', idNumber: idFor('20260318'), iat, exp: iat + 300, colourAt: iat }), opts)).toBe('OK');
    expect(reason(issue({ kind: 'kin', idNumber: idFor('20260319'), iat, exp: iat + 300, colourAt: iat }), opts)).toBe('BAD_ID');
    // 23:30 CST on the 17th is 15:30 UTC the 17th: born on the 18th is after the issue day
    const late = cst('2026-03-17T23:30:00');
    expect(reason(issue({ kind: 'kin', idNumber: idFor('20260318'), iat: late, exp: late + 300, colourAt: late }), { now: late })).toBe('BAD_ID');
  });
});

describe('who may hold a kin code (check 11)', () => {
  const wideTrust = trustList({ expiresAt: 4e9, keys: [keyEntry({ notBefore: 0, notAfter: 4e9 })] });
  const kinAt = (birth: string, iatIso: string) => {
    const iat = cst(iatIso);
    return reason(issue({ kind: 'kin', idNumber: idFor(birth), iat, exp: iat + 300, colourAt: iat }), { now: iat, trustList: wideTrust });
  };
  it('accepts a child up to the day before the 17th birthday, in CST', () => {
    expect(kinAt('20090318', '2026-03-17T23:59:00')).toBe('OK');
    expect(kinAt('20090318', '2026-03-18T00:00:00')).toBe('AGE_RULE');
    // 00:30 CST on the birthday is still the 17th in UTC: CST decides
    expect(kinAt('20090318', '2026-03-18T00:30:00')).toBe('AGE_RULE');
  });
  it('accepts an elder from the 60th birthday, in CST', () => {
    expect(kinAt('19660318', '2026-03-17T23:59:00')).toBe('AGE_RULE');
    expect(kinAt('19660318', '2026-03-18T00:00:00')).toBe('OK');
    expect(kinAt('19660318', '2026-03-18T07:59:00')).toBe('OK'); // still the 17th in UTC
  });
  it('lets someone born on 29 February turn a year older on 1 March in a common year', () => {
    expect(kinAt('19640229', '2024-02-28T12:00:00')).toBe('AGE_RULE'); // 59
    expect(kinAt('19640229', '2024-02-29T00:00:00')).toBe('OK'); // 60 on the day in a leap year
    expect(kinAt('20080229', '2025-02-28T12:00:00')).toBe('OK'); // 16
    expect(kinAt('20080229', '2025-03-01T00:00:00')).toBe('AGE_RULE'); // 17
  });
  it('accepts a newborn registered on the day of birth, and never applies the rule to personal codes', () => {
    expect(kinAt('20260318', '2026-03-18T09:00:00')).toBe('OK');
    expect(reason(issue({ kind: 'personal', idNumber: ADULT_ID }))).toBe('OK');
  });
  it('reports the age at issue', () => {
    const r = verifyCode(issue({ kind: 'kin', idNumber: CHILD_ID }), options());
    expect(r.code?.ageAtIssue).toBe(6);
  });
});

describe('the status list (check 12 and the colour)', () => {
  const cidOf = (text: string) => verifyCode(text, options()).code!.cid;
  it('rejects a code revoked by cid or by the holder\'s sidh, whatever the entry\'s time', () => {
    const t = issue({ kind: 'kin' });
    expect(verdict(t, { statusList: statusList([{ cid: cidOf(t), revoked: true, at: NOW - 10 * DAY }]) })).toEqual({ outcome: 'REJECT', reason: 'REVOKED', color: null, kind: 'kin' });
    expect(reason(t, { statusList: statusList([{ sidh: sidh(CHILD_ID), revoked: true }]) })).toBe('REVOKED');
    expect(reason(t, { statusList: statusList([{ cid: cidOf(issue()), revoked: true, at: NOW }]) })).toBe('OK');
  });
  it('matches sidh on the ID number with an upper-case X', () => {
    let id = '';
    for (let d = 1; d <= 28 && !id.endsWith('X'); d++) id = idFor(`199001${String(d).padStart(2, '0')}`);
    const t = issue({ idNumber: id.slice(0, 17) + 'x' });
    expect(reason(t, { statusList: statusList([{ sidh: sidh(id), color: 2, at: NOW }]) })).toBe('RED');
  });
  it('takes the colour of the latest applicable entry only when it is later than the code\'s own', () => {
    const t = issue({ colour: 'green', colourAt: NOW - 100 });
    const cid = cidOf(t);
    expect(verdict(t, { statusList: statusList([{ cid, color: 2, at: NOW - 99 }]) })).toEqual({ outcome: 'REFER', reason: 'RED', color: 'red', kind: 'personal' });
    expect(reason(t, { statusList: statusList([{ cid, color: 2, at: NOW - 100 }]) })).toBe('OK');
    expect(reason(t, { statusList: statusList([{ cid, color: 1, at: NOW - 50 }, { cid, color: 0, at: NOW - 40 }]) })).toBe('OK');
    expect(reason(t, { statusList: statusList([{ cid, color: 0, at: NOW - 50 }, { sidh: sidh(ADULT_ID), color: 1, at: NOW - 40 }]) })).toBe('YELLOW');
    const red = issue({ colour: 'red', colourAt: NOW - 100 });
    expect(reason(red, { statusList: statusList([{ cid: cidOf(red), color: 0, at: NOW - 10 }]) })).toBe('OK');
  });
  it('lets the most severe colour win between entries with the same latest time', () => {
    const t = issue({ colourAt: NOW - 100 });
    const cid = cidOf(t);
    expect(reason(t, { statusList: statusList([{ cid, color: 1, at: NOW - 10 }, { sidh: sidh(ADULT_ID), color: 2, at: NOW - 10 }, { cid, color: 0, at: NOW - 10 }]) })).toBe('RED');
    expect(reason(t, { statusList: statusList([{ cid, color: 0, at: NOW - 10 }, { cid, color: 1, at: NOW - 10 }]) })).toBe('YELLOW');
  });
  it('counts only colours 0, 1 and 2', () => {
    const t = issue({ colourAt: NOW - 100 });
    const cid = cidOf(t);
    expect(reason(t, { statusList: statusList([{ cid, color: 3, at: NOW }, { cid, color: '2', at: NOW }, { cid, color: null, at: NOW }]) })).toBe('OK');
  });
  it('refers yellow and red codes to the single-tube lane', () => {
    expect(verdict(issue({ colour: 'yellow' }))).toEqual({ outcome: 'REFER', reason: 'YELLOW', color: 'yellow', kind: 'personal' });
    expect(verdict(issue({ colour: 'red', kind: 'kin' }))).toEqual({ outcome: 'REFER', reason: 'RED', color: 'red', kind: 'kin' });
  });
});

describe('the site (check 13) and the order of checks', () => {
  it('refuses kin codes at a transport hub and accepts personal codes there', () => {
    expect(verdict(issue({ kind: 'kin' }), { site: 'transport-hub' })).toEqual({ outcome: 'REJECT', reason: 'KIN_NOT_ACCEPTED', color: null, kind: 'kin' });
    expect(reason(issue({ kind: 'personal' }), { site: 'transport-hub' })).toBe('OK');
  });
  it('says REVOKED before KIN_NOT_ACCEPTED, and AGE_RULE before both', () => {
    const t = issue({ kind: 'kin' });
    const cid = verifyCode(t, options()).code!.cid;
    expect(reason(t, { site: 'transport-hub', statusList: statusList([{ cid, revoked: true }]) })).toBe('REVOKED');
    const adult = issue({ kind: 'kin', idNumber: ADULT_ID });
    expect(reason(adult, { site: 'transport-hub', statusList: statusList([{ sidh: sidh(ADULT_ID), revoked: true }]) })).toBe('AGE_RULE');
  });
  it('says UNKNOWN_KEY for an expired code from an unknown key, and TRUST_LIST_EXPIRED before that', () => {
    const t = issue({ iat: NOW - 10 * DAY, exp: NOW - 10 * DAY + 300 }, testKey('kit/nobody'));
    expect(reason(t)).toBe('UNKNOWN_KEY');
    expect(reason(t, { trustList: trustList({ expiresAt: NOW - 1 }) })).toBe('TRUST_LIST_EXPIRED');
  });
  it('gives no details for a code whose signature failed, and details once it verified', () => {
    const other = testKey('kit/other');
    const forged = issueRaw(claimsBytes(), { key: other, protectedBytes: protectedHeader(ISSUER.kid) });
    expect(verifyCode(forged, options()).code).toBeNull();
    const r = verifyCode(issue({ kind: 'kin', name: '王小明' }), options());
    expect(r.code).toMatchObject({ name: '王小明', idMasked: `${CHILD_ID.slice(0, 4)}**********${CHILD_ID.slice(-4)}`, guardian: { maskedName: '张*明', phoneLast4: '1234' }, mode: 'live' });
  });
});

function base45(bytes: Uint8Array): string {
  const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let v = bytes[i]! * 256 + bytes[i + 1]!;
    const c = v % 45; v = (v - c) / 45; const d = v % 45; const e = (v - d) / 45;
    s += A[c]! + A[d]! + A[e]!;
  }
  if (bytes.length % 2) { const v = bytes[bytes.length - 1]!; s += A[v % 45]! + A[Math.floor(v / 45)]!; }
  return s;
}

function decode45(text: string): Uint8Array {
  const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const t = text.slice(5);
  const out: number[] = [];
  for (let i = 0; i < t.length; i += 3) {
    const c = A.indexOf(t[i]!), d = A.indexOf(t[i + 1]!);
    if (i + 2 < t.length) { const v = c + d * 45 + A.indexOf(t[i + 2]!) * 2025; out.push(v >> 8, v & 255); } else out.push(c + d * 45);
  }
  return Uint8Array.from(out);
}
