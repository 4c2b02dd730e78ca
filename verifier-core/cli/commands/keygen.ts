/** `ymt keygen`: an Ed25519 key file for a root or issuer key. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { base64urlDecode, sha256, utf8Encode } from '../../src/index.js';
import { UsageError } from '../cli-error.js';
import { keyPairFromSeed, publicKeyInfo, writeSecretKeyFile } from '../key-file.js';

const help = `usage: ymt keygen --out FILE [--seed-label TEXT | --seed B64URL] [--force]

Writes an Ed25519 secret key file (mode 0600) and prints its public half as
JSON: {"kid": "<8 bytes>", "publicKey": "<32 bytes>"} (base64url). Use the
publicKey as --root-key, or put kid and publicKey in a trust list entry.

  --out FILE          where to write the secret key file (refused if it exists)
  --seed-label TEXT   deterministic key: seed = SHA-256(TEXT), for fixtures and
                      training only (anyone who knows the label has the key)
  --seed B64URL       deterministic key from a 32-byte seed
  --force             replace an existing file
`;

export function runKeygen(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      'seed-label': { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  if (values.out === undefined) throw new UsageError('--out FILE is required');
  if (values['seed-label'] !== undefined && values.seed !== undefined) throw new UsageError('give --seed-label or --seed, not both');
  let seed: Uint8Array;
  if (values['seed-label'] !== undefined) seed = sha256(utf8Encode(values['seed-label']));
  else if (values.seed !== undefined) {
    const s = base64urlDecode(values.seed);
    if (s === null || s.length !== 32) throw new UsageError('--seed: expected 32 bytes of base64url');
    seed = s;
  } else seed = new Uint8Array(randomBytes(32));
  const kp = keyPairFromSeed(seed);
  writeSecretKeyFile(values.out, kp, values.force);
  process.stdout.write(`${JSON.stringify(publicKeyInfo(kp))}\n`);
  return 0;
}
