/** The `ymt` command as a person or a script runs it: the built binary, real files, real pipes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { base64urlEncode } from '../src/index.js';
import { ISSUER, NOW, ROOT, issue, keyEntry, signEnvelope, trustPayload } from '../test-support/kit.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/ymt.js');
const dir = mkdtempSync(join(tmpdir(), 'ymt-cli-'));
const write = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const trust = write('trust.json', signEnvelope(trustPayload()));
const expiredTrust = write('trust-expired.json', signEnvelope(trustPayload({ expiresAt: NOW - 1 })));
const status = write('status.json', signEnvelope({ type: 'ymt-status-list', seq: 1, entries: [] }));
const rootKey = base64urlEncode(ROOT.publicKey);

function ymt(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    get lines() {
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    },
  };
}
const verify = (extra: string[], input?: string) => ymt(['verify', '--root-key', rootKey, '--trust-list', trust, '--now', String(NOW), ...extra], input);

describe('ymt verify', () => {
  it('judges payloads given as arguments, in order, exit 0 whatever the outcomes', () => {
    const r = verify([issue(), 'TB2026031800123', issue({ colour: 'red' })]);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.reason)).toEqual(['OK', 'NOT_YMT', 'RED']);
    expect(r.lines[0]).toMatchObject({ outcome: 'ACCEPT', color: 'green', kind: 'personal', name: '张三' });
    expect(String(r.lines[0]?.idMasked)).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(r.lines[0]?.expiresAt).toMatch(/\+08:00$/);
  });
  it('reads standard input split on LF, trims CR, skips blank lines', () => {
    const input = `${issue()}\r\n\n   \n${issue({ kind: 'kin' })}\nnot a code\n${issue()}`; // no final newline
    const r = verify([], input);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.reason)).toEqual(['OK', 'OK', 'NOT_YMT', 'OK']);
  });
  it('takes --now as ISO 8601 with Z or an offset', () => {
    const t = issue();
    expect(ymt(['verify', '--root-key', rootKey, '--trust-list', trust, '--now', '2026-03-18T10:00:00+08:00', t]).lines[0]?.reason).toBe('OK');
    expect(ymt(['verify', '--root-key', rootKey, '--trust-list', trust, '--now', '2026-03-18T02:00:00Z', t]).lines[0]?.reason).toBe('OK');
    expect(ymt(['verify', '--root-key', rootKey, '--trust-list', trust, '--now', '2026-03-19T02:00:00Z', t]).lines[0]?.reason).toBe('EXPIRED');
  });
  it('gives every code TRUST_LIST_EXPIRED when the trust list has expired, and exits 0', () => {
    const r = ymt(['verify', '--root-key', rootKey, '--trust-list', expiredTrust, '--now', String(NOW), issue(), issue()]);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.reason)).toEqual(['TRUST_LIST_EXPIRED', 'TRUST_LIST_EXPIRED']);
  });
  it('applies --site and --skew', () => {
    expect(verify(['--site', 'transport-hub', issue({ kind: 'kin' })]).lines[0]?.reason).toBe('KIN_NOT_ACCEPTED');
    expect(verify(['--skew', '0', issue({ iat: NOW + 60, exp: NOW + 300 })]).lines[0]?.reason).toBe('NOT_YET_VALID');
    expect(verify(['--status-list', status, issue()]).lines[0]?.reason).toBe('OK');
  });
  it.each([
    ['no --root-key', ['verify', '--trust-list', trust, 'x'], /--root-key is required/],
    ['a root key of 31 bytes', ['verify', '--root-key', base64urlEncode(new Uint8Array(31)), '--trust-list', trust, 'x'], /32-byte/],
    ['an unreadable trust list', ['verify', '--root-key', rootKey, '--trust-list', join(dir, 'missing.json'), 'x'], /cannot read/],
    ['a trust list that is not JSON', ['verify', '--root-key', rootKey, '--trust-list', write('junk.json', 'hello'), 'x'], /not JSON/],
    ['a list signed by another key', ['verify', '--root-key', base64urlEncode(ISSUER.publicKey), '--trust-list', trust, 'x'], /BAD_SIGNATURE/],
    ['a status list as the trust list', ['verify', '--root-key', rootKey, '--trust-list', status, 'x'], /status list, not a trust list/],
    ['a list of the wrong type', ['verify', '--root-key', rootKey, '--trust-list', write('wrong.json', signEnvelope({ type: 'other', seq: 1 })), 'x'], /WRONG_TYPE/],
    ['a bad --site', ['verify', '--root-key', rootKey, '--trust-list', trust, '--site', 'airport', 'x'], /--site/],
    ['a bad --skew', ['verify', '--root-key', rootKey, '--trust-list', trust, '--skew', '-5', 'x'], /--skew/],
    ['--now without a zone', ['verify', '--root-key', rootKey, '--trust-list', trust, '--now', '2026-03-18T10:00:00', 'x'], /--now/],
    ['an unknown option', ['verify', '--root-key', rootKey, '--trust-list', trust, '--colour', 'x'], /Unknown option/],
    ['an unknown command', ['verfy'], /unknown command/],
  ])('exits 2 with a message and nothing on stdout for %s', (_name, args, message) => {
    const r = ymt(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});

describe('the authority side: keygen, issue, sign-list', () => {
  it('makes keys, a trust list and codes that ymt verify accepts, and a printable card', () => {
    const d = mkdtempSync(join(tmpdir(), 'ymt-auth-'));
    const root = ymt(['keygen', '--out', join(d, 'root.json'), '--seed-label', 'cli-test/root']);
    const issuer = ymt(['keygen', '--out', join(d, 'issuer.json')]);
    expect(root.code).toBe(0);
    expect(statSync(join(d, 'root.json')).mode & 0o777).toBe(0o600);
    const rootPub = root.lines[0] as { publicKey: string };
    const iss = issuer.lines[0] as { kid: string; publicKey: string };
    // deterministic from the label
    expect(ymt(['keygen', '--out', join(d, 'root2.json'), '--seed-label', 'cli-test/root']).lines[0]).toEqual(root.lines[0]);
    // refuses to overwrite
    expect(ymt(['keygen', '--out', join(d, 'root.json')]).code).toBe(2);

    writeFileSync(join(d, 'trust-payload.json'), JSON.stringify({ type: 'ymt-trust-list', seq: 1, expiresAt: NOW + 86400 * 30, keys: [{ ...iss, issuer: '610100', kinds: [1, 2], notBefore: NOW - 86400, notAfter: NOW + 86400 * 365 }] }));
    expect(ymt(['sign-list', '--key', join(d, 'root.json'), '--out', join(d, 'trust.json'), join(d, 'trust-payload.json')]).code).toBe(0);

    const kin = ymt(['issue', '--key', join(d, 'issuer.json'), '--kind', 'kin', '--mode', 'offline', '--name', '王小明', '--id', '610113201903052170',
      '--guardian-name', '王*华', '--guardian-phone', '5678', '--iat', String(NOW - 3600), '--png', join(d, 'card.png')]);
    if (kin.code !== 0) throw new Error(kin.err);
    const text = kin.out.trim();
    expect(text.startsWith('YMT1:')).toBe(true);
    expect(readFileSync(join(d, 'card.png')).subarray(1, 4).toString()).toBe('PNG');
    const v = ymt(['verify', '--root-key', rootPub.publicKey, '--trust-list', join(d, 'trust.json'), '--now', String(NOW), text]);
    expect(v.lines[0]).toMatchObject({ outcome: 'ACCEPT', kind: 'kin', mode: 'offline', name: '王小明', guardian: { maskedName: '王*华', phoneLast4: '5678' } });
  });
  it('refuses to issue a kin code for a 30-year-old or a bad ID number unless --unchecked', () => {
    const d = mkdtempSync(join(tmpdir(), 'ymt-iss-'));
    ymt(['keygen', '--out', join(d, 'k.json')]);
    const base = ['issue', '--key', join(d, 'k.json'), '--name', '郑强', '--kind', 'kin', '--guardian-name', '郑*', '--guardian-phone', '1111', '--iat', String(NOW)];
    const adult = ymt([...base, '--id', '610113199605202177']);
    expect(adult.code).toBe(2);
    expect(adult.err).toMatch(/0-16 and 60\+|check character/);
    expect(ymt([...base, '--id', '610113199605202170', '--unchecked']).code).toBe(0);
    expect(ymt([...base, '--id', '12345']).err).toMatch(/18/);
  });
  it('refuses to sign a list with a key entry kiosks would ignore', () => {
    const d = mkdtempSync(join(tmpdir(), 'ymt-sign-'));
    ymt(['keygen', '--out', join(d, 'root.json')]);
    const bad = { ...keyEntry(), kid: base64urlEncode(new Uint8Array(8)) };
    writeFileSync(join(d, 'p.json'), JSON.stringify(trustPayload({ keys: [keyEntry(), bad] })));
    const r = ymt(['sign-list', '--key', join(d, 'root.json'), join(d, 'p.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ignore 1/);
    writeFileSync(join(d, 'q.json'), JSON.stringify({ type: 'ymt-trust-list', keys: [] }));
    expect(ymt(['sign-list', '--key', join(d, 'root.json'), join(d, 'q.json')]).err).toMatch(/seq/);
  });
  it('prints help for every command', () => {
    for (const c of ['verify', 'keygen', 'issue', 'sign-list']) {
      const r = ymt([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: ymt /);
    }
    expect(ymt(['--help']).out).toMatch(/verify/);
  });
});

describe('times on the command line', () => {
  it.each([
    ['2026-03-18T10:00:00+08:00', 1773799200],
    ['2026-03-18T10:00:00+0800', 1773799200],
    ['2026-03-18T02:00:00Z', 1773799200],
    ['2026-03-18T02:00:00.999z', 1773799200],
    ['2026-03-18T10:00+08:00', 1773799200],
    ['2026-03-17T21:00:00-05:00', 1773799200],
    ['1773799200', 1773799200],
  ])('reads --now %s', async (text, unix) => {
    const { parseInstant } = await import('./cli-error.js');
    expect(parseInstant(text, '--now')).toBe(unix);
  });
  it.each(['2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-03-18T24:00:00Z', '2026-03-18T10:00:00', '2026-03-18', 'yesterday', '-5', '1e9'])('refuses --now %s', async (text) => {
    const { parseInstant } = await import('./cli-error.js');
    expect(() => parseInstant(text, '--now')).toThrow(/--now/);
  });
});
