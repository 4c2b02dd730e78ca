/**
 * The portable Ed25519: tweetnacl, pure JavaScript (about 70 verifications a
 * second on the kiosk's hardware against Node's 5,500). Kept apart from
 * ed25519.ts so that code which injects Node's native verify never loads it.
 */
import nacl from 'tweetnacl';
import { strictEd25519, type Ed25519Verify } from './ed25519.js';

export const tweetnaclVerify: Ed25519Verify = strictEd25519((signature, message, publicKey) =>
  nacl.sign.detached.verify(message, signature, publicKey),
);

/** Signs with a 32-byte seed; deterministic (RFC 8032). For issuing fixtures and training codes. */
export function ed25519KeyPairFromSeed(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  if (seed.length !== 32) throw new RangeError(`seed: expected 32 bytes, got ${seed.length}`);
  return nacl.sign.keyPair.fromSeed(seed);
}

export function ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== 64) throw new RangeError(`secretKey: expected 64 bytes, got ${secretKey.length}`);
  return nacl.sign.detached(message, secretKey);
}
