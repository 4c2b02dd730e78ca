import { describe, expect, it } from 'vitest';
import type { WritableDB } from '../db/handles.js';
import { insertScanLog, type NewRegistration } from '../db/registrations.js';
import { closeTubeRow, insertTube, type Lane } from '../db/tubes.js';
import { commitRegistration } from '../kiosk/registrations.js';
import { makeKiosk } from '../test-support/kiosk-fixture.js';
import { cstDayOf, cstDayStart } from './cst-day.js';
import { dailySummary, SummaryError } from './daily-summary.js';
import { displayWidth, summaryText } from './summary-text.js';

const DAY = cstDayStart('2026-03-18') ?? 0;
const at = (hh: number, mm: number): number => DAY + hh * 3600 + mm * 60;

let n = 0;
function tube(db: WritableDB, lane: Lane, openedAt: number, poolSize = 5): { id: number; label: string; poolSize: number } {
  const label = `TB${String(++n).padStart(8, '0')}`;
  return { id: insertTube(db, { label, lane, poolSize, sampleType: 'throat', operatorId: 'sup1', openedAt }), label, poolSize };
}
function person(db: WritableDB, t: { id: number; label: string; poolSize: number }, sampledAt: number, over: Partial<NewRegistration> = {}): void {
  const reg: NewRegistration = {
    uuid: `u-${++n}`, tubeId: t.id, personName: '王小明', idNumber: `6101132010030712${String(n % 100).padStart(2, '0')}`, phone: null, codeKind: 'personal', codeMode: 'live',
    codeCid: `c${n}`, codeIssuer: '610000', guardianName: null, guardianPhone4: null, outcome: 'ACCEPT', reason: 'OK', color: 'green', sampleType: 'throat',
    samplingUnit: '测试医院', siteName: '雁塔区测试采样点', kioskId: 'K-TEST-01', operatorId: 'sup1', sampledAt, ...over,
  };
  commitRegistration(db, reg, { actor: 'sup1', lane: t.poolSize === 1 ? 'single' : 'pooled', tubeLabel: t.label, poolSize: t.poolSize });
}

function knownDay() {
  const { db } = makeKiosk({ lists: false });
  // The evening before and the morning after: not in the day.
  person(db, tube(db, 'single', DAY - 120, 1), DAY - 60);
  person(db, tube(db, 'single', at(24, 0), 1), at(24, 0));
  insertScanLog(db, at(-1, 30), 'EXPIRED');
  // A pooled tube filled (two kin codes among five), one closed short, one still open.
  const a = tube(db, 'pooled', at(8, 10));
  for (let i = 0; i < 5; i++) person(db, a, at(8, 15 + i), i < 2 ? { codeKind: 'kin', guardianName: '王*华', guardianPhone4: '5678' } : {});
  const b = tube(db, 'pooled', at(9, 0));
  person(db, b, at(9, 5));
  person(db, b, at(9, 6));
  closeTubeRow(db, b.id, at(9, 30), 'manual', true);
  const c = tube(db, 'pooled', at(10, 0));
  person(db, c, at(10, 1));
  // Two refers, each in a single tube.
  person(db, tube(db, 'single', at(11, 0), 1), at(11, 0), { outcome: 'REFER', reason: 'YELLOW', color: 'yellow' });
  person(db, tube(db, 'single', at(11, 30), 1), at(11, 30), { outcome: 'REFER', reason: 'RED', color: 'red' });
  insertScanLog(db, at(8, 30), 'EXPIRED');
  insertScanLog(db, at(8, 31), 'EXPIRED');
  insertScanLog(db, at(12, 0), 'NOT_YMT');
  // Two uploaded: one acknowledged, one given up.
  db.prepare("UPDATE outbox SET state = 'acked' WHERE registration_id = (SELECT id FROM registrations ORDER BY sampled_at DESC LIMIT 1)").run();
  db.prepare("UPDATE outbox SET state = 'dead' WHERE registration_id = (SELECT id FROM registrations WHERE reason = 'RED')").run();
  return db;
}

