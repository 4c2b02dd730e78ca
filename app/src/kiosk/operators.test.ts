import { describe, expect, it } from 'vitest';
import { addOperator, LOCK_SECONDS, MAX_FAILED_SIGN_INS, OperatorError, signIn } from './operators.js';
import { FIXTURE_NOW, SUPERVISOR, makeKiosk } from '../test-support/kiosk-fixture.js';

describe('operators', () => {
  it('stores the PIN only as a slow salted hash', () => {
    const { db } = makeKiosk({ lists: false });
    addOperator(db, { id: 'op1', name: '王护士', role: 'operator', pin: '112233', now: FIXTURE_NOW, actor: 'sup1' });
    const row = db.prepare("SELECT pin_hash FROM operators WHERE id = 'op1'").get() as { pin_hash: string };
    expect(row.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.pin_hash).not.toContain('112233');
  });
  it('signs in with the right PIN and says which role', () => {
    const { db } = makeKiosk({ lists: false });
    expect(signIn(db, SUPERVISOR.id, SUPERVISOR.pin, FIXTURE_NOW)).toEqual({ ok: true, operator: { id: 'sup1', name: '李主管', role: 'supervisor' } });
    expect(signIn(db, 'nobody', '1234', FIXTURE_NOW)).toEqual({ ok: false, reason: 'unknown' });
  });
  it(`locks an account after ${MAX_FAILED_SIGN_INS} wrong PINs, refuses even the right PIN while locked, and unlocks after ${LOCK_SECONDS / 60} minutes`, () => {
    const { db } = makeKiosk({ lists: false });
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) expect(signIn(db, 'sup1', '000000', FIXTURE_NOW + i)).toMatchObject({ ok: false, reason: 'wrong-pin', attemptsLeft: MAX_FAILED_SIGN_INS - i });
    expect(signIn(db, 'sup1', '000000', FIXTURE_NOW + 10)).toEqual({ ok: false, reason: 'locked', lockedUntil: FIXTURE_NOW + 10 + LOCK_SECONDS });
    expect(signIn(db, 'sup1', SUPERVISOR.pin, FIXTURE_NOW + 20)).toMatchObject({ ok: false, reason: 'locked' });
    expect(signIn(db, 'sup1', SUPERVISOR.pin, FIXTURE_NOW + 10 + LOCK_SECONDS)).toMatchObject({ ok: true });
    // the count starts again after a good sign-in
    expect(signIn(db, 'sup1', '000000', FIXTURE_NOW + 1000)).toMatchObject({ reason: 'wrong-pin', attemptsLeft: MAX_FAILED_SIGN_INS - 1 });
    const actions = (db.prepare("SELECT action FROM audit WHERE action LIKE 'signin%' ORDER BY seq").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['signin.failed', 'signin.failed', 'signin.failed', 'signin.failed', 'signin.locked', 'signin', 'signin.failed']);
  });
  it('refuses bad IDs, names and PINs with a reason', () => {
    const { db } = makeKiosk({ lists: false });
    const add = (o: Partial<Parameters<typeof addOperator>[1]>) => () => addOperator(db, { id: 'op2', name: '张', role: 'operator', pin: '1234', now: FIXTURE_NOW, actor: 't', ...o });
    expect(add({ id: 'has space' })).toThrow(OperatorError);
    expect(add({ name: '  ' })).toThrow(/name/);
    expect(add({ pin: '12a4' })).toThrow(/4 to 12 digits/);
    add({})();
    expect(add({})).toThrow(/already exists/);
  });
});
