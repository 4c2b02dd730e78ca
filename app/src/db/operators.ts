/** Operator accounts: SQL only. PIN hashing and lockout policy live in app/src/kiosk/operators.ts. */
import type { ReadableDB, WritableDB } from './handles.js';

export type Role = 'operator' | 'supervisor';

export interface OperatorRow {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly pin_hash: string;
  readonly failed_attempts: number;
  readonly locked_until: number | null;
  readonly created_at: number;
  readonly disabled: number;
}

export function findOperator(db: ReadableDB, id: string): OperatorRow | undefined {
  return db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorRow | undefined;
}

export function listOperators(db: ReadableDB): OperatorRow[] {
  return db.prepare('SELECT * FROM operators ORDER BY created_at, id').all() as OperatorRow[];
}

export function insertOperator(db: WritableDB, o: { id: string; name: string; role: Role; pinHash: string; createdAt: number }): void {
  db.prepare('INSERT INTO operators (id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(o.id, o.name, o.role, o.pinHash, o.createdAt);
}

export function recordSignInFailure(db: WritableDB, id: string, failedAttempts: number, lockedUntil: number | null): void {
  db.prepare('UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(failedAttempts, lockedUntil, id);
}

export function recordSignInSuccess(db: WritableDB, id: string): void {
  db.prepare('UPDATE operators SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(id);
}
