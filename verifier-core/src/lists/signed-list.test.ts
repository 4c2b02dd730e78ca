/** Trust lists and status lists (spec §5): the signed envelope, the payload's structure, and installing by seq. */
import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { checkListUpgrade, parseSignedList, parseStatusList, parseTrustList, type ListParse, type ListRefusal } from './signed-list.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { sha256 } from '../crypto/sha256.js';
import { ed25519Sign, tweetnaclVerify, type Ed25519Verify } from '../index.js';
import { nodeEd25519Verify } from '../../cli/node-ed25519.js';
import { ADULT_ID, DAY, ISSUER, NOW, ROOT, keyEntry, sidh, signEnvelope, statusList, testKey, trustList, trustPayload, type TestKey } from '../../test-support/kit.js';

const OTHER = testKey('signed-list/other');

/** An envelope around exact payload bytes (which need not be JSON), signed by `key`. */
function envelopeOfBytes(bytes: Uint8Array, key: TestKey = ROOT): { payload: string; signature: string } {
  return { payload: base64urlEncode(bytes), signature: base64urlEncode(ed25519Sign(bytes, key.secretKey)) };
}

function statusPayload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'ymt-status-list', version: 1, seq: 3, issuedAt: NOW - 3600, entries: [], ...over };
}

const trust = (envelope: unknown, verify: Ed25519Verify = tweetnaclVerify) => parseTrustList(envelope, ROOT.publicKey, verify);
const status = (envelope: unknown, verify: Ed25519Verify = tweetnaclVerify) => parseStatusList(envelope, ROOT.publicKey, verify);

function refusalOf<T>(r: ListParse<T>): ListRefusal | 'ACCEPTED' {
  return r.ok ? 'ACCEPTED' : r.refusal;
}

function accepted<T>(r: ListParse<T>): T {
  if (!r.ok) throw new Error(`expected the list to be accepted, got ${r.refusal}: ${r.message}`);
  return r.list;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** The same signature with S replaced by S + L (little-endian, 32 bytes): a non-canonical encoding of the same scalar. */
function withSPlusL(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i] ?? 0);
  let t = s + L;
  const out = signature.slice();
  for (let i = 0; i < 32; i++) {
    out[32 + i] = Number(t & 0xffn);
    t >>= 8n;
  }
  return out;
}

const b64 = (s: string): Uint8Array => {
  const bin = Buffer.from(s, 'base64url');
  return new Uint8Array(bin.buffer, bin.byteOffset, bin.length);
};

describe('a trust list that follows the spec', () => {
  it('parses seq, issuedAt, expiresAt and its keys, indexed by kid', () => {
    const list = accepted(trust(signEnvelope(trustPayload())));
    expect(list.type).toBe('ymt-trust-list');
    expect(list.seq).toBe(7);
    expect(list.issuedAt).toBe(NOW - DAY);
    expect(list.expiresAt).toBe(NOW + 14 * DAY);
    expect(list.ignoredKeys).toBe(0);
    expect(list.keys).toHaveLength(1);
    const key = list.keys[0]!;
    expect(key.kid).toBe(base64urlEncode(ISSUER.kid));
    expect(key.publicKey).toEqual(ISSUER.publicKey);
    expect(key.publicKeyB64).toBe(base64urlEncode(ISSUER.publicKey));
    expect(key.issuer).toBe('610100');
    expect(key.kinds).toEqual([1, 2]);
    expect(key.notBefore).toBe(NOW - 365 * DAY);
    expect(key.notAfter).toBe(NOW + 365 * DAY);
    expect(list.byKid.get(base64urlEncode(ISSUER.kid))).toEqual([key]);
    expect(list.byKid.size).toBe(1);
  });
  it('parses the same with either Ed25519 implementation', () => {
    const env = signEnvelope(trustPayload());
    expect(accepted(trust(env, nodeEd25519Verify))).toEqual(accepted(trust(env, tweetnaclVerify)));
  });
  it('returns the exact signed payload bytes', () => {
    const env = signEnvelope(trustPayload());
    const r = trust(env);
    expect(r.ok && base64urlEncode(r.payloadBytes)).toBe(env.payload);
  });
  it('accepts a list without issuedAt, and an empty keys array', () => {
    const list = accepted(trust(signEnvelope(trustPayload({ issuedAt: undefined, keys: [] }))));
    expect(list.issuedAt).toBeNull();
    expect(list.keys).toEqual([]);
    expect(list.byKid.size).toBe(0);
  });
  it('keeps several entries that share a kid, all under that kid', () => {
    const list = accepted(
      trust(signEnvelope(trustPayload({ keys: [keyEntry(), keyEntry({ issuer: '310000', kinds: [1] }), keyEntry({ key: OTHER })] }))),
    );
    expect(list.keys).toHaveLength(3);
    expect(list.ignoredKeys).toBe(0);
    const same = list.byKid.get(base64urlEncode(ISSUER.kid));
    expect(same?.map((k) => k.issuer)).toEqual(['610100', '310000']);
    expect(list.byKid.get(base64urlEncode(OTHER.kid))).toHaveLength(1);
  });
});

