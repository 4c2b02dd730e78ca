/** A kiosk made from the repository's fixtures: keys, lists and codes at the fixtures' time. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WritableDB } from '../db/handles.js';
import { initKiosk, openKiosk } from '../kiosk/data-dir.js';
import { installList } from '../kiosk/lists.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

interface Case { name: string; payload: string; expect: { outcome: string; reason: string } }
export const fixtureCases = JSON.parse(readFileSync(join(FIXTURES, 'codes/cases.json'), 'utf8')) as { rootPublicKey: string; now: number; cases: Case[] };
export const FIXTURE_NOW = fixtureCases.now;

export function code(name: string): string {
  const c = fixtureCases.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no fixture code ${name}`);
  return c.payload;
}

export const SUPERVISOR = { id: 'sup1', name: '李主管', pin: '246810' };

export function makeKiosk(opts: { lists?: boolean; settings?: Record<string, string> } = {}): { dir: string; db: WritableDB } {
  const dir = join(mkdtempSync(join(tmpdir(), 'kiosk-')), 'data');
  initKiosk({
    dataDir: dir,
    settings: { 'root-key': fixtureCases.rootPublicKey, 'kiosk-id': 'K-TEST-01', 'site-name': '雁塔区测试采样点', 'sampling-unit': '测试医院', ...opts.settings },
    supervisor: SUPERVISOR,
    now: FIXTURE_NOW - 3600,
  });
  const db = openKiosk(dir);
  if (opts.lists !== false) {
    for (const f of ['trust-list.json', 'status-list.json']) {
      const r = installList(db, readFileSync(join(FIXTURES, 'lists', f), 'utf8'), { source: f, actor: 'test', now: FIXTURE_NOW - 3000 });
      if (!r.installed) throw new Error(r.message);
    }
  }
  return { dir, db };
}
