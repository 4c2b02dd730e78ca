/**
 * Storage benchmark (issue: supervisors, benchmark). Prints figures and a
 * JSON summary; never fails on time (this machine is shared and noisy).
 *
 *  (a) commits: registrations committed one at a time through
 *      commitRegistration (the station's write path: row, outbox, audit) on a
 *      kiosk database in WAL mode with synchronous=FULL. Commits per second
 *      and p50 / p99 / max commit latency.
 *  (b) export: `kiosk demo-data` fills a kiosk with BENCH_ROWS registrations
 *      (timed), then `kiosk export --format csv` of all of them (a new
 *      process each time: wall time and peak RSS) alternates with the
 *      `sqlite3` command line dumping the same rows and columns as CSV into
 *      a file, timed the same way: as stored (RAW_DUMP_SELECT: the same
 *      join, range and order), and with SQLite formatting the time in CST
 *      and masking the ID number (FORMATTED_DUMP_SELECT). Medians of
 *      BENCH_RUNS runs each, and the ratios.
 *
 * Environment: BENCH_COMMITS (2000), BENCH_ROWS (1000000), BENCH_DAYS (7),
 * BENCH_RUNS (3), BENCH_DIR (where the temporary kiosks go; the system's
 * temporary folder by default). Peak memory comes from /usr/bin/time -f %M
 * when present, else from polling VmHWM in /proc.
 *
 * It runs against the built app (app/dist), the same code the `kiosk`
 * command runs: build first (npm run build, then tsc -b app/bench).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as DataDirModule from '../src/kiosk/data-dir.js';
import type * as RegistrationsModule from '../src/kiosk/registrations.js';
import type * as TubesModule from '../src/db/tubes.js';
import type * as ExportQueriesModule from '../src/db/export-queries.js';
import type * as SeededRandomModule from '../src/demo/seeded-random.js';
import type * as PeopleModule from '../src/demo/synthetic-people.js';

/** A module of the built app, relative to app/dist (this file runs as app/dist/bench/storage-bench.js). */
const built = async <T>(path: string): Promise<T> => (await import(new URL(`../${path}`, import.meta.url).href)) as T;
const { initKiosk, openKiosk, dbPath } = await built<typeof DataDirModule>('kiosk/data-dir.js');
const { commitRegistration } = await built<typeof RegistrationsModule>('kiosk/registrations.js');
const { insertTube } = await built<typeof TubesModule>('db/tubes.js');
const { RAW_DUMP_SELECT, FORMATTED_DUMP_SELECT, ALL_TIME } = await built<typeof ExportQueriesModule>('db/export-queries.js');
const { seededRandom } = await built<typeof SeededRandomModule>('demo/seeded-random.js');
const { syntheticPerson } = await built<typeof PeopleModule>('demo/synthetic-people.js');

const COMMITS = Number(process.env.BENCH_COMMITS ?? 2000);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 7);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KIOSK_BIN = fileURLToPath(new URL('../../bin/kiosk.js', import.meta.url));
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'storage-bench-'));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const say = (s: string): boolean => process.stdout.write(`${s}\n`);

function fileSystemOf(dir: string): string {
  const p = spawnSync('df', ['-T', dir], { encoding: 'utf8' });
  return p.status === 0 ? (p.stdout.trim().split('\n')[1]?.split(/\s+/)[1] ?? 'unknown') : 'unknown';
}

function initBenchKiosk(name: string): string {
  const dir = join(work, name);
  initKiosk({
    dataDir: dir,
    settings: { 'root-key': Buffer.alloc(32, 7).toString('base64url'), 'kiosk-id': `K-BENCH-${name}`, 'site-name': '雁塔区基准测试采样点', 'sampling-unit': '基准测试医院' },
    supervisor: { id: 'bench', name: '基准主管', pin: '246810' },
    now: Math.floor(Date.now() / 1000),
  });
  return dir;
}

