/**
 * Verifying a scanned text against the spec (§6): the check order, the
 * effective colour and the outcome. Pure: the caller passes the time, the
 * lists, the site and the Ed25519 implementation.
 */
import { base45Decode } from './encoding/base45.js';
import { base64urlEncode } from './encoding/base64url.js';
import { utf8Encode } from './encoding/utf8.js';
import { parseSign1, sigStructure } from './code/cose-sign1.js';
import { parseClaims, COLOURS, type Claims, type CodeKind, type Colour, type Uint } from './code/claims.js';
import type { Ed25519Verify } from './crypto/ed25519.js';
import { sha256 } from './crypto/sha256.js';
import { ageOn, cstDateOf, formatDate } from './rules/cst-date.js';
import { checkResidentId, maskResidentId } from './rules/resident-id.js';
import type { StatusEntry, StatusList, TrustKey, TrustList } from './lists/signed-list.js';

export const REJECT_REASONS = [
  'NOT_YMT',
  'MALFORMED',
  'TRUST_LIST_EXPIRED',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'KEY_NOT_VALID',
  'INVALID_VALIDITY',
  'NOT_YET_VALID',
  'EXPIRED',
  'BAD_ID',
  'AGE_RULE',
  'REVOKED',
  'KIN_NOT_ACCEPTED',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export type PassReason = 'OK' | 'YELLOW' | 'RED';
export type Reason = RejectReason | PassReason;
export type Outcome = 'ACCEPT' | 'REFER' | 'REJECT';
export type SiteType = 'testing' | 'transport-hub';

export const DEFAULT_SKEW_SECONDS = 120;
export const MAX_LIVE_SECONDS = 300;
export const MAX_OFFLINE_SECONDS = 604_800;

export interface VerifyOptions {
  /** The verifying time, Unix seconds. */
  readonly now: number;
  readonly trustList: TrustList;
  readonly statusList?: StatusList | null;
  readonly site: SiteType;
  /** Allowed clock difference in seconds; 120 unless configured. */
  readonly skew?: number;
  /** Ed25519 verification, already wrapped by `strictEd25519`. */
  readonly verify: Ed25519Verify;
}

/** What the code says, once its signature is known to be the issuer's. */
export interface CodeDetails {
  readonly cid: string; // base64url
  readonly issuer: string;
  readonly kid: string; // base64url
  readonly mode: 'live' | 'offline';
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly name: string;
  /** Upper-case `X`; as carried when it broke §4. */
  readonly idNumber: string;
  readonly idMasked: string;
  readonly birthDate: string | null; // YYYY-MM-DD
  readonly ageAtIssue: number | null;
  readonly guardian: { readonly maskedName: string; readonly phoneLast4: string } | null;
  /** The colour the code itself carries and when it was computed. */
  readonly codeColor: Colour;
  readonly codeColorAt: number;
  /** The status-list entry that set the effective colour, if any. */
  readonly statusColorAt: number | null;
}

export interface VerifyResult {
  readonly outcome: Outcome;
  readonly reason: Reason;
  /** The effective colour for ACCEPT and REFER; null for REJECT. */
  readonly color: Colour | null;
  /** Known once the structure is valid (check 2), even when a later check fails. */
  readonly kind: CodeKind | null;
  /** Present once the signature has verified (after check 5). */
  readonly code: CodeDetails | null;
  /** Why, in a sentence, for logs and diagnostics (English). */
  readonly detail: string;
}

const PREFIX = 'YMT1:';
const HAS_LOWER = /[a-z]/;

function reject(reason: RejectReason, kind: CodeKind | null, detail: string, code: CodeDetails | null = null): VerifyResult {
  return { outcome: 'REJECT', reason, color: null, kind, code, detail };
}

/** Upper-cases ASCII letters only (a Caps Lock inversion), leaving every other character alone. */
function asciiUpper(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : s.charAt(i);
  }
  return out;
}

const toBig = (v: Uint | number): bigint => (typeof v === 'bigint' ? v : BigInt(v));

