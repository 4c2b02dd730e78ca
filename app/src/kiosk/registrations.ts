/**
 * The one write path for registrations: the row, its upload outbox row and
 * its audit entry (with the row's content hash) in one synchronous
 * transaction; the tube closes when it is full. The station and
 * `kiosk demo-data` both write through here.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { insertRegistration, type NewRegistration } from '../db/registrations.js';
import { closeTubeRow, tubeCount, type Lane } from '../db/tubes.js';

export function commitRegistration(db: WritableDB, reg: NewRegistration, o: { actor: string; lane: Lane; tubeLabel: string; poolSize: number }): number {
  return db.transaction(() => {
    const id = insertRegistration(db, reg);
    appendAudit(db, { at: reg.sampledAt, actor: o.actor, action: 'registration', detail: { uuid: reg.uuid, tube: o.tubeLabel, lane: o.lane, rowHash: registrationHash(reg) } });
    const count = tubeCount(db, reg.tubeId);
    if (count >= o.poolSize) {
      closeTubeRow(db, reg.tubeId, reg.sampledAt, 'full', false);
      appendAudit(db, { at: reg.sampledAt, actor: o.actor, action: 'tube.close', detail: { label: o.tubeLabel, count, poolSize: o.poolSize, short: false, full: true } });
    }
    return id;
  }).immediate();
}

/** A registration's content hash, recorded in the audit chain so that changing a stored registration shows. */
export function registrationHash(r: NewRegistration): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex');
}
