/**
 * Key files. A secret key file holds the 32-byte Ed25519 seed:
 *   {"type": "ymt-ed25519-secret-key", "seed": "<b64url>", "publicKey": "<b64url>", "kid": "<b64url>"}
 * The public half is what `--root-key` and trust-list entries take.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { base64urlDecode, base64urlEncode, ed25519KeyPairFromSeed, kidOf } from '../src/index.js';
import { UsageError } from './cli-error.js';

export const SECRET_KEY_TYPE = 'ymt-ed25519-secret-key';

export interface KeyPair {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly kid: Uint8Array;
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  const kp = ed25519KeyPairFromSeed(seed);
  return { seed, publicKey: kp.publicKey, secretKey: kp.secretKey, kid: kidOf(kp.publicKey) };
}

export function secretKeyJson(kp: KeyPair): string {
  return `${JSON.stringify({ type: SECRET_KEY_TYPE, seed: base64urlEncode(kp.seed), publicKey: base64urlEncode(kp.publicKey), kid: base64urlEncode(kp.kid) }, null, 2)}\n`;
}

export function publicKeyInfo(kp: KeyPair): { kid: string; publicKey: string } {
  return { kid: base64urlEncode(kp.kid), publicKey: base64urlEncode(kp.publicKey) };
}

export function writeSecretKeyFile(path: string, kp: KeyPair, overwrite: boolean): void {
  try {
    writeFileSync(path, secretKeyJson(kp), { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${path} already exists; pass --force to replace it (the old key is then lost)`);
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

export function readSecretKeyFile(path: string): KeyPair {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read key file ${path}: ${(e as Error).message}`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not JSON; expected a key file written by \`ymt keygen\``);
  }
  const rec = obj as Record<string, unknown> | null;
  if (typeof rec !== 'object' || rec === null || rec.type !== SECRET_KEY_TYPE || typeof rec.seed !== 'string') {
    throw new UsageError(`${path} is not a secret key file (type "${SECRET_KEY_TYPE}"); write one with \`ymt keygen\``);
  }
  const seed = base64urlDecode(rec.seed);
  if (seed === null || seed.length !== 32) throw new UsageError(`${path}: seed is not 32 bytes of base64url`);
  const kp = keyPairFromSeed(seed);
  if (typeof rec.publicKey === 'string' && rec.publicKey !== base64urlEncode(kp.publicKey)) {
    throw new UsageError(`${path}: publicKey does not belong to the seed; the file is damaged`);
  }
  return kp;
}