describe('trust list refusals', () => {
  it('refuses what is not the {payload, signature} envelope as NOT_JSON', () => {
    const good = signEnvelope(trustPayload());
    for (const env of [
      null,
      'text',
      42,
      [good.payload, good.signature],
      trustPayload(),
      { payload: good.payload },
      { signature: good.signature },
      { payload: 7, signature: good.signature },
      { payload: good.payload, signature: null },
      { payload: `${good.payload}=`, signature: good.signature },
      { payload: good.payload.replace(/-/g, '+').replace(/_/g, '/') + '+', signature: good.signature },
    ]) {
      expect(refusalOf(trust(env)), JSON.stringify(env)).toBe('NOT_JSON');
    }
  });
  it('refuses a list signed by another key as BAD_SIGNATURE', () => {
    expect(refusalOf(trust(signEnvelope(trustPayload(), OTHER)))).toBe('BAD_SIGNATURE');
    expect(refusalOf(trust(signEnvelope(trustPayload(), ISSUER)))).toBe('BAD_SIGNATURE');
  });
  it('refuses a list whose payload was altered after signing as BAD_SIGNATURE', () => {
    const good = signEnvelope(trustPayload());
    const altered = signEnvelope(trustPayload({ seq: 8 }));
    expect(refusalOf(trust({ payload: altered.payload, signature: good.signature }))).toBe('BAD_SIGNATURE');
    // one bit of the payload
    const bytes = utf8Encode(JSON.stringify(trustPayload()));
    bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 1;
    expect(refusalOf(trust({ payload: base64urlEncode(bytes), signature: good.signature }))).toBe('BAD_SIGNATURE');
  });
  it('refuses a signature that is not 64 bytes of base64url as BAD_SIGNATURE', () => {
    const good = signEnvelope(trustPayload());
    for (const signature of ['', good.signature.slice(0, -2), `${good.signature}AA`, `${good.signature}==`, good.signature.replace(/[-_]/g, '+')]) {
      if (signature === good.signature) continue;
      expect(refusalOf(trust({ payload: good.payload, signature })), signature).toBe('BAD_SIGNATURE');
    }
  });
  it('refuses a signature whose S is not below L (S + L), which raw tweetnacl would accept', () => {
    const payloadBytes = utf8Encode(JSON.stringify(trustPayload()));
    const sig = ed25519Sign(payloadBytes, ROOT.secretKey);
    const malleated = withSPlusL(sig);
    // the check matters: without it, tweetnacl accepts the non-canonical S
    expect(nacl.sign.detached.verify(payloadBytes, malleated, ROOT.publicKey)).toBe(true);
    const env = { payload: base64urlEncode(payloadBytes), signature: base64urlEncode(malleated) };
    expect(refusalOf(trust(env, tweetnaclVerify))).toBe('BAD_SIGNATURE');
    expect(refusalOf(trust(env, nodeEd25519Verify))).toBe('BAD_SIGNATURE');
  });
  it('refuses a list of the wrong type as WRONG_TYPE', () => {
    for (const type of ['ymt-status-list', 'ymt-trust-list ', 'YMT-TRUST-LIST', 'ymt-trust-list-v2', '', undefined, 1]) {
      expect(refusalOf(trust(signEnvelope(trustPayload({ type })))), String(type)).toBe('WRONG_TYPE');
    }
  });
  it('refuses a status list given to parseTrustList as WRONG_TYPE', () => {
    expect(refusalOf(trust(signEnvelope(statusPayload())))).toBe('WRONG_TYPE');
  });
  it('refuses a signed payload that is not a JSON object as BAD_STRUCTURE', () => {
    for (const text of ['[]', '[{"type":"ymt-trust-list"}]', 'null', '"ymt-trust-list"', '7', 'true', '', '{"type":"ymt-trust-list",', 'not json']) {
      expect(refusalOf(trust(envelopeOfBytes(utf8Encode(text)))), text).toBe('BAD_STRUCTURE');
    }
    // a JSON object, but not in UTF-8
    const invalidUtf8 = Uint8Array.from([...utf8Encode('{"type":"ymt-trust-list","x":"'), 0xff, ...utf8Encode('"}')]);
    expect(refusalOf(trust(envelopeOfBytes(invalidUtf8)))).toBe('BAD_STRUCTURE');
  });
  it('refuses a list lacking seq, or whose seq is not a whole number, as BAD_STRUCTURE', () => {
    for (const seq of [undefined, '7', -1, 7.5, null, [7], 2 ** 53]) {
      expect(refusalOf(trust(signEnvelope(trustPayload({ seq })))), String(seq)).toBe('BAD_STRUCTURE');
    }
  });
  it('refuses a trust list lacking expiresAt, or whose expiresAt is not a whole number, as BAD_STRUCTURE', () => {
    for (const expiresAt of [undefined, String(NOW + DAY), -1, NOW + 0.5, null]) {
      expect(refusalOf(trust(signEnvelope(trustPayload({ expiresAt })))), String(expiresAt)).toBe('BAD_STRUCTURE');
    }
  });
  it('refuses a trust list lacking keys, or whose keys is not an array, as BAD_STRUCTURE', () => {
    for (const keys of [undefined, null, {}, keyEntry(), 'keys']) {
      expect(refusalOf(trust(signEnvelope(trustPayload({ keys })))), JSON.stringify(keys)).toBe('BAD_STRUCTURE');
    }
  });
});