describe('the daily summary', () => {
  it('counts people per CST hour, outcomes by reason, rejects, refers and kin codes of that day only', () => {
    const s = dailySummary(knownDay(), '2026-03-18', at(17, 0));
    expect(s.people).toEqual({ total: 10, personal: 8, kin: 2 });
    expect(s.perHour.length).toBe(24);
    expect(s.perHour.slice(8, 12)).toEqual([5, 2, 1, 2]);
    expect(s.perHour.reduce((x, y) => x + y, 0)).toBe(10);
    expect(s.outcomes).toEqual([
      { outcome: 'ACCEPT', reason: 'OK', count: 8 },
      { outcome: 'REFER', reason: 'RED', count: 1 },
      { outcome: 'REFER', reason: 'YELLOW', count: 1 },
    ]);
    expect(s.rejects).toEqual([
      { reason: 'EXPIRED', count: 2 },
      { reason: 'NOT_YMT', count: 1 },
    ]);
    expect(s.rejectsTotal).toBe(3);
    expect(s.refers).toEqual({ total: 2, byColor: { yellow: 1, red: 1 } });
  });
  it('counts tubes opened, closed full, closed short and still open', () => {
    const s = dailySummary(knownDay(), '2026-03-18', at(17, 0));
    expect(s.tubes.opened).toEqual({ pooled: 3, single: 2 });
    expect(s.tubes.closedFull).toEqual({ pooled: 1, single: 2 });
    expect(s.tubes.closedShort).toEqual([{ label: expect.stringMatching(/^TB/) as unknown, count: 2, poolSize: 5 }]);
    expect(s.tubes.stillOpen).toEqual([{ label: expect.stringMatching(/^TB/) as unknown, count: 1, poolSize: 5 }]);
  });
  it('reports the upload backlog as it stands now, with the age of the oldest pending registration', () => {
    const s = dailySummary(knownDay(), '2026-03-18', at(17, 0));
    expect(s.upload).toEqual({ pending: 10, acked: 1, dead: 1, oldestPendingAt: DAY - 60, oldestPendingAgeSeconds: at(17, 0) - (DAY - 60) });
  });
  it('prints a table with Chinese first and English second', () => {
    const text = summaryText(dailySummary(knownDay(), '2026-03-18', at(17, 0)));
    expect(text).toContain('每日汇总 Daily summary  2026-03-18');
    expect(text).toMatch(/采样人数 People sampled +10\n/);
    expect(text).toMatch(/08:00-09:00 +5 +█+\n/);
    expect(text).toMatch(/未满封管 closed short +1 +TB\d+ \(2\/5\)/);
    expect(text).toMatch(/待上传 pending +10 +最早 oldest 2026-03-17T23:59:00\+08:00 \(17 小时 h 1 分钟 min 前 ago\)/);
  });
  it('refuses a day that is not a date', () => {
    const { db } = makeKiosk({ lists: false });
    expect(() => dailySummary(db, '2026-02-30', 0)).toThrow(SummaryError);
    expect(() => dailySummary(db, '18/03/2026', 0)).toThrow(/expected YYYY-MM-DD/);
  });
  it('is all zeros on an empty day', () => {
    const { db } = makeKiosk({ lists: false });
    const s = dailySummary(db, '2026-03-18', at(17, 0));
    expect(s.people.total).toBe(0);
    expect(s.upload).toMatchObject({ pending: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null });
    expect(summaryText(s)).toContain('无 none');
  });
});

describe('CST days', () => {
  it('start at 16:00 UTC the day before', () => {
    expect(cstDayStart('2026-03-18')).toBe(Date.UTC(2026, 2, 17, 16) / 1000);
    expect(cstDayOf(Date.UTC(2026, 2, 17, 16) / 1000)).toBe('2026-03-18');
    expect(cstDayOf(Date.UTC(2026, 2, 17, 16) / 1000 - 1)).toBe('2026-03-17');
  });
  it('measure wide characters as two terminal columns', () => {
    expect(displayWidth('王a')).toBe(3);
    expect(displayWidth('𠀀')).toBe(2);
  });
});
