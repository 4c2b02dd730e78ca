import { checkResidentId, cstDateOf } from '@ymt/verifier-core';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { setConfig } from '../kiosk/config.js';
import { deviceKey } from '../kiosk/data-dir.js';
import { makeKiosk } from '../test-support/kiosk-fixture.js';
import { apportion, demoDays, DemoDataError, fillDemoData } from './fill-demo-data.js';
import { seededRandom } from './seeded-random.js';
import { syntheticPerson } from './synthetic-people.js';

// 2026-03-18T15:00:00+08:00
const NOW = 1773817200;

const rows = <T>(db: WritableDB, sql: string): T[] => db.prepare(sql).all() as T[];
const one = (db: WritableDB, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

interface Reg {
  person_name: string;
  id_number: string;
  phone: string | null;
  code_kind: string;
  guardian_name: string | null;
  guardian_phone4: string | null;
  outcome: string;
  reason: string;
  color: string;
  sampled_at: number;
  lane: string;
  pool_size: number;
}
const REGS = `SELECT r.uuid, r.person_name, r.id_number, r.phone, r.code_kind, r.code_mode, r.code_cid, r.guardian_name, r.guardian_phone4, r.outcome, r.reason, r.color,
  r.sampled_at, t.label, t.lane, t.pool_size, t.closed_how, t.closed_short FROM registrations r JOIN tubes t ON t.id = r.tube_id ORDER BY r.id`;

describe('demo data', () => {
  it('goes through the real write path: N pending outbox rows and an audit chain that verifies', () => {
    const { db, dir } = makeKiosk({ lists: false });
    const r = fillDemoData(db, { registrations: 500, days: 3, seed: 's1', now: NOW, batch: 64 });
    expect(r.registrations).toBe(500);
    expect(one(db, 'SELECT count(*) AS n FROM registrations')).toBe(500);
    expect(one(db, "SELECT count(*) AS n FROM outbox WHERE state = 'pending'")).toBe(500);
    expect(one(db, "SELECT count(*) AS n FROM audit WHERE action = 'registration'")).toBe(500);
    expect(one(db, "SELECT count(*) AS n FROM audit WHERE action = 'demo-data'")).toBe(1);
    const pub = deviceKey(dir).publicKey;
    expect(verifyAudit(db, (sig, msg) => nodeEd25519Verify(sig, msg, pub))).toMatchObject({ ok: true, problems: [] });
    expect(one(db, "SELECT count(*) AS n FROM operators WHERE id = 'demo' AND role = 'operator'")).toBe(1);
  });
  it('is the same for the same seed and day, and different for another seed', () => {
    const fill = (seed: string) => {
      const { db } = makeKiosk({ lists: false });
      fillDemoData(db, { registrations: 300, days: 2, seed, now: NOW });
      return { regs: rows(db, REGS), rejects: rows(db, 'SELECT at, reason FROM scan_log ORDER BY id') };
    };
    const a = fill('same');
    expect(fill('same')).toEqual(a);
    expect(fill('other').regs).not.toEqual(a.regs);
  });
  it('makes valid resident ID numbers, kin codes only for children and elders with a guardian, and mobile phones', () => {
    const { db } = makeKiosk({ lists: false });
    fillDemoData(db, { registrations: 2000, days: 1, seed: 'people', now: NOW });
    const regs = rows<Reg>(db, REGS);
    const today = cstDateOf(NOW);
    let kin = 0;
    let phones = 0;
    for (const r of regs) {
      const id = checkResidentId(r.id_number, today);
      expect(id.ok, r.id_number).toBe(true);
      expect(r.person_name).toMatch(/^\p{Script=Han}{2,3}$/u);
      if (r.phone !== null) {
        phones++;
        expect(r.phone).toMatch(/^1[3-9]\d{9}$/);
      }
      if (r.code_kind === 'kin') {
        kin++;
        const birthYear = Number(r.id_number.slice(6, 10));
        const age = today.year - birthYear;
        expect(age <= 17 || age >= 60, `${r.id_number} age ${age}`).toBe(true);
        expect(r.guardian_name).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u);
        expect(r.guardian_phone4).toMatch(/^\d{4}$/);
      } else {
        expect(r.guardian_name).toBeNull();
      }
    }
    expect(kin).toBeGreaterThan(150);
    expect(kin).toBeLessThan(450);
    expect(phones).toBeGreaterThan(600);
    expect(phones).toBeLessThan(1000);
    expect(new Set(regs.map((r) => r.person_name.slice(0, 1))).size).toBeGreaterThan(40);
  });
  it('puts green codes in pooled tubes filled in order, yellow and red in single tubes, some closed short', () => {
    const { db } = makeKiosk({ lists: false, settings: { 'pool-size': '5' } });
    const r = fillDemoData(db, { registrations: 6000, days: 3, seed: 'tubes', now: NOW });
    const regs = rows<Reg>(db, REGS);
    for (const x of regs) {
      if (x.outcome === 'REFER') {
        expect(x.lane).toBe('single');
        expect(x.color).not.toBe('green');
        expect(x.reason).toBe(x.color.toUpperCase());
      } else {
        expect(x).toMatchObject({ color: 'green', reason: 'OK' });
      }
      if (x.lane === 'pooled') expect(x.pool_size).toBe(5);
    }
    const refers = regs.filter((x) => x.outcome === 'REFER').length;
    expect(refers).toBeGreaterThan(30);
    expect(refers).toBeLessThan(150);
    // Every pooled tube holds at most its size; closed full ones exactly that; one tube open at a time, in order.
    const tubes = rows<{ lane: string; n: number; closed_how: string | null; closed_short: number; opened_at: number }>(
      db,
      'SELECT t.lane, t.closed_how, t.closed_short, t.opened_at, (SELECT count(*) FROM registrations r WHERE r.tube_id = t.id) AS n FROM tubes t ORDER BY t.id',
    );
    for (const t of tubes.filter((t) => t.lane === 'pooled')) {
      if (t.closed_how === 'full') expect(t.n).toBe(5);
      else expect(t.n).toBeLessThan(5);
    }
    expect(r.closedShort).toBe(tubes.filter((t) => t.closed_short === 1).length);
    expect(r.closedShort).toBeGreaterThanOrEqual(2);
    expect(tubes.filter((t) => t.closed_how === null)).toHaveLength(1);
    // Times: opening hours 08:00-18:00 CST, today up to now.
    for (const x of regs) {
      const hour = Math.floor(((x.sampled_at + 8 * 3600) % 86400) / 3600);
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(18);
      expect(x.sampled_at).toBeLessThanOrEqual(NOW);
    }
    expect(r.rejects).toBe(one(db, 'SELECT count(*) AS n FROM scan_log'));
    expect(r.rejects).toBeGreaterThan(40);
  });
  it('refuses a kiosk that uploads to a server, unless allowed', () => {
    const { db } = makeKiosk({ lists: false });
    setConfig(db, 'server-url', 'https://registry.example.cn', 'test', NOW);
    expect(() => fillDemoData(db, { registrations: 10, days: 1, seed: 'x', now: NOW })).toThrow(DemoDataError);
    expect(() => fillDemoData(db, { registrations: 10, days: 1, seed: 'x', now: NOW })).toThrow(/uploads to https:\/\/registry\.example\.cn.*Nothing was added/);
    expect(one(db, 'SELECT count(*) AS n FROM registrations')).toBe(0);
    expect(fillDemoData(db, { registrations: 10, days: 1, seed: 'x', now: NOW, allowServer: true }).registrations).toBe(10);
  });
  it('refuses nonsense sizes', () => {
    const { db } = makeKiosk({ lists: false });
    expect(() => fillDemoData(db, { registrations: 0, days: 1, seed: 'x', now: NOW })).toThrow(/--registrations: expected a whole number from 1/);
    expect(() => fillDemoData(db, { registrations: 5, days: 0, seed: 'x', now: NOW })).toThrow(/--days/);
  });
  it('gives no kin codes at a transport hub', () => {
    const { db } = makeKiosk({ lists: false, settings: { 'site-type': 'transport-hub' } });
    fillDemoData(db, { registrations: 300, days: 1, seed: 'hub', now: NOW });
    expect(one(db, "SELECT count(*) AS n FROM registrations WHERE code_kind = 'kin'")).toBe(0);
  });
});

describe('demo days', () => {
  it('end today, today only up to now; before opening they end yesterday', () => {
    const days = demoDays(2, NOW);
    expect(days.map((d) => d.label)).toEqual(['20260317', '20260318']);
    expect(days[1]?.close).toBe(NOW);
    const early = demoDays(1, NOW - 8 * 3600); // 07:00 CST
    expect(early.map((d) => d.label)).toEqual(['20260317']);
  });
  it('apportion totals exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(1_000_000, [9.5, 10, 10, 3]).reduce((a, b) => a + b, 0)).toBe(1_000_000);
  });
  it('people are the same for the same seed', () => {
    const a = seededRandom('p');
    const b = seededRandom('p');
    expect(syntheticPerson(a, NOW, true)).toEqual(syntheticPerson(b, NOW, true));
  });
});
