/**
 * Trust lists and status lists (spec §5): JSON envelopes signed by the
 * authority's root key. Parsing is pure; installing compares `seq`.
 */
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { utf8Decode } from '../encoding/utf8.js';
import type { Ed25519Verify } from '../crypto/ed25519.js';
import { sha256 } from '../crypto/sha256.js';

export const TRUST_LIST_TYPE = 'ymt-trust-list';
export const STATUS_LIST_TYPE = 'ymt-status-list';

export interface TrustKey {
  readonly kid: string; // base64url of 8 bytes
  readonly publicKey: Uint8Array;
  readonly publicKeyB64: string;
  readonly issuer: string;
  readonly kinds: readonly number[];
  readonly notBefore: number;
  readonly notAfter: number;
}

export interface TrustList {
  readonly type: typeof TRUST_LIST_TYPE;
  readonly seq: number;
  readonly issuedAt: number | null;
  readonly expiresAt: number;
  readonly keys: readonly TrustKey[];
  /** Entries ignored for a bad kid or a missing or malformed field. */
  readonly ignoredKeys: number;
  /** Keys by kid (base64url); several entries may share one. */
  readonly byKid: ReadonlyMap<string, readonly TrustKey[]>;
}

export interface StatusEntry {
  readonly cid: string | null; // base64url of 16 bytes
  readonly sidh: string | null; // base64url of 16 bytes
  readonly color: 0 | 1 | 2 | null;
  readonly revoked: boolean;
  readonly at: number | null;
}

export interface StatusList {
  readonly type: typeof STATUS_LIST_TYPE;
  readonly seq: number;
  readonly issuedAt: number | null;
  readonly entries: readonly StatusEntry[];
  readonly ignoredEntries: number;
  readonly byCid: ReadonlyMap<string, readonly StatusEntry[]>;
  readonly bySidh: ReadonlyMap<string, readonly StatusEntry[]>;
}

export type SignedList = TrustList | StatusList;

export type ListRefusal =
  | 'NOT_JSON' // the file is not the {payload, signature} envelope
  | 'BAD_SIGNATURE' // the root key did not sign these bytes
  | 'WRONG_TYPE' // signed, but not the type asked for
  | 'BAD_STRUCTURE' // signed, but lacks seq / expiresAt / keys / entries
  | 'NOT_NEWER'; // seq not greater than the installed list's