describe('trust list key entries that are ignored', () => {
  const good = keyEntry();
  const without = (field: string): Record<string, unknown> => {
    const e: Record<string, unknown> = { ...good };
    delete e[field];
    return e;
  };
  const bad: [string, unknown][] = [
    ['its kid is another key\'s', { ...good, kid: base64urlEncode(OTHER.kid) }],
    ['its kid is the last 8 bytes of the SHA-256', { ...good, kid: base64urlEncode(sha256(ISSUER.publicKey).slice(24, 32)) }],
    ['its kid is 9 bytes (the SHA-256 prefix and one more)', { ...good, kid: base64urlEncode(sha256(ISSUER.publicKey).slice(0, 9)) }],
    ['its kid is 7 bytes', { ...good, kid: base64urlEncode(sha256(ISSUER.publicKey).slice(0, 7)) }],
    ['its kid is padded base64url', { ...good, kid: `${String(good.kid)}=` }],
    ['its public key is 31 bytes', { ...good, publicKey: base64urlEncode(ISSUER.publicKey.slice(0, 31)) }],
    ['its public key is another key\'s', { ...good, publicKey: base64urlEncode(OTHER.publicKey) }],
    ['its public key is standard base64', { ...good, publicKey: Buffer.from(ISSUER.publicKey).toString('base64') }],
    ['it lacks kid', without('kid')],
    ['it lacks publicKey', without('publicKey')],
    ['it lacks issuer', without('issuer')],
    ['it lacks kinds', without('kinds')],
    ['it lacks notBefore', without('notBefore')],
    ['it lacks notAfter', without('notAfter')],
    ['its issuer has 5 digits', { ...good, issuer: '61010' }],
    ['its issuer has 7 digits', { ...good, issuer: '6101000' }],
    ['its issuer is a number', { ...good, issuer: 610100 }],
    ['its issuer has a letter', { ...good, issuer: '61010a' }],
    ['its issuer has full-width digits', { ...good, issuer: '\uff16\uff11\uff10\uff11\uff10\uff10' }],
    ['its issuer ends with a newline', { ...good, issuer: '610100\n' }],
    ['its kinds contain 3', { ...good, kinds: [1, 3] }],
    ['its kinds contain the string "2"', { ...good, kinds: [1, '2'] }],
    ['its kinds is not an array', { ...good, kinds: 1 }],
    ['its notBefore is a string', { ...good, notBefore: String(NOW - DAY) }],
    ['its notBefore is negative', { ...good, notBefore: -1 }],
    ['its notAfter is fractional', { ...good, notAfter: NOW + 0.5 }],
    ['its notAfter is null', { ...good, notAfter: null }],
    ['it is not an object', 'kid'],
    ['it is null', null],
    ['it is an array', [good]],
  ];
  it.each(bad)('ignores an entry when %s, and counts it in ignoredKeys', (_label, entry) => {
    const list = accepted(trust(signEnvelope(trustPayload({ keys: [entry, keyEntry({ key: OTHER })] }))));
    expect(list.ignoredKeys).toBe(1);
    expect(list.keys.map((k) => k.kid)).toEqual([base64urlEncode(OTHER.kid)]);
    expect(list.byKid.has(base64urlEncode(ISSUER.kid))).toBe(false);
  });
  it('counts every ignored entry and keeps every good one', () => {
    const list = accepted(trust(signEnvelope(trustPayload({ keys: [...bad.map(([, e]) => e), good, keyEntry({ kinds: [2] })] }))));
    expect(list.ignoredKeys).toBe(bad.length);
    expect(list.keys).toHaveLength(2);
    expect(list.byKid.get(base64urlEncode(ISSUER.kid))?.map((k) => k.kinds)).toEqual([[1, 2], [2]]);
  });
});

