/** Operator accounts and sign-in: PINs as slow hashes, and a lock after repeated failures. */
import { appendAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { findOperator, insertOperator, recordSignInFailure, recordSignInSuccess, type Role } from '../db/operators.js';
import { checkPin, hashPin, pinProblem } from './pin-hash.js';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_SECONDS = 5 * 60;

export class OperatorError extends Error {
  override readonly name = 'OperatorError';
}

export function addOperator(db: WritableDB, o: { id: string; name: string; role: Role; pin: string; now: number; actor: string }): void {
  if (!/^[A-Za-z0-9_.-]{1,32}$/.test(o.id)) throw new OperatorError('an operator ID is 1 to 32 letters, digits, dots, dashes or underscores');
  const name = o.name.trim();
  if (name.length < 1 || name.length > 64) throw new OperatorError('an operator name is 1 to 64 characters');
  const problem = pinProblem(o.pin);
  if (problem !== null) throw new OperatorError(problem);
  const pinHash = hashPin(o.pin);
  db.transaction(() => {
    if (findOperator(db, o.id) !== undefined) throw new OperatorError(`operator ${o.id} already exists`);
    insertOperator(db, { id: o.id, name, role: o.role, pinHash, createdAt: o.now });
    appendAudit(db, { at: o.now, actor: o.actor, action: 'operator.add', detail: { id: o.id, role: o.role } });
  }).immediate();
}

export type SignIn =
  | { ok: true; operator: { id: string; name: string; role: Role } }
  | { ok: false; reason: 'unknown' | 'wrong-pin' | 'locked' | 'disabled'; lockedUntil?: number; attemptsLeft?: number };

export function signIn(db: WritableDB, id: string, pin: string, now: number): SignIn {
  const op = findOperator(db, id);
  if (op === undefined) {
    db.transaction(() => appendAudit(db, { at: now, actor: id, action: 'signin.unknown', detail: {} })).immediate();
    return { ok: false, reason: 'unknown' };
  }
  if (op.disabled) return { ok: false, reason: 'disabled' };
  if (op.locked_until !== null && now < op.locked_until) return { ok: false, reason: 'locked', lockedUntil: op.locked_until };
  const good = checkPin(pin, op.pin_hash);
  return db.transaction((): SignIn => {
    if (good) {
      recordSignInSuccess(db, id);
      appendAudit(db, { at: now, actor: id, action: 'signin', detail: { role: op.role } });
      return { ok: true, operator: { id: op.id, name: op.name, role: op.role } };
    }
    const failed = (op.locked_until !== null && now >= op.locked_until ? 0 : op.failed_attempts) + 1;
    const lockedUntil = failed >= MAX_FAILED_SIGN_INS ? now + LOCK_SECONDS : null;
    recordSignInFailure(db, id, lockedUntil === null ? failed : 0, lockedUntil);
    appendAudit(db, { at: now, actor: id, action: lockedUntil === null ? 'signin.failed' : 'signin.locked', detail: { failed } });
    return lockedUntil === null
      ? { ok: false, reason: 'wrong-pin', attemptsLeft: MAX_FAILED_SIGN_INS - failed }
      : { ok: false, reason: 'locked', lockedUntil };
  }).immediate();
}
