/**
 * Node's native Ed25519 (OpenSSL), about 80x faster than tweetnacl here. The
 * kiosk's Node process and the CLI inject it into verifier-core, wrapped by
 * `strictEd25519` so that it applies the same S < L rule as the portable one.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { strictEd25519, type Ed25519Verify } from '../src/crypto/ed25519.js';

const keyCache = new WeakMap<Uint8Array, KeyObject>();

export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  let k = keyCache.get(publicKey);
  if (k === undefined) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
    keyCache.set(publicKey, k);
  }
  return k;
}

export const nodeEd25519Verify: Ed25519Verify = strictEd25519((signature, message, publicKey) =>
  verify(null, message, ed25519PublicKeyObject(publicKey), signature),
);

/** Signs with a 32-byte seed through Node's native Ed25519 (same bytes as tweetnacl: RFC 8032 is deterministic). */
export function nodeEd25519Signer(seed: Uint8Array, publicKey: Uint8Array): (message: Uint8Array) => Uint8Array {
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(seed).toString('base64url'), x: Buffer.from(publicKey).toString('base64url') },
    format: 'jwk',
  });
  return (message) => new Uint8Array(sign(null, message, key));
}
