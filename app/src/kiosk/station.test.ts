import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../db/audit.js';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { deviceKey } from './data-dir.js';
import { Station, StationError } from './station.js';
import { FIXTURE_NOW, code, makeKiosk } from '../test-support/kiosk-fixture.js';

const OP = { id: 'sup1', name: '李主管', role: 'supervisor' as const };

function station(opts: Parameters<typeof makeKiosk>[0] = {}, start = FIXTURE_NOW) {
  const k = makeKiosk(opts);
  let now = start;
  const s = new Station(k.db, () => now);
  s.signedIn(OP);
  return { ...k, s, tick: (sec: number) => (now += sec) };
}

const count = (db: ReturnType<typeof makeKiosk>['db'], sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('the pooled lane', () => {
  it('needs a signed-in operator', () => {
    const { db } = makeKiosk();
    expect(() => new Station(db, () => FIXTURE_NOW).openTube('TB2026031800001')).toThrow(/sign in/);
  });
  it('registers accepted people into the open tube, and closes the tube when it is full', () => {
    const { s, db, tick } = station({ settings: { 'pool-size': '5' } });
    expect(s.scanCode(code('personal-live-green')).type).toBe('need-tube');
    const tube = s.openTube('TB2026031800001');
    expect(tube).toMatchObject({ poolSize: 5, count: 0, closed: false });
    for (const name of ['personal-live-green', 'personal-offline-green', 'kin-offline-child-green', 'kin-offline-elder-green', 'kin-live-child-green']) {
      tick(10);
      const r = s.scanCode(code(name));
      expect(r.type, name).toBe('registered');
    }
    const last = s.scanCode(code('personal-live-green'));
    expect(last.type).toBe('need-tube');
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(5);
    expect(count(db, "SELECT count(*) AS n FROM outbox WHERE state = 'pending'")).toBe(5);
    expect(db.prepare('SELECT closed_how, closed_short FROM tubes').get()).toEqual({ closed_how: 'full', closed_short: 0 });
  });
  it('keeps the guardian shown on a kin code with each family member', () => {
    const { s, db } = station();
    s.openTube('TB2026031800002');
    s.scanCode(code('kin-offline-child-green'));
    s.scanCode(code('kin-offline-elder-green'));
    expect(db.prepare('SELECT person_name, code_kind, guardian_name, guardian_phone4 FROM registrations ORDER BY id').all()).toEqual([
      { person_name: '王小明', code_kind: 'kin', guardian_name: '王*华', guardian_phone4: '5678' },
      { person_name: '王秀英', code_kind: 'kin', guardian_name: '王*华', guardian_phone4: '5678' },
    ]);
  });
  it('flags a tube closed by hand with fewer people than its size', () => {
    const { s } = station();
    s.openTube('TB2026031800003', 10);
    s.scanCode(code('personal-live-green'));
    expect(s.closeTube()).toMatchObject({ count: 1, poolSize: 10, closed: true, closedShort: true });
  });
  it('never puts a yellow or red code into a pooled tube', () => {
    const { s, db } = station();
    s.openTube('TB2026031800004');
    for (const name of ['personal-live-yellow', 'personal-live-red', 'kin-offline-elder-yellow', 'personal-live-status-red']) {
      expect(s.scanCode(code(name)).type, name).toBe('refer');
    }
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(0);
  });
  it('registers a referred person in a single-person tube at the single lane', () => {
    const { s, db } = station();
    const r = s.registerSingle('TS2026031800001', code('personal-live-red'));
    expect(r).toMatchObject({ type: 'registered', tube: { lane: 'single', poolSize: 1, count: 1, closed: true } });
    expect(db.prepare('SELECT outcome, reason, color FROM registrations').get()).toEqual({ outcome: 'REFER', reason: 'RED', color: 'red' });
  });
  it('registers nothing for a rejected code and logs only the time and the reason', () => {
    const { s, db } = station();
    s.openTube('TB2026031800005');
    for (const name of ['kin-offline-revoked', 'personal-offline-expired', 'unknown-issuer', 'tube-label']) {
      expect(s.scanCode(code(name)).type).toBe('rejected');
    }
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(0);
    expect(db.prepare('SELECT reason FROM scan_log ORDER BY id').all()).toEqual([{ reason: 'REVOKED' }, { reason: 'EXPIRED' }, { reason: 'UNKNOWN_KEY' }, { reason: 'NOT_YMT' }]);
    expect(Object.keys(db.prepare('SELECT * FROM scan_log LIMIT 1').get() as object)).toEqual(['id', 'at', 'reason']);
  });
});

describe('duplicates', () => {
  it('refuses the same person twice in one tube', () => {
    const { s } = station();
    s.openTube('TB2026031800006');
    expect(s.scanCode(code('personal-live-green')).type).toBe('registered');
    expect(s.scanCode(code('personal-live-green')).type).toBe('duplicate-in-tube');
  });
  it('asks for a deliberate confirmation when the same person comes again the same day, and registers on confirm', () => {
    const { s, db, tick } = station();
    s.openTube('TB2026031800007', 1);
    s.scanCode(code('personal-offline-green'));
    tick(3600);
    s.openTube('TB2026031800008');
    const again = s.scanCode(code('personal-offline-green'));
    expect(again.type).toBe('confirm');
    if (again.type !== 'confirm') return;
    expect(again.warnings.map((w) => w.type)).toEqual(['same-person-today']);
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(1);
    expect(s.confirm(again.token).type).toBe('registered');
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(2);
    expect(() => s.confirm(again.token)).toThrow(StationError);
  });
  it('warns when the same code is scanned again within the window, even if it was referred', () => {
    const { s, tick } = station();
    expect(s.scanCode(code('personal-live-yellow')).type).toBe('refer');
    tick(30);
    const r = s.registerSingle('TS2026031800002', code('personal-live-yellow'));
    expect(r.type).toBe('confirm');
    if (r.type === 'confirm') expect(r.warnings.map((w) => w.type)).toEqual(['same-code-recently']);
  });
});

describe('tube labels and inputs', () => {
  it('refuses a label that does not match the site pattern, a used label, and a second open tube', () => {
    const { s } = station();
    expect(() => s.openTube('YMT1:ABC')).toThrow(/not a tube label/);
    s.openTube('TB2026031800009');
    expect(() => s.openTube('TB2026031800010')).toThrow(/still open/);
    s.closeTube();
    expect(() => s.openTube('TB2026031800009')).toThrow(/used already/);
  });
  it('refuses a contact phone that is not a mobile number, registering nothing', () => {
    const { s, db } = station();
    s.openTube('TB2026031800011');
    expect(() => s.scanCode(code('personal-live-green'), { phone: '12345' })).toThrow(/11-digit/);
    expect(count(db, 'SELECT count(*) AS n FROM registrations')).toBe(0);
    expect(s.scanCode(code('personal-live-green'), { phone: '13800138000' }).type).toBe('registered');
  });
  it('says that a trust list is needed before verifying anything', () => {
    const { db } = makeKiosk({ lists: false });
    const s = new Station(db, () => FIXTURE_NOW);
    s.signedIn(OP);
    expect(() => s.scanCode(code('personal-live-green'))).toThrow(/no trust list/);
  });
});

describe('the audit chain of a working day', () => {
  it('records every registration with its content hash, and verifies', () => {
    const { s, db, dir } = station();
    s.openTube('TB2026031800012');
    s.scanCode(code('personal-live-green'));
    s.scanCode(code('kin-offline-child-green'));
    const pub = deviceKey(dir).publicKey;
    const report = verifyAudit(db, (sig, msg) => nodeEd25519Verify(sig, msg, pub));
    expect(report.ok).toBe(true);
    expect((db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'registration'").get() as { n: number }).n).toBe(2);
  });
});
