/** `kiosk audit verify|sign`: checks the tamper-evident audit chain. */
import { parseArgs } from 'node:util';
import { nodeEd25519Verify, parsePublicKeyArg } from '@ymt/verifier-core/node';
import { signAuditHead, verifyAudit } from '../../db/audit.js';
import { deviceKey, deviceSigner, openKiosk, openKioskReadOnly } from '../../kiosk/data-dir.js';
import { KioskUsageError, dataDirFrom } from '../usage-error.js';

const help = `usage: kiosk audit verify --data-dir DIR [--device-key B64URL] [--json]
       kiosk audit sign   --data-dir DIR

verify recomputes the whole chain and checks every signed head with the
kiosk's device key (from the data directory, or --device-key as recorded at
installation, which is stronger). Exits 1 on any break, saying where.
sign   signs the current head now (exports and shutdown do so too).
`;

export function runAudit(argv: string[]): number {
  const [verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: { 'data-dir': { type: 'string' }, 'device-key': { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || verb === undefined || verb === '--help' || verb === '-h') {
    process.stdout.write(help);
    return verb === undefined ? 2 : 0;
  }
  const dataDir = dataDirFrom(values['data-dir']);
  if (verb === 'sign') {
    const db = openKiosk(dataDir);
    try {
      const h = signAuditHead(db, deviceSigner(dataDir), Math.floor(Date.now() / 1000), 'manual');
      process.stdout.write(`signed the audit head at entry ${h.seq}\n`);
    } finally {
      db.close();
    }
    return 0;
  }
  if (verb !== 'verify') throw new KioskUsageError(`unknown audit command ${JSON.stringify(verb)}; expected verify or sign`);
  const pub = values['device-key'] !== undefined ? parsePublicKeyArg(values['device-key'], '--device-key') : deviceKey(dataDir).publicKey;
  const db = openKioskReadOnly(dataDir);
  try {
    const r = verifyAudit(db, (sig, msg) => nodeEd25519Verify(sig, msg, pub));
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      process.stdout.write(`${r.entries} entries, ${r.signedHeads} signed heads, ${r.unsignedTail} entries after the last signed head\n`);
      for (const p of r.problems) process.stdout.write(`BREAK at entry ${p.seq}: ${p.problem}\n`);
      process.stdout.write(r.ok ? '审计链完整 The audit chain is intact.\n' : '审计链已损坏 The audit chain is BROKEN.\n');
    }
    return r.ok ? 0 : 1;
  } finally {
    db.close();
  }
}
