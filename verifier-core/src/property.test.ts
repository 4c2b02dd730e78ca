/**
 * Properties of verifyCode over hostile input (STYLE.md: any bit flip
 * rejects; random input never throws), the agreement of the two Ed25519
 * implementations, and the S < L rule (RFC 8032 §5.1.7, spec §2).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import nacl from 'tweetnacl';
import { base45Decode, base45Encode, encodeCbor, isCanonicalS, sign1Text, tweetnaclVerify, verifyCode, type EncodableValue, type VerifyOptions, type VerifyResult } from './index.js';
import { parseSign1, sigStructure } from './code/cose-sign1.js';
import { nodeEd25519Verify } from '../cli/node-ed25519.js';
import { DAY, ISSUER, NOW, issue, options } from '../test-support/kit.js';

/** Parsed once: parsing the trust list costs a tweetnacl verification. */
const NODE_OPTS: VerifyOptions = options({ verify: nodeEd25519Verify });
const NACL_OPTS: VerifyOptions = { ...NODE_OPTS, verify: tweetnaclVerify };

/** Valid codes of each shape the kit issues: personal, kin, tagged, offline. */
const VALID: readonly string[] = [
  issue(),
  issue({ kind: 'kin' }),
  issue({}, ISSUER, true),
  issue({ mode: 'offline', exp: NOW + 6 * DAY }),
];

function coseBytes(text: string): Uint8Array {
  const r = base45Decode(text.slice('YMT1:'.length));
  if (!r.ok) throw new Error(`kit code is not Base45: ${r.error}`);
  return r.bytes;
}

const codeText = (cose: Uint8Array): string => `YMT1:${base45Encode(cose)}`;
const VALID_COSE: readonly Uint8Array[] = VALID.map(coseBytes);

const verdict = (r: VerifyResult) => ({ outcome: r.outcome, reason: r.reason, color: r.color, kind: r.kind });

interface Mutation {
  readonly code: number;
  readonly at: number;
  readonly how: 'flip' | 'set';
  /** The bit to flip (0..7), or the byte's new value. */
  readonly value: number;
}

function mutate(m: Mutation): { text: string; changed: boolean } {
  const original = VALID_COSE[m.code]!;
  const b = original.slice();
  const i = m.at % b.length;
  const before = b[i]!;
  b[i] = m.how === 'flip' ? before ^ (1 << (m.value & 7)) : m.value & 0xff;
  return { text: codeText(b), changed: b[i] !== before };
}

/** Any byte of any valid code, flipped or replaced. */
const anyMutation: fc.Arbitrary<Mutation> = fc.record({
  code: fc.integer({ min: 0, max: VALID.length - 1 }),
  at: fc.nat(),
  how: fc.constantFrom('flip' as const, 'set' as const),
  value: fc.integer({ min: 0, max: 255 }),
});

/**
 * Mutations that mostly survive check 2 and reach the signature check: in
 * the last 140 bytes (the signature, and the payload's claims before it).
 */
const lateMutation: fc.Arbitrary<Mutation> = fc
  .record({
    code: fc.integer({ min: 0, max: VALID.length - 1 }),
    back: fc.integer({ min: 1, max: 140 }),
    how: fc.constantFrom('flip' as const, 'set' as const),
    value: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ code, back, how, value }) => ({ code, at: VALID_COSE[code]!.length - back, how, value }));

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The signature with S replaced by S + L (little-endian); still below 2^256 since S < L < 2^253. */
function withSPlusL(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i]!);
  expect(s < L).toBe(true);
  let t = s + L;
  const out = signature.slice();
  for (let i = 0; i < 32; i++) {
    out[32 + i] = Number(t & 0xffn);
    t >>= 8n;
  }
  expect(t).toBe(0n);
  return out;
}

describe('the kit\'s valid codes', () => {
  it('are accepted by both Ed25519 implementations', () => {
    for (const t of VALID) {
      expect(verdict(verifyCode(t, NODE_OPTS))).toMatchObject({ outcome: 'ACCEPT', reason: 'OK', color: 'green' });
      expect(verdict(verifyCode(t, NACL_OPTS))).toEqual(verdict(verifyCode(t, NODE_OPTS)));
    }
  });
});

