import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { describe, expect, it } from 'vitest';
import { verifyAudit, type AuditRow } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { deviceKey, deviceSigner, openKioskReadOnly } from '../kiosk/data-dir.js';
import { addOperator } from '../kiosk/operators.js';
import { fillDemoData } from '../demo/fill-demo-data.js';
import { makeKiosk, SUPERVISOR } from '../test-support/kiosk-fixture.js';
import { exportToFile, type FileExportRequest } from './export-to-file.js';
import { ExportError } from './export-registrations.js';
import { openOutputFile } from './output-file.js';

// 2026-03-18T17:00:00+08:00
const NOW = 1773824400;

function kiosk(registrations = 40) {
  const k = makeKiosk({ lists: false });
  fillDemoData(k.db, { registrations, days: 2, seed: 'export-file', now: NOW });
  const read = openKioskReadOnly(k.dir);
  const out = mkdtempSync(join(tmpdir(), 'kiosk-out-'));
  const request = (o: Partial<FileExportRequest> = {}): FileExportRequest => ({
    format: 'csv',
    fullId: null,
    out: join(out, 'export.csv'),
    force: false,
    actor: 'cli',
    now: NOW,
    sign: deviceSigner(k.dir),
    ...o,
  });
  return { ...k, read, out, request };
}

const audits = (db: WritableDB, action: string): AuditRow[] => db.prepare('SELECT * FROM audit WHERE action = ? ORDER BY seq').all(action) as AuditRow[];
const detail = (r: AuditRow | undefined): Record<string, unknown> => JSON.parse(r?.detail ?? '{}') as Record<string, unknown>;

describe('exporting to a file', () => {
  it('writes the file, audits the export and signs the audit head', () => {
    const { db, read, dir, request } = kiosk();
    const r = exportToFile(db, read, request());
    expect(r.rows).toBe(40);
    expect(r.fullIdBy).toBeNull();
    const text = readFileSync(r.path, 'utf8');
    expect(text.split('\r\n')).toHaveLength(42);
    expect(statSync(r.path).mode & 0o777).toBe(0o600);
    const [entry] = audits(db, 'export');
    expect(entry?.actor).toBe('cli');
    expect(detail(entry)).toMatchObject({ format: 'csv', from: null, to: null, rows: 40, fullId: false, file: r.path });
    expect(audits(db, 'export.full-id')).toHaveLength(0);
    const heads = db.prepare("SELECT seq FROM audit_heads WHERE reason = 'export'").all() as { seq: number }[];
    expect(heads.at(-1)?.seq).toBe(entry?.seq);
    const pub = deviceKey(dir).publicKey;
    expect(verifyAudit(db, (sig, msg) => nodeEd25519Verify(sig, msg, pub))).toMatchObject({ ok: true, unsignedTail: 0 });
  });
  it('records the range in the audit entry in China Standard Time', () => {
    const { db, read, request } = kiosk();
    exportToFile(db, read, request({ from: NOW - 86400, to: NOW }));
    expect(detail(audits(db, 'export')[0])).toMatchObject({ from: '2026-03-17T17:00:00+08:00', to: '2026-03-18T17:00:00+08:00' });
  });
  it('refuses to replace an existing file unless forced', () => {
    const { db, read, request } = kiosk();
    const path = request().out;
    writeFileSync(path, 'keep me');
    expect(() => exportToFile(db, read, request())).toThrow(/already exists.*--force/);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    expect(audits(db, 'export')).toHaveLength(0);
    exportToFile(db, read, request({ force: true }));
    expect(readFileSync(path, 'utf8')).toMatch(/^\ufeff采样时间/);
  });
  it('fails on a path it cannot write with a clear message and leaves no file', () => {
    const { db, read, out, request } = kiosk();
    writeFileSync(join(out, 'a-file'), '');
    expect(() => exportToFile(db, read, request({ out: join(out, 'missing', 'x.csv') }))).toThrow(/folder .*missing does not exist/);
    expect(() => exportToFile(db, read, request({ out: join(out, 'a-file', 'x.csv') }))).toThrow(/is a file, not a folder/);
    expect(() => exportToFile(db, read, request({ out }))).toThrow(/is a folder/);
    expect(readdirSync(out)).toEqual(['a-file']);
    expect(audits(db, 'export')).toHaveLength(0);
  });
  it('leaves no partial file when writing fails midway', () => {
    const { out } = kiosk();
    const target = join(out, 'half.csv');
    const file = openOutputFile(target, false);
    file.write('some rows\r\n');
    // What exportToFile does when the export throws: discard in `finally`.
    file.discard();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });
  it('removes its temporary file when the export itself fails', () => {
    const { db, read, out, request } = kiosk();
    read.close(); // the rows cannot be read: the export throws after the file was opened
    expect(() => exportToFile(db, read, request())).toThrow();
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('full ID numbers', () => {
  const fullIds = (text: string) => (text.match(/\t\d{17}[\dX],|,\d{17}[\dX],/g) ?? []).length;

  it('are refused without the right PIN, counting towards the lock', () => {
    const { db, read, out, request } = kiosk();
    expect(() => exportToFile(db, read, request({ fullId: { supervisorId: SUPERVISOR.id, pin: '000000' } }))).toThrow(/wrong PIN for sup1.*4 more wrong PINs lock/);
    expect(() => exportToFile(db, read, request({ fullId: { supervisorId: 'nobody', pin: '000000' } }))).toThrow(/no operator "nobody"/);
    expect(readdirSync(out)).toEqual([]);
    expect(audits(db, 'signin.failed')).toHaveLength(1);
    expect(audits(db, 'export')).toHaveLength(0);
    expect(audits(db, 'export.full-id')).toHaveLength(0);
  });
  it('are refused to an operator who is not a supervisor, and the attempt is audited', () => {
    const { db, read, out, request } = kiosk();
    addOperator(db, { id: 'op1', name: '张三', role: 'operator', pin: '135790', now: NOW, actor: 'test' });
    expect(() => exportToFile(db, read, request({ fullId: { supervisorId: 'op1', pin: '135790' } }))).toThrow(ExportError);
    expect(() => exportToFile(db, read, request({ fullId: { supervisorId: 'op1', pin: '135790' } }))).toThrow(/op1 is an operator, not a supervisor/);
    expect(readdirSync(out)).toEqual([]);
    expect(audits(db, 'export.full-id.refused')[0]?.actor).toBe('op1');
  });
  it('are exported with a supervisor PIN and audited with the supervisor, range and row count', () => {
    const { db, read, request } = kiosk();
    const r = exportToFile(db, read, request({ fullId: { supervisorId: SUPERVISOR.id, pin: SUPERVISOR.pin }, from: NOW - 86400 * 2, to: NOW }));
    expect(r.fullIdBy).toBe('sup1');
    expect(fullIds(readFileSync(r.path, 'utf8'))).toBe(r.rows);
    const [entry] = audits(db, 'export.full-id');
    expect(entry?.actor).toBe('sup1');
    expect(detail(entry)).toEqual({ supervisor: 'sup1', from: '2026-03-16T17:00:00+08:00', to: '2026-03-18T17:00:00+08:00', rows: r.rows, file: r.path });
    expect(detail(audits(db, 'export')[0])).toMatchObject({ fullId: true, rows: r.rows });
    expect(audits(db, 'signin')).toHaveLength(1);
  });
  it('stay masked in an ordinary export', () => {
    const { db, read, request } = kiosk();
    const r = exportToFile(db, read, request());
    expect(fullIds(readFileSync(r.path, 'utf8'))).toBe(0);
  });
});
