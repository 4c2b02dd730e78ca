import { describe, expect, it } from 'vitest';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { verifyAudit } from '../db/audit.js';
import { deviceKey, openKiosk, shutdownKiosk } from './data-dir.js';
import { FIXTURE_NOW, makeKiosk } from '../test-support/kiosk-fixture.js';

describe('shutting a kiosk down', () => {
  it('signs the audit head so that entries removed afterwards from the end show', () => {
    const { db, dir } = makeKiosk();
    shutdownKiosk(db, dir, FIXTURE_NOW);
    const again = openKiosk(dir);
    const pub = deviceKey(dir).publicKey;
    const check = () => verifyAudit(again, (sig, msg) => nodeEd25519Verify(sig, msg, pub));
    expect(check()).toMatchObject({ ok: true, unsignedTail: 0, signedHeads: 1 });
    again.prepare('DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)').run();
    expect(check().ok).toBe(false);
  });
});
