import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, signAuditHead, verifyAudit } from './audit.js';
import { createWritable, DatabaseOpenError, openWritable } from './handles.js';
import { acquireInstanceLock, InstanceLockedError } from './instance-lock.js';
import { migrate, SchemaTooNewError } from './migrate.js';
import { generateKeyPairSync, sign, verify } from 'node:crypto';

const tmp = () => mkdtempSync(join(tmpdir(), 'kiosk-db-'));
const fresh = () => {
  const db = createWritable(join(tmp(), 'k.db'));
  migrate(db);
  return db;
};

describe('migrations', () => {
  it('create the schema once, tracked in user_version, and do nothing the second time', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(migrate(db)).toEqual({ from: 1, to: 1 });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['audit', 'audit_heads', 'installed_lists', 'operators', 'outbox', 'registrations', 'scan_log', 'settings', 'tubes']);
  });
  it('run in WAL mode with synchronous=FULL', () => {
    const dir = tmp();
    createWritable(join(dir, 'k.db')).close();
    const db = openWritable(join(dir, 'k.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });
  it('refuse a database newer than the code, changing nothing', () => {
    const db = fresh();
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(db.pragma('user_version', { simple: true })).toBe(99);
  });
  it('roll back entirely when a migration fails', () => {
    const db = createWritable(join(tmp(), 'k.db'));
    expect(() => migrate(db, [{ version: 1, name: 'ok', up: 'CREATE TABLE a (x INTEGER) STRICT;' }, { version: 2, name: 'broken', up: 'CREATE TABLE b (;' }])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });
});

describe('opening a damaged file', () => {
  it('says the file is not a kiosk database and leaves it byte for byte as it was', () => {
    const path = join(tmp(), 'k.db');
    const junk = Buffer.from('this is not sqlite at all, just some text that happens to be here'.repeat(100));
    writeFileSync(path, junk);
    expect(() => openWritable(path)).toThrow(DatabaseOpenError);
    expect(() => openWritable(path)).toThrow(/not a readable kiosk database/);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });
});

describe('the instance lock', () => {
  it('refuses a second kiosk process on the same data directory and frees itself when the first ends', () => {
    const dir = tmp();
    const lock = acquireInstanceLock(dir);
    const bs3 = createRequire(import.meta.url).resolve('better-sqlite3');
    const other = `const D = require(${JSON.stringify(bs3)}); const db = new D(${JSON.stringify(join(dir, 'kiosk.lock'))}, { timeout: 0 });
      try { db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); } catch (e) { console.log(e.code); }`;
    expect(spawnSync(process.execPath, ['-e', other], { encoding: 'utf8' }).stdout.trim()).toBe('SQLITE_BUSY');
    expect(() => acquireInstanceLock(dir)).toThrow(InstanceLockedError);
    lock.release();
    expect(spawnSync(process.execPath, ['-e', other], { encoding: 'utf8' }).stdout.trim()).toBe('locked');
  });
});

describe('the audit chain', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signer = (m: Uint8Array) => new Uint8Array(sign(null, m, privateKey));
  const check = (s: Uint8Array, m: Uint8Array) => verify(null, m, publicKey, s);
  const filled = (n: number) => {
    const db = fresh();
    for (let i = 1; i <= n; i++) appendAudit(db, { at: 1000 + i, actor: 'op1', action: 'registration', detail: { n: i } });
    return db;
  };
  it('verifies an untouched chain and counts entries after the last signed head', () => {
    const db = filled(10);
    signAuditHead(db, signer, 2000, 'export');
    appendAudit(db, { at: 3000, actor: 'op1', action: 'x', detail: {} });
    expect(verifyAudit(db, check)).toEqual({ ok: true, entries: 11, signedHeads: 1, unsignedTail: 1, problems: [] });
  });
  it('shows a changed entry at its sequence number', () => {
    const db = filled(10);
    db.prepare("UPDATE audit SET detail = '{\"n\":99}' WHERE seq = 4").run();
    const r = verifyAudit(db, check);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: 4, problem: expect.stringMatching(/content changed/) as string }]);
  });
  it('shows an entry removed from the middle', () => {
    const db = filled(10);
    db.prepare('DELETE FROM audit WHERE seq = 6').run();
    expect(verifyAudit(db, check).problems[0]).toEqual({ seq: 7, problem: 'entries 6..6 are missing' });
  });
  it('shows a tail cut after a signed head', () => {
    const db = filled(10);
    signAuditHead(db, signer, 2000, 'shutdown');
    db.prepare('DELETE FROM audit WHERE seq > 7').run();
    const r = verifyAudit(db, check);
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.problem).toMatch(/removed from the end/);
  });
  it('shows a rewritten chain whose head no longer matches the signature', () => {
    const db = filled(5);
    signAuditHead(db, signer, 2000, 'export');
    // rewrite entry 5 and recompute its hash consistently: only the signed head can tell
    db.prepare('DELETE FROM audit WHERE seq = 5').run();
    appendAudit(db, { at: 1005, actor: 'op1', action: 'registration', detail: { n: 'forged' } });
    const r = verifyAudit(db, check);
    expect(r.problems).toEqual([{ seq: 5, problem: expect.stringMatching(/differs from the head signed/) as string }]);
  });
  it('refuses a head signed by another key', () => {
    const db = filled(3);
    const other = generateKeyPairSync('ed25519');
    signAuditHead(db, (m) => new Uint8Array(sign(null, m, other.privateKey)), 2000, 'export');
    expect(verifyAudit(db, check).problems[0]?.problem).toMatch(/bad signature/);
  });
});