// ---- (a) one commit at a time, synchronous=FULL ----
function commitBench(): { commits: number; synchronous: number; perSecond: number; wallPerSecond: number; p50Ms: number; p99Ms: number; maxMs: number } {
  const dir = initBenchKiosk('commits');
  const db = openKiosk(dir);
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const rng = seededRandom('storage-bench');
  const now = Math.floor(Date.now() / 1000);
  const poolSize = 10;
  let tube: { id: number; label: string; count: number } | null = null;
  const latencies: number[] = [];
  const wall0 = process.hrtime.bigint();
  for (let i = 0; i < COMMITS; i++) {
    if (tube === null) {
      const label = `TB${String(i).padStart(10, '0')}`;
      const id = db.transaction(() => insertTube(db, { label, lane: 'pooled', poolSize, sampleType: 'throat', operatorId: 'bench', openedAt: now })).immediate();
      tube = { id, label, count: 0 };
    }
    const p = syntheticPerson(rng, now - 36_000, true);
    const t0 = process.hrtime.bigint();
    commitRegistration(
      db,
      {
        uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tubeId: tube.id, personName: p.name, idNumber: p.idNumber, phone: p.phone, codeKind: p.kind, codeMode: p.mode,
        codeCid: p.cid, codeIssuer: p.issuer, guardianName: p.guardian?.maskedName ?? null, guardianPhone4: p.guardian?.phoneLast4 ?? null, outcome: 'ACCEPT', reason: 'OK',
        color: 'green', sampleType: 'throat', samplingUnit: '基准测试医院', siteName: '雁塔区基准测试采样点', kioskId: 'K-BENCH', operatorId: 'bench', sampledAt: now,
      },
      { actor: 'bench', lane: 'pooled', tubeLabel: tube.label, poolSize },
    );
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (++tube.count >= poolSize) tube = null;
  }
  const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
  db.close();
  const total = latencies.reduce((a, b) => a + b, 0);
  return {
    commits: COMMITS,
    synchronous,
    perSecond: Math.round((COMMITS * 1000) / total),
    wallPerSecond: Math.round((COMMITS * 1000) / wallMs),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    maxMs: round(Math.max(...latencies), 3),
  };
}

// ---- (b) processes: wall time and peak RSS ----
interface Measured {
  readonly ms: number;
  readonly peakMb: number | null;
  readonly stdout: string;
}

const HAVE_TIME = existsSync('/usr/bin/time');

