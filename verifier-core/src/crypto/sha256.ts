/** SHA-256 from @noble/hashes: audited, pure, no platform imports (kids and sidh need it in the pure core). */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** The key id of an issuer key: the first 8 bytes of the SHA-256 of its 32-byte public key. */
export function kidOf(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32) throw new RangeError(`publicKey: expected 32 bytes, got ${publicKey.length}`);
  return sha256(publicKey).slice(0, 8);
}
