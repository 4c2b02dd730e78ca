/** Reading signed list files for the CLI and the kiosk: file errors and refusals become messages that name the file. */
import { readFileSync } from 'node:fs';
import type { Ed25519Verify } from '../src/crypto/ed25519.js';
import { parseSignedList, type ListParse, type SignedList } from '../src/lists/signed-list.js';

export type LoadedList = { ok: true; list: SignedList } | { ok: false; message: string };

export function loadListFile(path: string, rootPublicKey: Uint8Array, verify: Ed25519Verify): LoadedList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read ${path}: ${(e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `${path} is not JSON: expected a signed list {"payload": ..., "signature": ...}` };
  }
  const parsed: ListParse<SignedList> = parseSignedList(json, rootPublicKey, verify);
  if (!parsed.ok) return { ok: false, message: `${path} refused (${parsed.refusal}): ${parsed.message}` };
  return { ok: true, list: parsed.list };
}