/** Compares two unsigned values that may be bigint. */
function cmp(a: Uint | number, b: Uint | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = toBig(a);
  const y = toBig(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function keyValidFor(k: TrustKey, c: Claims): boolean {
  return (
    cmp(c.iat, k.notBefore) >= 0 &&
    cmp(c.iat, k.notAfter) <= 0 &&
    k.kinds.includes(c.kind === 'personal' ? 1 : 2) &&
    k.issuer === c.iss
  );
}

function severity(c: Colour): number {
  return COLOURS.indexOf(c);
}

export function verifyCode(input: string, opts: VerifyOptions): VerifyResult {
  // 1. The prefix, after trimming and undoing a Caps Lock inversion.
  let text = input.trim();
  if (text.length < PREFIX.length || asciiUpper(text.slice(0, PREFIX.length)) !== PREFIX) {
    return reject('NOT_YMT', null, 'no YMT1: prefix');
  }
  if (HAS_LOWER.test(text)) text = asciiUpper(text);

  // 2. Structure.
  const b45 = base45Decode(text.slice(PREFIX.length));
  if (!b45.ok) return reject('MALFORMED', null, b45.error);
  const parsed = parseSign1(b45.bytes);
  if (!parsed.ok) return reject('MALFORMED', null, parsed.error);
  const { sign1 } = parsed;
  const claimsParse = parseClaims(sign1.payload);
  if (!claimsParse.ok) return reject('MALFORMED', null, claimsParse.error);
  const c = claimsParse.claims;
  const kind = c.kind;

  // 3. Trust list freshness (no skew).
  const { trustList, now } = opts;
  if (now >= trustList.expiresAt) return reject('TRUST_LIST_EXPIRED', kind, 'the trust list has expired; install a newer one');

  // 4. A key with this kid.
  const kid = base64urlEncode(sign1.kid);
  const candidates = trustList.byKid.get(kid);
  if (candidates === undefined || candidates.length === 0) return reject('UNKNOWN_KEY', kind, `no trusted key has kid ${kid}`);

  // 5. The signature, by any key with that kid.
  const message = sigStructure(sign1.protectedBytes, sign1.payloadBytes);
  let signers: readonly TrustKey[];
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only !== undefined) {
    signers = opts.verify(sign1.signature, message, only.publicKey) ? candidates : [];
  } else {
    // Entries that share a kid usually share the public key: verify each key once.
    const verdicts = new Map<string, boolean>();
    signers = candidates.filter((k) => {
      let ok = verdicts.get(k.publicKeyB64);
      if (ok === undefined) {
        ok = opts.verify(sign1.signature, message, k.publicKey);
        verdicts.set(k.publicKeyB64, ok);
      }
      return ok;
    });
  }
  if (signers.length === 0) return reject('BAD_SIGNATURE', kind, 'the signature does not verify with the trusted key');

  // From here the content is the issuer's: report it.
  const details = describe(c, kid);

  // 6. The key's window, kinds and region.
  if (!signers.some((k) => keyValidFor(k, c))) {
    return reject('KEY_NOT_VALID', kind, 'the signing key is not valid for this code (time window, kind or region)', details);
  }

  // 7. The validity span.
  const span = toBig(c.exp) - toBig(c.iat);
  const maxSpan = c.mode === 'live' ? MAX_LIVE_SECONDS : MAX_OFFLINE_SECONDS;
  if (span <= 0n || span > BigInt(maxSpan)) {
    return reject('INVALID_VALIDITY', kind, `validity span ${span.toString()} s is not within 1..${maxSpan} s for a ${c.mode} code`, details);
  }

  // 8-9. The clock, with skew.
  const skew = opts.skew ?? DEFAULT_SKEW_SECONDS;
  if (cmp(c.iat, now + skew) > 0) return reject('NOT_YET_VALID', kind, 'issued in the future (check the kiosk clock)', details);
  if (cmp(now, toBig(c.exp) + BigInt(skew)) >= 0) return reject('EXPIRED', kind, 'the code has expired', details);

  // iat <= now + skew here, so it is a safe number.
  const iat = Number(c.iat);
  const iatDay = cstDateOf(iat);

  // 10. The ID number.
  const id = checkResidentId(c.idNumber, iatDay);
  if (!id.ok) return reject('BAD_ID', kind, `resident ID number ${id.problem}`, details);
  const age = ageOn(id.birthDate, iatDay);
  const full = describe(c, kid, { id: id.id, birthDate: formatDate(id.birthDate), age });

  // 11. Who may hold a kin code.
  if (kind === 'kin' && age >= 17 && age <= 59) {
    return reject('AGE_RULE', kind, `a kin code is for ages 0-16 and 60+, the holder was ${age}`, full);
  }

  // 12. Revocation; and the status entries that apply, for the colour.
  const entries = applicableEntries(opts.statusList ?? null, full.cid, id.id);
  if (entries.some((e) => e.revoked)) return reject('REVOKED', kind, 'the code was revoked (for a kin code: the binding was removed)', full);

  // 13. Site rules.
  if (kind === 'kin' && opts.site === 'transport-hub') {
    return reject('KIN_NOT_ACCEPTED', kind, 'kin codes are not accepted at transport hubs', full);
  }

  // The effective colour.
  let colour = c.colour;
  let statusColorAt: number | null = null;
  let latestAt = -1;
  let latestColour: Colour | null = null;
  for (const e of entries) {
    if (e.color === null || e.at === null) continue;
    const ec = COLOURS[e.color] ?? 'red';
    if (e.at > latestAt || (e.at === latestAt && latestColour !== null && severity(ec) > severity(latestColour))) {
      latestAt = e.at;
      latestColour = ec;
    }
  }
  if (latestColour !== null && cmp(latestAt, c.colourAt) > 0) {
    colour = latestColour;
    statusColorAt = latestAt;
  }
  const result = statusColorAt === null ? full : describe(c, kid, { id: id.id, birthDate: formatDate(id.birthDate), age }, statusColorAt);
  switch (colour) {
    case 'green':
      return { outcome: 'ACCEPT', reason: 'OK', color: 'green', kind, code: result, detail: 'valid, green' };
    case 'yellow':
      return { outcome: 'REFER', reason: 'YELLOW', color: 'yellow', kind, code: result, detail: 'valid, yellow: single-tube lane' };
    case 'red':
      return { outcome: 'REFER', reason: 'RED', color: 'red', kind, code: result, detail: 'valid, red: single-tube lane' };
    default:
      return assertNever(colour);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}

/** The code's details as one object literal (no spreads: callers serialise these per scan). */
function describe(c: Claims, kid: string, id: { id: string; birthDate: string; age: number } | null = null, statusColorAt: number | null = null): CodeDetails {
  const safe = (v: Uint): number => (typeof v === 'bigint' ? Number(v) : v);
  const idNumber = id === null ? c.idNumber : id.id;
  return {
    cid: base64urlEncode(c.cid),
    issuer: c.iss,
    kid,
    mode: c.mode,
    issuedAt: safe(c.iat),
    expiresAt: safe(c.exp),
    name: c.name,
    idNumber,
    idMasked: maskResidentId(idNumber),
    birthDate: id === null ? null : id.birthDate,
    ageAtIssue: id === null ? null : id.age,
    guardian: c.guardian,
    codeColor: c.colour,
    codeColorAt: safe(c.colourAt),
    statusColorAt,
  };
}

/** The status-list entries whose cid is the code's, or whose sidh is the subject's. */
function applicableEntries(list: StatusList | null, cid: string, idNumber: string): StatusEntry[] {
  if (list === null) return [];
  const byCid = list.byCid.get(cid) ?? [];
  if (list.bySidh.size === 0) return [...byCid];
  const sidh = sidhOf(idNumber);
  const bySidh = list.bySidh.get(sidh) ?? [];
  if (byCid.length === 0) return [...bySidh];
  return [...new Set([...byCid, ...bySidh])];
}

/** The first 16 bytes of the SHA-256 of the ASCII ID number (upper-case X), base64url. */
export function sidhOf(idNumber: string): string {
  return base64urlEncode(sha256(utf8Encode(idNumber)).subarray(0, 16));
}