describe('a status list', () => {
  const cidA = sha256(utf8Encode('signed-list/cid/a')).slice(0, 16);
  const cidB = sha256(utf8Encode('signed-list/cid/b')).slice(0, 16);
  const cidC = sha256(utf8Encode('signed-list/cid/c')).slice(0, 16);

  it('indexes entries by cid and by sidh, keeping revocations', () => {
    const list = statusList([
      { cid: base64urlEncode(cidA), color: 2, at: NOW - 7200 },
      { sidh: sidh(ADULT_ID), color: 1, at: NOW - 3600 },
      { cid: base64urlEncode(cidB), revoked: true, at: NOW - 60 },
      { cid: base64urlEncode(cidA), color: 0, at: NOW - 60 },
      { cid: base64urlEncode(cidC), sidh: sidh(ADULT_ID), color: 0, at: NOW - 30 },
    ]);
    expect(list.type).toBe('ymt-status-list');
    expect(list.seq).toBe(3);
    expect(list.issuedAt).toBe(NOW - 3600);
    expect(list.ignoredEntries).toBe(0);
    expect(list.entries).toHaveLength(5);
    expect(list.byCid.get(base64urlEncode(cidA))?.map((e) => e.color)).toEqual([2, 0]);
    expect(list.byCid.get(base64urlEncode(cidB))).toEqual([{ cid: base64urlEncode(cidB), sidh: null, color: null, revoked: true, at: NOW - 60 }]);
    expect(list.bySidh.get(sidh(ADULT_ID))?.map((e) => e.color)).toEqual([1, 0]);
    expect(list.byCid.get(base64urlEncode(cidC))?.[0]).toBe(list.bySidh.get(sidh(ADULT_ID))?.[1]);
    expect(list.entries[1]).toEqual({ cid: null, sidh: sidh(ADULT_ID), color: 1, revoked: false, at: NOW - 3600 });
  });
  it('keeps a revocation whatever its at, even none', () => {
    const list = statusList([
      { cid: base64urlEncode(cidA), revoked: true },
      { cid: base64urlEncode(cidB), revoked: true, at: 'yesterday' },
    ]);
    expect(list.entries.map((e) => e.revoked)).toEqual([true, true]);
    expect(list.entries.map((e) => e.at)).toEqual([null, null]);
  });
  it('does not take a revoked value other than true as a revocation', () => {
    const list = statusList([
      { cid: base64urlEncode(cidA), revoked: 'true', at: NOW },
      { cid: base64urlEncode(cidB), revoked: 1, at: NOW },
    ]);
    expect(list.entries.map((e) => e.revoked)).toEqual([false, false]);
  });
  it('gives no colour to an entry whose color is not 0, 1 or 2', () => {
    const list = statusList([3, -1, '2', 1.5, null].map((color, i) => ({ cid: base64urlEncode(sha256(utf8Encode(`c${i}`)).slice(0, 16)), color, at: NOW })));
    expect(list.entries.every((e) => e.color === null)).toBe(true);
  });
  it('ignores malformed entries and counts them', () => {
    const malformed: unknown[] = [
      null,
      'entry',
      [base64urlEncode(cidA)],
      { color: 2, at: NOW },
      { cid: base64urlEncode(cidA.slice(0, 15)), color: 2, at: NOW },
      { cid: base64urlEncode(Uint8Array.of(...cidA, 0)), color: 2, at: NOW },
      { cid: 12345, color: 2, at: NOW },
      { cid: `${base64urlEncode(cidA)}==`, color: 2, at: NOW },
      { sidh: sidh(ADULT_ID).slice(0, 20), color: 1, at: NOW },
      { sidh: ADULT_ID, color: 1, at: NOW },
    ];
    const list = statusList([...malformed, { cid: base64urlEncode(cidB), color: 1, at: NOW }]);
    expect(list.ignoredEntries).toBe(malformed.length);
    expect(list.entries).toHaveLength(1);
    expect([...list.byCid.keys()]).toEqual([base64urlEncode(cidB)]);
    expect(list.bySidh.size).toBe(0);
  });
  it('refuses a status list lacking seq or entries as BAD_STRUCTURE', () => {
    expect(refusalOf(status(signEnvelope(statusPayload({ seq: undefined }))))).toBe('BAD_STRUCTURE');
    expect(refusalOf(status(signEnvelope(statusPayload({ seq: '3' }))))).toBe('BAD_STRUCTURE');
    expect(refusalOf(status(signEnvelope(statusPayload({ entries: undefined }))))).toBe('BAD_STRUCTURE');
    expect(refusalOf(status(signEnvelope(statusPayload({ entries: {} }))))).toBe('BAD_STRUCTURE');
  });
  it('does not need expiresAt or issuedAt', () => {
    const list = accepted(status(signEnvelope(statusPayload({ issuedAt: undefined }))));
    expect(list.issuedAt).toBeNull();
    expect(list.entries).toEqual([]);
  });
  it('refuses a trust list given to parseStatusList as WRONG_TYPE', () => {
    expect(refusalOf(status(signEnvelope(trustPayload())))).toBe('WRONG_TYPE');
  });
  it('refuses a status list signed by another key, or altered, as BAD_SIGNATURE', () => {
    expect(refusalOf(status(signEnvelope(statusPayload(), OTHER)))).toBe('BAD_SIGNATURE');
    const good = signEnvelope(statusPayload());
    const altered = signEnvelope(statusPayload({ entries: [{ cid: base64urlEncode(cidA), revoked: true, at: NOW }] }));
    expect(refusalOf(status({ payload: altered.payload, signature: good.signature }))).toBe('BAD_SIGNATURE');
  });
});