export type ListParse<T> = { ok: true; list: T; payloadBytes: Uint8Array } | { ok: false; refusal: ListRefusal; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUintNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Reads the envelope and checks the root signature; returns the signed payload object. */
function openEnvelope(
  envelope: unknown,
  rootPublicKey: Uint8Array,
  verify: Ed25519Verify,
): { ok: true; payload: Record<string, unknown>; payloadBytes: Uint8Array } | { ok: false; refusal: ListRefusal; message: string } {
  if (!isRecord(envelope) || typeof envelope.payload !== 'string' || typeof envelope.signature !== 'string') {
    return { ok: false, refusal: 'NOT_JSON', message: 'not a signed list: expected {"payload": "...", "signature": "..."}' };
  }
  const payloadBytes = base64urlDecode(envelope.payload);
  const signature = base64urlDecode(envelope.signature);
  if (payloadBytes === null) return { ok: false, refusal: 'NOT_JSON', message: 'payload is not base64url' };
  if (signature === null || signature.length !== 64) {
    return { ok: false, refusal: 'BAD_SIGNATURE', message: 'signature is not 64 bytes of base64url' };
  }
  if (!verify(signature, payloadBytes, rootPublicKey)) {
    return { ok: false, refusal: 'BAD_SIGNATURE', message: 'the root key did not sign this list (wrong root key, or the file was altered)' };
  }
  const text = utf8Decode(payloadBytes);
  let payload: unknown;
  try {
    payload = text === null ? undefined : JSON.parse(text);
  } catch {
    payload = undefined;
  }
  if (!isRecord(payload)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'signed payload is not a JSON object' };
  return { ok: true, payload, payloadBytes };
}

function parseTrustKey(e: unknown): TrustKey | null {
  if (!isRecord(e)) return null;
  const { kid, publicKey, issuer, kinds, notBefore, notAfter } = e;
  if (typeof kid !== 'string' || typeof publicKey !== 'string') return null;
  const kidBytes = base64urlDecode(kid);
  const pub = base64urlDecode(publicKey);
  if (kidBytes === null || kidBytes.length !== 8 || pub === null || pub.length !== 32) return null;
  if (!bytesEqual(kidBytes, sha256(pub).subarray(0, 8))) return null;
  if (typeof issuer !== 'string' || !/^[0-9]{6}$/.test(issuer)) return null;
  if (!Array.isArray(kinds) || !kinds.every((k) => k === 1 || k === 2)) return null;
  if (!isUintNumber(notBefore) || !isUintNumber(notAfter)) return null;
  return { kid: base64urlEncode(kidBytes), publicKey: pub, publicKeyB64: base64urlEncode(pub), issuer, kinds: kinds as number[], notBefore, notAfter };
}

function parseStatusEntry(e: unknown): StatusEntry | null {
  if (!isRecord(e)) return null;
  const id16 = (v: unknown): string | null | undefined => {
    if (v === undefined) return null;
    if (typeof v !== 'string') return undefined;
    const b = base64urlDecode(v);
    return b !== null && b.length === 16 ? base64urlEncode(b) : undefined;
  };
  const cid = id16(e.cid);
  const sidh = id16(e.sidh);
  if (cid === undefined || sidh === undefined || (cid === null && sidh === null)) return null;
  const color = e.color === 0 || e.color === 1 || e.color === 2 ? e.color : null;
  const at = isUintNumber(e.at) ? e.at : null;
  return { cid, sidh, color, revoked: e.revoked === true, at };
}

type Opened = { payload: Record<string, unknown>; payloadBytes: Uint8Array };

/** Parses a signed trust list. `envelope` is the JSON value of the file. */
export function parseTrustList(envelope: unknown, rootPublicKey: Uint8Array, verify: Ed25519Verify): ListParse<TrustList> {
  const opened = openEnvelope(envelope, rootPublicKey, verify);
  return opened.ok ? buildTrustList(opened) : opened;
}

function buildTrustList(opened: Opened): ListParse<TrustList> {
  const p = opened.payload;
  if (p.type !== TRUST_LIST_TYPE) {
    return { ok: false, refusal: 'WRONG_TYPE', message: `type is ${JSON.stringify(p.type)}, not "${TRUST_LIST_TYPE}"` };
  }
  if (!isUintNumber(p.seq)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'seq missing or not a whole number' };
  if (!isUintNumber(p.expiresAt)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'expiresAt missing or not a whole number' };
  if (!Array.isArray(p.keys)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'keys missing or not an array' };
  const keys: TrustKey[] = [];
  const byKid = new Map<string, TrustKey[]>();
  for (const raw of p.keys as unknown[]) {
    const k = parseTrustKey(raw);
    if (k === null) continue;
    keys.push(k);
    const same = byKid.get(k.kid);
    if (same) same.push(k);
    else byKid.set(k.kid, [k]);
  }
  return {
    ok: true,
    payloadBytes: opened.payloadBytes,
    list: {
      type: TRUST_LIST_TYPE,
      seq: p.seq,
      issuedAt: isUintNumber(p.issuedAt) ? p.issuedAt : null,
      expiresAt: p.expiresAt,
      keys,
      ignoredKeys: p.keys.length - keys.length,
      byKid,
    },
  };
}

/** Parses a signed status list. */
export function parseStatusList(envelope: unknown, rootPublicKey: Uint8Array, verify: Ed25519Verify): ListParse<StatusList> {
  const opened = openEnvelope(envelope, rootPublicKey, verify);
  return opened.ok ? buildStatusList(opened) : opened;
}

function buildStatusList(opened: Opened): ListParse<StatusList> {
  const p = opened.payload;
  if (p.type !== STATUS_LIST_TYPE) {
    return { ok: false, refusal: 'WRONG_TYPE', message: `type is ${JSON.stringify(p.type)}, not "${STATUS_LIST_TYPE}"` };
  }
  if (!isUintNumber(p.seq)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'seq missing or not a whole number' };
  if (!Array.isArray(p.entries)) return { ok: false, refusal: 'BAD_STRUCTURE', message: 'entries missing or not an array' };
  const entries: StatusEntry[] = [];
  const byCid = new Map<string, StatusEntry[]>();
  const bySidh = new Map<string, StatusEntry[]>();
  const index = (m: Map<string, StatusEntry[]>, k: string, e: StatusEntry): void => {
    const same = m.get(k);
    if (same) same.push(e);
    else m.set(k, [e]);
  };
  for (const raw of p.entries as unknown[]) {
    const e = parseStatusEntry(raw);
    if (e === null) continue;
    entries.push(e);
    if (e.cid !== null) index(byCid, e.cid, e);
    if (e.sidh !== null) index(bySidh, e.sidh, e);
  }
  return {
    ok: true,
    payloadBytes: opened.payloadBytes,
    list: {
      type: STATUS_LIST_TYPE,
      seq: p.seq,
      issuedAt: isUintNumber(p.issuedAt) ? p.issuedAt : null,
      entries,
      ignoredEntries: p.entries.length - entries.length,
      byCid,
      bySidh,
    },
  };
}

/** Parses either kind of list, told apart by its signed `type`. */
export function parseSignedList(envelope: unknown, rootPublicKey: Uint8Array, verify: Ed25519Verify): ListParse<SignedList> {
  const opened = openEnvelope(envelope, rootPublicKey, verify);
  if (!opened.ok) return opened;
  if (opened.payload.type === TRUST_LIST_TYPE) return buildTrustList(opened);
  if (opened.payload.type === STATUS_LIST_TYPE) return buildStatusList(opened);
  return { ok: false, refusal: 'WRONG_TYPE', message: `type is neither "${TRUST_LIST_TYPE}" nor "${STATUS_LIST_TYPE}"` };
}

/**
 * Decides whether `candidate` may replace `installed` (spec §5): only a list
 * whose `seq` is greater than the installed one's. The caller keeps
 * `installed` when this refuses.
 */
export function checkListUpgrade<T extends SignedList>(installed: T | null, candidate: T): { ok: true } | { ok: false; refusal: 'NOT_NEWER'; message: string } {
  if (installed !== null && candidate.seq <= installed.seq) {
    return {
      ok: false,
      refusal: 'NOT_NEWER',
      message: `seq ${candidate.seq} is not greater than the installed list's seq ${installed.seq}; keeping the installed list`,
    };
  }
  return { ok: true };
}
