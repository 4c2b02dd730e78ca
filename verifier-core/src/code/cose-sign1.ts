/** COSE_Sign1 (RFC 9052 §4.2) as YMT1 uses it: EdDSA, an 8-byte kid in the protected header. */
import { CborMap, CborTag, decodeCborExactlyOne, type CborValue } from '../encoding/cbor.js';

export interface Sign1 {
  /** The protected header's bytes exactly as received (signed as they are). */
  readonly protectedBytes: Uint8Array;
  readonly kid: Uint8Array;
  /** The payload's bytes exactly as received. */
  readonly payloadBytes: Uint8Array;
  readonly payload: CborMap;
  readonly signature: Uint8Array;
}

export type Sign1Parse = { ok: true; sign1: Sign1 } | { ok: false; error: string };

const COSE_SIGN1_TAG = 18;
const ALG_EDDSA = -8;

export function parseSign1(bytes: Uint8Array): Sign1Parse {
  const top = decodeCborExactlyOne(bytes);
  if (!top.ok) return { ok: false, error: top.error };
  let v: CborValue = top.value;
  if (v instanceof CborTag) {
    if (v.tag !== COSE_SIGN1_TAG) return { ok: false, error: `CBOR tag ${v.tag.toString()} is not COSE_Sign1 (18)` };
    v = v.value;
  }
  if (!Array.isArray(v) || v.length !== 4) return { ok: false, error: 'not a COSE_Sign1 array of four items' };
  const [protectedBytes, unprotected, payloadBytes, signature] = v;
  if (!(protectedBytes instanceof Uint8Array)) return { ok: false, error: 'protected header is not a byte string' };
  if (!(unprotected instanceof CborMap)) return { ok: false, error: 'unprotected header is not a map' };
  if (!(payloadBytes instanceof Uint8Array)) return { ok: false, error: 'payload is not a byte string' };
  if (!(signature instanceof Uint8Array)) return { ok: false, error: 'signature is not a byte string' };
  if (signature.length !== 64) return { ok: false, error: `signature has ${signature.length} bytes, not 64` };

  const prot = decodeCborExactlyOne(protectedBytes);
  if (!prot.ok) return { ok: false, error: `protected header: ${prot.error}` };
  if (!(prot.value instanceof CborMap)) return { ok: false, error: 'protected header is not a map' };
  const alg = prot.value.get(1);
  if (alg !== ALG_EDDSA) return { ok: false, error: 'alg is not EdDSA (-8)' };
  const kid = prot.value.get(4);
  if (!(kid instanceof Uint8Array)) return { ok: false, error: 'kid missing from the protected header' };
  if (kid.length !== 8) return { ok: false, error: `kid has ${kid.length} bytes, not 8` };

  const payload = decodeCborExactlyOne(payloadBytes);
  if (!payload.ok) return { ok: false, error: `payload: ${payload.error}` };
  if (!(payload.value instanceof CborMap)) return { ok: false, error: 'payload is not a claims map' };

  return { ok: true, sign1: { protectedBytes, kid, payloadBytes, payload: payload.value, signature } };
}

/** The bytes that are signed: CBOR of ["Signature1", protected, h'', payload]. */
export function sigStructure(protectedBytes: Uint8Array, payloadBytes: Uint8Array): Uint8Array {
  const ph = bstrHead(protectedBytes.length);
  const pl = bstrHead(payloadBytes.length);
  const label = SIGNATURE1_LABEL;
  const out = new Uint8Array(1 + label.length + ph.length + protectedBytes.length + 1 + pl.length + payloadBytes.length);
  let o = 0;
  out[o++] = 0x84;
  out.set(label, o);
  o += label.length;
  out.set(ph, o);
  o += ph.length;
  out.set(protectedBytes, o);
  o += protectedBytes.length;
  out[o++] = 0x40;
  out.set(pl, o);
  o += pl.length;
  out.set(payloadBytes, o);
  return out;
}

/** CBOR tstr "Signature1". */
const SIGNATURE1_LABEL = Uint8Array.of(0x6a, 0x53, 0x69, 0x67, 0x6e, 0x61, 0x74, 0x75, 0x72, 0x65, 0x31);

function bstrHead(n: number): number[] {
  if (n < 24) return [0x40 | n];
  if (n < 0x100) return [0x58, n];
  if (n < 0x10000) return [0x59, n >> 8, n & 0xff];
  return [0x5a, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