describe('parseSignedList', () => {
  it('dispatches on the signed type', () => {
    const t = accepted(parseSignedList(signEnvelope(trustPayload()), ROOT.publicKey, tweetnaclVerify));
    expect(t.type).toBe('ymt-trust-list');
    expect(t).toEqual(accepted(trust(signEnvelope(trustPayload()))));
    const s = accepted(parseSignedList(signEnvelope(statusPayload({ entries: [{ sidh: sidh(ADULT_ID), color: 2, at: NOW }] })), ROOT.publicKey, tweetnaclVerify));
    expect(s.type).toBe('ymt-status-list');
    expect(s.type === 'ymt-status-list' && s.entries).toHaveLength(1);
  });
  it('refuses any other type as WRONG_TYPE, and checks the signature first', () => {
    expect(refusalOf(parseSignedList(signEnvelope(trustPayload({ type: 'ymt-revocation-list' })), ROOT.publicKey, tweetnaclVerify))).toBe('WRONG_TYPE');
    expect(refusalOf(parseSignedList(signEnvelope(trustPayload({ type: 'ymt-revocation-list' }), OTHER), ROOT.publicKey, tweetnaclVerify))).toBe('BAD_SIGNATURE');
    expect(refusalOf(parseSignedList({ payload: 'e30' }, ROOT.publicKey, tweetnaclVerify))).toBe('NOT_JSON');
  });
  it('applies each type\'s structure rules', () => {
    expect(refusalOf(parseSignedList(signEnvelope(trustPayload({ expiresAt: undefined })), ROOT.publicKey, tweetnaclVerify))).toBe('BAD_STRUCTURE');
    expect(refusalOf(parseSignedList(signEnvelope(statusPayload({ entries: undefined })), ROOT.publicKey, tweetnaclVerify))).toBe('BAD_STRUCTURE');
  });
});