/** Runs a command to completion (stdout to a file when given) and measures its wall time and peak resident memory. */
function measure(cmd: string, args: readonly string[], stdoutFile?: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const out = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'w');
    const t0 = process.hrtime.bigint();
    const child = HAVE_TIME
      ? spawn('/usr/bin/time', ['-f', 'BENCH_PEAK_KB %M', cmd, ...args], { stdio: ['ignore', out, 'pipe'] })
      : spawn(cmd, args, { stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    let stdout = '';
    let hwmKb = 0;
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    // Without /usr/bin/time: poll the high-water mark of the process's resident set.
    const poll = HAVE_TIME
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8'));
            if (m !== null) hwmKb = Math.max(hwmKb, Number(m[1]));
          } catch {
            // the process has ended
          }
        }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll !== null) clearInterval(poll);
      if (typeof out === 'number') closeSync(out);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`));
      const m = /BENCH_PEAK_KB (\d+)/.exec(stderr);
      const kb = m !== null ? Number(m[1]) : hwmKb;
      resolve({ ms, peakMb: kb > 0 ? round(kb / 1024, 1) : null, stdout });
    });
  });
}

function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16 << 20);
  let lines = 0;
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

async function exportBench(): Promise<Record<string, unknown>> {
  const dir = initBenchKiosk('export');
  const node = process.execPath;
  const demo = await measure(node, [KIOSK_BIN, 'demo-data', '--data-dir', dir, '--registrations', String(ROWS), '--days', String(DAYS), '--seed', 'storage-bench']);
  say(`  demo-data ${ROWS.toLocaleString('en')} registrations over ${DAYS} days: ${(demo.ms / 1000).toFixed(1)} s (${Math.round((ROWS * 1000) / demo.ms).toLocaleString('en')} /s), peak ${demo.peakMb ?? '?'} MB`);
  const dbFile = dbPath(dir);
  say(`  database: ${(statSync(dbFile).size / 2 ** 20).toFixed(0)} MB`);

  const kioskOut = join(work, 'kiosk-export.csv');
  const sqliteOut = join(work, 'sqlite3-dump.csv');
  const sqliteArgs = (select: string): string[] => [
    '-csv', '-header', dbFile,
    `.parameter set @from ${ALL_TIME.from}`, `.parameter set @to ${ALL_TIME.to}`,
    select.replace(/\s+/g, ' '),
  ];
  const kiosk: Measured[] = [];
  const raw: Measured[] = [];
  const formatted: Measured[] = [];
  const secs = (m: Measured | undefined): string => ((m?.ms ?? 0) / 1000).toFixed(2);
  let rawLines = 0;
  for (let r = 0; r < RUNS; r++) {
    if (existsSync(kioskOut)) unlinkSync(kioskOut);
    kiosk.push(await measure(node, [KIOSK_BIN, 'export', '--data-dir', dir, '--format', 'csv', '--out', kioskOut]));
    raw.push(await measure('sqlite3', sqliteArgs(RAW_DUMP_SELECT), sqliteOut));
    if (r === 0) rawLines = countLines(sqliteOut);
    formatted.push(await measure('sqlite3', sqliteArgs(FORMATTED_DUMP_SELECT), sqliteOut));
    const [k, w, f] = [kiosk.at(-1), raw.at(-1), formatted.at(-1)];
    say(`  run ${r + 1}: kiosk export ${secs(k)} s ${k?.peakMb ?? '?'} MB | sqlite3 stored values ${secs(w)} s ${w?.peakMb ?? '?'} MB | sqlite3 CST times + masked IDs ${secs(f)} s`);
  }
  const kioskLines = countLines(kioskOut);
  if (kioskLines !== ROWS + 1 || rawLines !== ROWS + 1) say(`  NOTE: expected ${ROWS + 1} lines each, got kiosk ${kioskLines}, sqlite3 ${rawLines}`);
  const summary = await measure(node, [KIOSK_BIN, 'summary', '--data-dir', dir, '--json']);

  const kMs = median(kiosk.map((m) => m.ms));
  const rMs = median(raw.map((m) => m.ms));
  const fMs = median(formatted.map((m) => m.ms));
  return {
    rows: ROWS,
    days: DAYS,
    runs: RUNS,
    databaseMb: round(statSync(dbFile).size / 2 ** 20, 0),
    demoDataSeconds: round(demo.ms / 1000, 1),
    demoDataPerSecond: Math.round((ROWS * 1000) / demo.ms),
    demoDataPeakMb: demo.peakMb,
    kioskExportSeconds: round(kMs / 1000),
    kioskExportPeakMb: median(kiosk.map((m) => m.peakMb ?? 0)),
    kioskExportMb: round(statSync(kioskOut).size / 2 ** 20, 0),
    sqlite3Seconds: round(rMs / 1000),
    sqlite3PeakMb: median(raw.map((m) => m.peakMb ?? 0)),
    sqlite3FormattedSeconds: round(fMs / 1000),
    exportVsSqlite3: round(kMs / rMs),
    exportVsSqlite3Formatted: round(kMs / fMs),
    linesKiosk: kioskLines,
    linesSqlite3: rawLines,
    summarySeconds: round(summary.ms / 1000),
    peakFrom: HAVE_TIME ? '/usr/bin/time %M' : '/proc VmHWM polling',
  };
}

try {
  say(`storage benchmark in ${work} (${fileSystemOf(work)})`);
  say(`(a) ${COMMITS.toLocaleString('en')} registrations committed one at a time through commitRegistration`);
  const commits = commitBench();
  say(`  synchronous=${commits.synchronous === 2 ? 'FULL' : commits.synchronous} (WAL)`);
  say(`  ${commits.perSecond.toLocaleString('en')} commits/s (${commits.wallPerSecond.toLocaleString('en')} /s with tube opens)   p50 ${commits.p50Ms} ms   p99 ${commits.p99Ms} ms   max ${commits.maxMs} ms   (goal: p99 < 20 ms)`);
  say(`(b) export of ${ROWS.toLocaleString('en')} registrations to CSV, median of ${RUNS} runs, next to sqlite3 -csv dumping the same rows`);
  const exp = await exportBench();
  say(`  kiosk export                       ${String(exp.kioskExportSeconds)} s, peak ${String(exp.kioskExportPeakMb)} MB, ${String(exp.kioskExportMb)} MB written`);
  say(`  sqlite3 -csv, stored values         ${String(exp.sqlite3Seconds)} s, peak ${String(exp.sqlite3PeakMb)} MB`);
  say(`  sqlite3 -csv, CST times, masked IDs ${String(exp.sqlite3FormattedSeconds)} s`);
  say(`  ratio ${String(exp.exportVsSqlite3)}x the stored-values dump, ${String(exp.exportVsSqlite3Formatted)}x the formatted one   (goals: within 2x, under 200 MB peak)`);
  say(JSON.stringify({ commits, export: exp }));
} finally {
  if (process.env.BENCH_KEEP === undefined) rmSync(work, { recursive: true, force: true });
}
