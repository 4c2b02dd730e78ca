/** The `kiosk` command as an installer runs it: the built binary, a real data directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fixtureCases } from '../test-support/kiosk-fixture.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../../bin/kiosk.js');
function kiosk(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, KIOSK_PIN: '135790', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function newKiosk(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kiosk-cli-')), 'data');
  const r = kiosk(['init', '--data-dir', dir, '--root-key', fixtureCases.rootPublicKey, '--site', 'testing', '--supervisor-id', 'sup1', '--supervisor-name', '李主管', '--kiosk-id', 'K01']);
  if (r.code !== 0) throw new Error(r.err);
  return dir;
}

describe('kiosk init', () => {
  it('creates a data directory and refuses one that already holds a kiosk, changing nothing', () => {
    const dir = newKiosk();
    const before = readFileSync(join(dir, 'kiosk.db'));
    const again = kiosk(['init', '--data-dir', dir, '--root-key', fixtureCases.rootPublicKey, '--site', 'testing', '--supervisor-id', 'x', '--supervisor-name', 'x']);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds a kiosk/);
    expect(readFileSync(join(dir, 'kiosk.db')).equals(before)).toBe(true);
  });
  it('refuses a bad root key, a bad site and a short PIN with a message', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kiosk-cli-')), 'data');
    const base = ['init', '--data-dir', dir, '--supervisor-id', 's', '--supervisor-name', 's'];
    expect(kiosk([...base, '--root-key', 'abc', '--site', 'testing']).err).toMatch(/root-key: expected 43/);
    expect(kiosk([...base, '--root-key', fixtureCases.rootPublicKey, '--site', 'airport']).err).toMatch(/site-type: expected one of testing, transport-hub/);
    expect(kiosk([...base, '--root-key', fixtureCases.rootPublicKey, '--site', 'testing'], { KIOSK_PIN: '12' }).err).toMatch(/4 to 12 digits/);
  });
  it('reads the data directory from KIOSK_DATA_DIR', () => {
    const dir = newKiosk();
    const r = kiosk(['config', 'get', 'kiosk-id'], { KIOSK_DATA_DIR: dir });
    expect(r.out.trim()).toBe('K01');
    expect(kiosk(['config', 'get', 'kiosk-id'], { KIOSK_DATA_DIR: '' }).err).toMatch(/--data-dir DIR is required/);
  });
});

describe('kiosk lists install', () => {
  it('installs each file on its own and exits 1 naming each refused file and why', () => {
    const dir = newKiosk();
    const notAList = join(dir, '..', 'notes.txt');
    writeFileSync(notAList, 'hello');
    const r = kiosk(['lists', 'install', '--data-dir', dir, join(FIXTURES, 'lists/trust-list.json'), notAList, join(FIXTURES, 'lists/status-list.json'), join(FIXTURES, 'lists/trust-list.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/trust-list.json: installed ymt-trust-list seq 1/);
    expect(r.out).toMatch(/status-list.json: installed ymt-status-list seq 1/);
    expect(r.err).toMatch(/notes.txt: refused \(NOT_JSON\)/);
    expect(r.err).toMatch(/trust-list.json: refused \(NOT_NEWER\)/);
  });
  it('refuses a list signed by another root and keeps the one installed', () => {
    const dir = newKiosk();
    kiosk(['lists', 'install', '--data-dir', dir, join(FIXTURES, 'lists/trust-list.json')]);
    const env = JSON.parse(readFileSync(join(FIXTURES, 'lists/trust-list.json'), 'utf8')) as { payload: string; signature: string };
    const forged = join(dir, '..', 'forged.json');
    writeFileSync(forged, JSON.stringify({ ...env, signature: env.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }));
    const r = kiosk(['lists', 'install', '--data-dir', dir, forged]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BAD_SIGNATURE/);
    expect(kiosk(['lists', 'status', '--data-dir', dir, '--json']).out).toMatch(/"seq":1/);
  });
});

describe('kiosk config, operators and audit', () => {
  it('changes a setting with a check, adds operators, and verifies the audit chain until it is tampered with', () => {
    const dir = newKiosk();
    expect(kiosk(['config', 'set', '--data-dir', dir, 'tube-label-pattern', '^TB[0-9]{13}$']).code).toBe(0);
    expect(kiosk(['config', 'set', '--data-dir', dir, 'tube-label-pattern', '([']).err).toMatch(/valid regular expression/);
    expect(kiosk(['config', 'set', '--data-dir', dir, 'colour', 'red']).err).toMatch(/unknown setting/);
    expect(kiosk(['operators', 'add', '--data-dir', dir, '--id', 'op1', '--name', '王护士', '--role', 'operator']).code).toBe(0);
    expect(kiosk(['operators', 'add', '--data-dir', dir, '--id', 'op1', '--name', '王护士', '--role', 'operator']).err).toMatch(/already exists/);
    expect(kiosk(['operators', 'list', '--data-dir', dir]).out).toMatch(/op1\toperator\tactive\t王护士/);
    const ok = kiosk(['audit', 'verify', '--data-dir', dir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/intact/);
    const db = new Database(join(dir, 'kiosk.db'));
    db.prepare("UPDATE audit SET actor = 'someone-else' WHERE seq = 2").run();
    db.close();
    const broken = kiosk(['audit', 'verify', '--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BREAK at entry 2/);
  });
  it('says plainly when the directory holds no kiosk', () => {
    const r = kiosk(['lists', 'status', '--data-dir', mkdtempSync(join(tmpdir(), 'empty-'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/holds no kiosk/);
  });
});
