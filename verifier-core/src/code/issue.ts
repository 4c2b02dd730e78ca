/**
 * Issuing YMT1 codes: the authority's side, for fixtures, training and site
 * acceptance tests. The kiosk never issues codes in production.
 */
import { base45Encode } from '../encoding/base45.js';
import { encodeCbor, Tagged, type EncodableValue } from '../encoding/cbor-encode.js';
import { sigStructure } from './cose-sign1.js';
import { COLOURS, type CodeKind, type CodeMode, type Colour } from './claims.js';

export interface CodeClaimsInput {
  readonly kind: CodeKind;
  readonly mode: CodeMode;
  readonly cid: Uint8Array;
  readonly iss: string;
  readonly iat: number;
  readonly exp: number;
  readonly name: string;
  readonly idNumber: string;
  readonly colour: Colour;
  readonly colourAt: number;
  readonly guardian?: { readonly maskedName: string; readonly phoneLast4: string } | undefined;
}

export interface Signer {
  readonly kid: Uint8Array;
  readonly sign: (message: Uint8Array) => Uint8Array;
}

/** The claims map in the spec's key order. */
export function claimsMap(c: CodeClaimsInput): Map<EncodableValue, EncodableValue> {
  const m = new Map<EncodableValue, EncodableValue>([
    [1, 1],
    [2, c.kind === 'personal' ? 1 : 2],
    [3, c.cid],
    [4, c.iss],
    [5, c.iat],
    [6, c.exp],
    [7, c.mode === 'live' ? 1 : 2],
    [8, new Map<EncodableValue, EncodableValue>([[1, c.name], [2, c.idNumber]])],
    [9, new Map<EncodableValue, EncodableValue>([[1, COLOURS.indexOf(c.colour)], [2, c.colourAt]])],
  ]);
  if (c.guardian) {
    m.set(10, new Map<EncodableValue, EncodableValue>([[1, c.guardian.maskedName], [2, c.guardian.phoneLast4]]));
  }
  return m;
}

export function protectedHeader(kid: Uint8Array): Uint8Array {
  return encodeCbor(new Map<EncodableValue, EncodableValue>([[1, -8], [4, kid]]));
}

export interface Sign1Parts {
  readonly protectedBytes: Uint8Array;
  readonly unprotected?: EncodableValue;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  /** Wrap in CBOR tag 18 (both forms are valid). */
  readonly tag18?: boolean;
}

/** Assembles a COSE_Sign1 and its QR text from already-encoded parts. */
export function sign1Text(p: Sign1Parts): string {
  const arr: EncodableValue = [
    p.protectedBytes,
    p.unprotected ?? new Map(),
    p.payloadBytes,
    p.signature,
  ];
  return `YMT1:${base45Encode(encodeCbor(p.tag18 ? new Tagged(18, arr) : arr))}`;
}

/** Signs the exact protected and payload bytes given. */
export function signParts(signer: Signer, payloadBytes: Uint8Array, protectedBytes = protectedHeader(signer.kid)): { protectedBytes: Uint8Array; payloadBytes: Uint8Array; signature: Uint8Array } {
  return { protectedBytes, payloadBytes, signature: signer.sign(sigStructure(protectedBytes, payloadBytes)) };
}

/** Issues a code in the common encoding. */
export function issueCode(claims: CodeClaimsInput, signer: Signer, opts: { tag18?: boolean } = {}): string {
  return sign1Text({ ...signParts(signer, encodeCbor(claimsMap(claims))), tag18: opts.tag18 ?? false });
}


