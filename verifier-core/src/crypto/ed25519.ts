/**
 * Ed25519 verification as the spec requires it, around a verify function the
 * caller injects (Node's native one in the kiosk and the CLI, tweetnacl as the
 * portable fallback).
 *
 * Policy: RFC 8032 §5.1.7 rejects a signature whose S is not below the group
 * order L. tweetnacl does not check it, so the check lives here, in front of
 * every implementation, and both give the same answer on every input.
 */
/** Verifies `signature` (64 bytes) over `message` with `publicKey` (32 bytes). Must not throw for any bytes. */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/** L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** True when the signature's S half (bytes 32..63, little-endian) is below L. */
export function isCanonicalS(signature: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const s = signature[32 + i] ?? 0;
    const l = L_LE[i] ?? 0;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}

/** Wraps an implementation with the length and S < L checks; never throws. */
export function strictEd25519(impl: Ed25519Verify): Ed25519Verify {
  return (signature, message, publicKey) => {
    if (signature.length !== 64 || publicKey.length !== 32) return false;
    if (!isCanonicalS(signature)) return false;
    try {
      return impl(signature, message, publicKey) === true;
    } catch {
      return false;
    }
  };
}

