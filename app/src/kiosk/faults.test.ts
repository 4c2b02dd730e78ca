/** Faults: a full disk, a list fetch that fails; nothing stored is lost or altered. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { verifyAudit } from '../db/audit.js';
import type { NewRegistration } from '../db/registrations.js';
import { deviceKey } from './data-dir.js';
import { commitRegistration } from './registrations.js';
import { Station } from './station.js';
import { fetchLists } from './list-fetch.js';
import { setConfig } from './config.js';
import { FIXTURES, FIXTURE_NOW, code, makeKiosk } from '../test-support/kiosk-fixture.js';

describe('a full disk', () => {
  it('fails the registration that does not fit as a whole (row, outbox and audit together), keeps every earlier one, and works again when space is back', () => {
    const { db, dir } = makeKiosk();
    const s = new Station(db, () => FIXTURE_NOW);
    s.signedIn({ id: 'sup1', name: '李主管', role: 'supervisor' });
    const tube = s.openTube('TB2026031800100', 20);
    // The disk has room for what is there now and a little more.
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 3}`);
    let committed = 0;
    let failure: unknown = null;
    for (let i = 0; i < 10_000 && failure === null; i++) {
      try {
        commitRegistration(db, registration(tube.id, i), { actor: 'sup1', lane: 'pooled', tubeLabel: tube.label, poolSize: 1_000_000 });
        committed++;
      } catch (e) {
        failure = e;
      }
    }
    expect((failure as { code?: string }).code).toBe('SQLITE_FULL');
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n('SELECT count(*) AS n FROM registrations')).toBe(committed);
    expect(n('SELECT count(*) AS n FROM outbox')).toBe(committed);
    expect(n("SELECT count(*) AS n FROM audit WHERE action = 'registration'")).toBe(committed);
    const pub = deviceKey(dir).publicKey;
    expect(verifyAudit(db, (sig, msg) => nodeEd25519Verify(sig, msg, pub)).ok).toBe(true);
    // The station reports it as an error, never as a registration.
    expect(() => s.scanCode(code('personal-live-green'))).toThrow(/NOT saved: the disk is full/);
    db.pragma('max_page_count = 1073741823');
    expect(s.scanCode(code('personal-live-green')).type).toBe('registered');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

function registration(tubeId: number, i: number): NewRegistration {
  return {
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tubeId, personName: '测试', idNumber: `61011319900101${String(i).padStart(4, '0')}`, phone: null,
    codeKind: 'personal', codeMode: 'live', codeCid: `cid-${i}`, codeIssuer: '610100', guardianName: null, guardianPhone4: null, outcome: 'ACCEPT', reason: 'OK',
    color: 'green', sampleType: 'throat', samplingUnit: '测试医院', siteName: '测试点', kioskId: 'K-TEST-01', operatorId: 'sup1', sampledAt: FIXTURE_NOW,
  };
}

describe('fetching lists from the server', () => {
  it('installs what the server serves, keeps the lists when the server is down or serves garbage', async () => {
    const { db } = makeKiosk({ lists: false });
    let mode: 'good' | 'garbage' | 'error' = 'good';
    const server = createServer((req, res) => {
      if (mode === 'error') return void res.writeHead(503).end();
      if (mode === 'garbage') return void res.writeHead(200).end('<html>captive portal</html>');
      const file = req.url === '/v1/lists/trust' ? 'trust-list.json' : 'status-list.json';
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(join(FIXTURES, 'lists', file)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      setConfig(db, 'server-url', url, 'test', FIXTURE_NOW);
      const first = await fetchLists(db, { now: FIXTURE_NOW, fetch });
      expect(first.map((r) => r.outcome.installed)).toEqual([true, true]);
      mode = 'garbage';
      expect((await fetchLists(db, { now: FIXTURE_NOW, fetch })).map((r) => !r.outcome.installed && r.outcome.reason)).toEqual(['NOT_JSON', 'NOT_JSON']);
      mode = 'error';
      expect((await fetchLists(db, { now: FIXTURE_NOW, fetch })).map((r) => !r.outcome.installed && r.outcome.reason)).toEqual(['HTTP_ERROR', 'HTTP_ERROR']);
      setConfig(db, 'server-url', 'http://127.0.0.1:9', 'test', FIXTURE_NOW);
      expect((await fetchLists(db, { now: FIXTURE_NOW, fetch, timeoutMs: 2000 })).map((r) => !r.outcome.installed && r.outcome.reason)).toEqual(['OFFLINE', 'OFFLINE']);
      expect((db.prepare('SELECT count(*) AS n FROM installed_lists').get() as { n: number }).n).toBe(2);
    } finally {
      server.close();
    }
  });
});
