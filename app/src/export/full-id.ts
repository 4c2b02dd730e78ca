/**
 * Full ID numbers in an export need a supervisor's PIN. The check is a
 * sign-in (app/src/kiosk/operators.ts), so wrong PINs count towards the
 * lock and every attempt is in the audit log; an operator who is not a
 * supervisor is refused, and that is audited too.
 */
import { assertNever } from '@ymt/verifier-core';
import { cstIso } from '@ymt/verifier-core/node';
import { appendAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { signIn } from '../kiosk/operators.js';
import { ExportError } from './export-registrations.js';

export function authorizeFullId(db: WritableDB, supervisorId: string, pin: string, now: number): { id: string; name: string } {
  const r = signIn(db, supervisorId, pin, now);
  if (!r.ok) {
    const refused = 'full ID numbers were not exported';
    switch (r.reason) {
      case 'unknown':
        throw new ExportError(`there is no operator ${JSON.stringify(supervisorId)}; ${refused} (check --supervisor; \`kiosk operators list\` shows the accounts)`);
      case 'wrong-pin': {
        const left = r.attemptsLeft ?? 0;
        throw new ExportError(`wrong PIN for ${supervisorId}; ${refused}. ${left} more wrong PIN${left === 1 ? ' locks' : 's lock'} the account for 5 minutes`);
      }
      case 'locked':
        throw new ExportError(`${supervisorId} is locked after repeated wrong PINs until ${r.lockedUntil === undefined ? 'later' : cstIso(r.lockedUntil)}; ${refused}`);
      case 'disabled':
        throw new ExportError(`${supervisorId} is disabled; ${refused}`);
      default:
        return assertNever(r.reason);
    }
  }
  if (r.operator.role !== 'supervisor') {
    db.transaction(() => appendAudit(db, { at: now, actor: r.operator.id, action: 'export.full-id.refused', detail: { role: r.operator.role } })).immediate();
    throw new ExportError(`${r.operator.id} is an operator, not a supervisor: full ID numbers need a supervisor's ID and PIN; nothing was exported`);
  }
  return { id: r.operator.id, name: r.operator.name };
}
