/**
 * Test kit: deterministic keys, signed lists and codes issued with any
 * claims or encoding, so tests reach every rule of the spec (the vectors
 * only show common encodings).
 */
import {
  base64urlEncode,
  claimsMap,
  ed25519KeyPairFromSeed,
  ed25519Sign,
  encodeCbor,
  issueCode,
  kidOf,
  parseStatusList,
  parseTrustList,
  protectedHeader,
  sha256,
  sign1Text,
  signParts,
  tweetnaclVerify,
  utf8Encode,
  type CodeClaimsInput,
  type EncodableValue,
  type Signer,
  type StatusList,
  type TrustList,
  type VerifyOptions,
} from '../src/index.js';
import { nodeEd25519Signer, nodeEd25519Verify } from '../cli/node-ed25519.js';

export interface TestKey {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly kid: Uint8Array;
  readonly signer: Signer;
}

export function testKey(label: string): TestKey {
  const seed = sha256(utf8Encode(label));
  const kp = ed25519KeyPairFromSeed(seed);
  const kid = kidOf(kp.publicKey);
  // Node's native signer: same bytes as tweetnacl (RFC 8032 is deterministic), much faster.
  return { ...kp, kid, signer: { kid, sign: nodeEd25519Signer(seed, kp.publicKey) } };
}

export const ROOT = testKey('kit/root');
export const ISSUER = testKey('kit/issuer');

/** 2026-03-18T10:00:00+08:00 */
export const NOW = 1773799200;
export const DAY = 86400;

export function signEnvelope(payload: unknown, key: TestKey = ROOT): { payload: string; signature: string } {
  const bytes = utf8Encode(JSON.stringify(payload));
  return { payload: base64urlEncode(bytes), signature: base64urlEncode(ed25519Sign(bytes, key.secretKey)) };
}

export interface KeyEntryInput {
  key?: TestKey;
  issuer?: string;
  kinds?: number[];
  notBefore?: number;
  notAfter?: number;
}

export function keyEntry(e: KeyEntryInput = {}): Record<string, unknown> {
  const key = e.key ?? ISSUER;
  return {
    kid: base64urlEncode(key.kid),
    publicKey: base64urlEncode(key.publicKey),
    issuer: e.issuer ?? '610100',
    kinds: e.kinds ?? [1, 2],
    notBefore: e.notBefore ?? NOW - 365 * DAY,
    notAfter: e.notAfter ?? NOW + 365 * DAY,
  };
}

export function trustPayload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'ymt-trust-list', version: 1, seq: 7, issuedAt: NOW - DAY, expiresAt: NOW + 14 * DAY, keys: [keyEntry()], ...over };
}

export function trustList(over: Record<string, unknown> = {}): TrustList {
  const r = parseTrustList(signEnvelope(trustPayload(over)), ROOT.publicKey, tweetnaclVerify);
  if (!r.ok) throw new Error(`kit: trust list refused: ${r.message}`);
  return r.list;
}

export function statusList(entries: unknown[], seq = 3): StatusList {
  const r = parseStatusList(signEnvelope({ type: 'ymt-status-list', version: 1, seq, issuedAt: NOW - 3600, entries }), ROOT.publicKey, tweetnaclVerify);
  if (!r.ok) throw new Error(`kit: status list refused: ${r.message}`);
  return r.list;
}

export function sidh(idNumber: string): string {
  return base64urlEncode(sha256(utf8Encode(idNumber)).subarray(0, 16));
}

/** An ID number with a correct check character for a birth date YYYYMMDD. */
export function idFor(birth: string, region = '610102', seq = '123'): string {
  const first17 = region + birth + seq;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (w[i] ?? 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

export const ADULT_ID = idFor('19900101');
export const CHILD_ID = idFor('20190601');
export const ELDER_ID = idFor('19540301');

let cidCounter = 0;
export function freshCid(): Uint8Array {
  cidCounter++;
  return sha256(utf8Encode(`kit/cid/${cidCounter}`)).slice(0, 16);
}

export function claims(over: Partial<CodeClaimsInput> = {}): CodeClaimsInput {
  const kind = over.kind ?? 'personal';
  return {
    kind,
    mode: 'live',
    cid: freshCid(),
    iss: '610100',
    iat: NOW - 60,
    exp: NOW + 240,
    name: '张三',
    idNumber: kind === 'kin' ? CHILD_ID : ADULT_ID,
    colour: 'green',
    colourAt: NOW - 60,
    guardian: kind === 'kin' ? { maskedName: '张*明', phoneLast4: '1234' } : undefined,
    ...over,
  };
}

export function issue(over: Partial<CodeClaimsInput> = {}, key: TestKey = ISSUER, tag18 = false): string {
  return issueCode(claims(over), key.signer, { tag18 });
}

/** Signs arbitrary claims bytes (any CBOR encoding) with the issuer key. */
export function issueRaw(payloadBytes: Uint8Array, opts: { key?: TestKey; protectedBytes?: Uint8Array; unprotected?: EncodableValue; tag18?: boolean } = {}): string {
  const key = opts.key ?? ISSUER;
  const parts = signParts(key.signer, payloadBytes, opts.protectedBytes ?? protectedHeader(key.kid));
  return sign1Text({ ...parts, unprotected: opts.unprotected ?? new Map(), tag18: opts.tag18 ?? false });
}

/** The claims map of `claims(over)` with changes applied, encoded canonically. */
export function claimsBytes(over: Partial<CodeClaimsInput> = {}, edit?: (m: Map<EncodableValue, EncodableValue>) => void): Uint8Array {
  const m = claimsMap(claims(over));
  edit?.(m);
  return encodeCbor(m);
}

export function options(over: Partial<VerifyOptions> = {}): VerifyOptions {
  return { now: NOW, trustList: trustList(), statusList: null, site: 'testing', skew: 120, verify: nodeEd25519Verify, ...over };
}
