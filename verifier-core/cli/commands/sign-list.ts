/** `ymt sign-list`: sign a trust or status list payload with the root key, refusing one kiosks would not install. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { base64urlEncode, ed25519Sign, parseSignedList, utf8Encode } from '../../src/index.js';
import { UsageError } from '../cli-error.js';
import { readSecretKeyFile } from '../key-file.js';
import { nodeEd25519Verify } from '../node-ed25519.js';

const help = `usage: ymt sign-list --key ROOT_KEY_FILE [--out FILE] PAYLOAD.json

Signs a trust list payload ({"type": "ymt-trust-list", "seq", "expiresAt",
"keys": [...]}) or a status list payload ({"type": "ymt-status-list", "seq",
"entries": [...]}) with the root key and writes the signed list
{"payload": ..., "signature": ...} to FILE or standard output.
Refuses a payload that kiosks would not install, and one with entries that
kiosks would ignore (a key whose kid is not SHA-256(publicKey)[0:8], a
missing field, ...), saying which.
`;

export function runSignList(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { key: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (values.key === undefined) throw new UsageError('--key ROOT_KEY_FILE is required');
  if (positionals.length !== 1) throw new UsageError('give exactly one PAYLOAD.json');
  const file = positionals[0] ?? '';
  const kp = readSecretKeyFile(values.key);
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  const bytes = utf8Encode(JSON.stringify(payload));
  const envelope = { payload: base64urlEncode(bytes), signature: base64urlEncode(ed25519Sign(bytes, kp.secretKey)) };
  // Check it as a kiosk will.
  const check = parseSignedList(envelope, kp.publicKey, nodeEd25519Verify);
  if (!check.ok) throw new UsageError(`${file}: kiosks would refuse this list (${check.refusal}): ${check.message}`);
  const ignored = check.list.type === 'ymt-trust-list' ? check.list.ignoredKeys : check.list.ignoredEntries;
  if (ignored > 0) {
    throw new UsageError(`${file}: kiosks would ignore ${ignored} of its ${check.list.type === 'ymt-trust-list' ? 'keys' : 'entries'} (bad kid, missing or malformed field); fix them before signing`);
  }
  const out = `${JSON.stringify(envelope)}\n`;
  if (values.out !== undefined) writeFileSync(values.out, out);
  else process.stdout.write(out);
  return 0;
}