describe('mutated codes (a)', () => {
  it('never accepts a code with any single bit flipped, anywhere in the COSE bytes', () => {
    // exhaustive: every bit of every valid code
    let tried = 0;
    for (const cose of VALID_COSE) {
      for (let i = 0; i < cose.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const b = cose.slice();
          b[i] = b[i]! ^ (1 << bit);
          const r = verifyCode(codeText(b), NODE_OPTS);
          if (r.outcome !== 'REJECT') throw new Error(`flipping bit ${bit} of byte ${i} gave ${r.outcome} ${r.reason}`);
          expect(r.color).toBeNull();
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(4 * 8 * 150);
  });
  it('never accepts a code with a single bit flipped (random sample, any code)', () => {
    fc.assert(
      fc.property(anyMutation, (m) => {
        const r = verifyCode(mutate({ ...m, how: 'flip' }).text, NODE_OPTS);
        expect(r.outcome).toBe('REJECT');
      }),
      { numRuns: 2000 },
    );
  });
  it('never accepts a code with any byte replaced by another value', () => {
    fc.assert(
      fc.property(anyMutation, (m) => {
        const { text, changed } = mutate({ ...m, how: 'set' });
        const r = verifyCode(text, NODE_OPTS);
        if (changed) expect(r.outcome).toBe('REJECT');
        else expect(r.outcome).toBe('ACCEPT');
      }),
      { numRuns: 5000 },
    );
  });
});

describe('random input (b)', () => {
  /** A REJECT at check 1 or 2: NOT_YMT or MALFORMED, or only MALFORMED once the prefix is there. */
  const expectStructureReject = (text: string, reasons: readonly string[] = ['MALFORMED']): void => {
    const r = verifyCode(text, NODE_OPTS);
    expect(reasons).toContain(r.reason);
    expect(r.outcome).toBe('REJECT');
    expect(r.kind).toBeNull();
    expect(r.color).toBeNull();
    expect(r.code).toBeNull();
  };
  const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split('');

  it('rejects random strings as NOT_YMT or MALFORMED, without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 })), (s) => expectStructureReject(s, ['NOT_YMT', 'MALFORMED'])),
      { numRuns: 3000 },
    );
  });
  it('rejects random strings after YMT1: (in any letter case) as MALFORMED', () => {
    fc.assert(
      fc.property(fc.constantFrom('YMT1:', 'ymt1:', 'Ymt1:'), fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 80 })), (prefix, s) =>
        expectStructureReject(prefix + s),
      ),
      { numRuns: 3000 },
    );
  });
  it('rejects random Base45-alphabet strings after YMT1: as MALFORMED', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...BASE45), maxLength: 300 }), (s) => expectStructureReject(`YMT1:${s}`)),
      { numRuns: 3000 },
    );
  });
  it('rejects random bytes in Base45 after YMT1: as MALFORMED', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 250 }), (b) => expectStructureReject(codeText(b))),
      { numRuns: 3000 },
    );
  });
  it('rejects random four-item arrays shaped like a COSE_Sign1 as MALFORMED', () => {
    const item: fc.Arbitrary<EncodableValue> = fc.oneof(
      fc.uint8Array({ maxLength: 70 }),
      fc.integer({ min: -1000, max: 1000 }),
      fc.string({ maxLength: 8 }),
      fc.constant(new Map<EncodableValue, EncodableValue>()),
      fc.array(fc.integer({ min: -10, max: 10 }), { maxLength: 4 }).map((a) => new Map<EncodableValue, EncodableValue>(a.map((k, i) => [k * 100 + i, i]))),
    );
    fc.assert(
      fc.property(fc.tuple(item, item, item, fc.oneof(item, fc.uint8Array({ minLength: 64, maxLength: 64 }))), (arr) =>
        expectStructureReject(codeText(encodeCbor(arr))),
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Node\'s Ed25519 and tweetnacl agree (c)', () => {
  it('give the same outcome, reason, colour and kind on the valid codes', () => {
    for (const t of VALID) expect(verdict(verifyCode(t, NACL_OPTS))).toEqual(verdict(verifyCode(t, NODE_OPTS)));
  });
  it('give the same outcome, reason, colour and kind on mutated codes', () => {
    // tweetnacl verifies about 70 signatures a second: a few dozen mutations, most of them reaching the signature check
    fc.assert(
      fc.property(fc.oneof(lateMutation, anyMutation), (m) => {
        const { text } = mutate(m);
        const node = verdict(verifyCode(text, NODE_OPTS));
        const portable = verdict(verifyCode(text, NACL_OPTS));
        expect(portable).toEqual(node);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a signature with S + L in place of S (d)', () => {
  const cases = VALID.slice(0, 2).map((text) => {
    const parsed = parseSign1(coseBytes(text));
    if (!parsed.ok) throw new Error(parsed.error);
    const { protectedBytes, payloadBytes, signature } = parsed.sign1;
    const malleated = withSPlusL(signature);
    const tag18 = false;
    return { protectedBytes, payloadBytes, signature, malleated, text: sign1Text({ protectedBytes, payloadBytes, signature: malleated, tag18 }) };
  });

  it('is accepted by raw tweetnacl, so the S < L check is what refuses it', () => {
    for (const c of cases) {
      const message = sigStructure(c.protectedBytes, c.payloadBytes);
      expect(nacl.sign.detached.verify(message, c.signature, ISSUER.publicKey)).toBe(true);
      expect(nacl.sign.detached.verify(message, c.malleated, ISSUER.publicKey)).toBe(true);
      expect(isCanonicalS(c.signature)).toBe(true);
      expect(isCanonicalS(c.malleated)).toBe(false);
    }
  });
  it('gives BAD_SIGNATURE with tweetnaclVerify and with nodeEd25519Verify', () => {
    for (const c of cases) {
      const expected = { outcome: 'REJECT', reason: 'BAD_SIGNATURE', color: null };
      expect(verdict(verifyCode(c.text, NACL_OPTS))).toMatchObject(expected);
      expect(verdict(verifyCode(c.text, NODE_OPTS))).toMatchObject(expected);
      expect(verdict(verifyCode(c.text, NACL_OPTS))).toEqual(verdict(verifyCode(c.text, NODE_OPTS)));
    }
  });
  it('is refused by both wrapped implementations directly', () => {
    for (const c of cases) {
      const message = sigStructure(c.protectedBytes, c.payloadBytes);
      expect(tweetnaclVerify(c.malleated, message, ISSUER.publicKey)).toBe(false);
      expect(nodeEd25519Verify(c.malleated, message, ISSUER.publicKey)).toBe(false);
      expect(tweetnaclVerify(c.signature, message, ISSUER.publicKey)).toBe(true);
      expect(nodeEd25519Verify(c.signature, message, ISSUER.publicKey)).toBe(true);
    }
  });
});