describe('checkListUpgrade', () => {
  const t7 = trustList({ seq: 7 });
  it('accepts any list when nothing is installed', () => {
    expect(checkListUpgrade(null, trustList({ seq: 0 }))).toEqual({ ok: true });
    expect(checkListUpgrade(null, statusList([], 0))).toEqual({ ok: true });
  });
  it('accepts a list with a higher seq', () => {
    expect(checkListUpgrade(t7, trustList({ seq: 8 }))).toEqual({ ok: true });
    expect(checkListUpgrade(t7, trustList({ seq: 1_000_000 }))).toEqual({ ok: true });
    expect(checkListUpgrade(statusList([], 3), statusList([], 4))).toEqual({ ok: true });
  });
  it('refuses a list with an equal seq as NOT_NEWER', () => {
    const r = checkListUpgrade(t7, trustList({ seq: 7, expiresAt: NOW + 30 * DAY }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.refusal).toBe('NOT_NEWER');
    expect(checkListUpgrade(statusList([], 3), statusList([], 3))).toMatchObject({ ok: false, refusal: 'NOT_NEWER' });
  });
  it('refuses a list with a lower seq as NOT_NEWER', () => {
    expect(checkListUpgrade(t7, trustList({ seq: 6 }))).toMatchObject({ ok: false, refusal: 'NOT_NEWER' });
    expect(checkListUpgrade(t7, trustList({ seq: 0 }))).toMatchObject({ ok: false, refusal: 'NOT_NEWER' });
    expect(checkListUpgrade(statusList([], 3), statusList([], 2))).toMatchObject({ ok: false, refusal: 'NOT_NEWER' });
  });
});

describe('the kit\'s envelopes', () => {
  it('are what the spec describes: base64url of the payload JSON bytes and of the signature', () => {
    const env = signEnvelope(trustPayload());
    expect(env.payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(new TextDecoder().decode(b64(env.payload)))).toEqual(trustPayload());
    expect(b64(env.signature)).toHaveLength(64);
  });
});
