import { startOfCstDay } from '@ymt/verifier-core';
/**
 * Synthetic registrations for training and benchmarks, written through the
 * real write path: every registration goes through commitRegistration (its
 * row, its upload outbox row and its audit entry), tubes are opened and
 * closed as the station does, and rejected scans go to the scan log.
 *
 * Many registrations share one outer transaction: better-sqlite3 turns the
 * write path's own transaction into a savepoint inside it, so the code path
 * is the same and only the number of disk flushes changes.
 *
 * Policy: refuses a kiosk that uploads to a server (the outbox would send
 * synthetic people to it) unless the caller allows it explicitly.
 */
import { randomInt } from 'node:crypto';
import { appendAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { findOperator } from '../db/operators.js';
import { insertScanLog, type NewRegistration } from '../db/registrations.js';
import { closeTubeRow, findTubeByLabel, insertTube, type Lane, type SampleType } from '../db/tubes.js';
import { readConfig } from '../kiosk/config.js';
import { addOperator } from '../kiosk/operators.js';
import { commitRegistration } from '../kiosk/registrations.js';
import { cstDayOf } from '../summary/cst-day.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';
import { syntheticPerson } from './synthetic-people.js';

export class DemoDataError extends Error {
  override readonly name = 'DemoDataError';
}

export const DEMO_OPERATOR = 'demo';
export const MAX_DEMO_REGISTRATIONS = 20_000_000;
export const MAX_DEMO_DAYS = 366;

export interface DemoOptions {
  readonly registrations: number;
  /** Days of data, ending today (China Standard Time). */
  readonly days: number;
  readonly seed: string;
  readonly now: number;
  /** Fill a kiosk that has a server-url, whose outbox would upload the synthetic people. */
  readonly allowServer?: boolean;
  /** Registrations per transaction (one disk flush each). */
  readonly batch?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  readonly registrations: number;
  readonly tubes: number;
  readonly closedShort: number;
  readonly rejects: number;
  readonly firstDay: string;
  readonly lastDay: string;
}

const OPEN_HOUR = 8;
const CLOSE_HOUR = 18;
// Arrivals per opening hour 08-17: a morning rush, a lunch dip, an afternoon bump.
const HOUR_WEIGHTS = [1.3, 1.5, 1.4, 1.1, 0.6, 0.7, 1.0, 1.1, 1.0, 0.8];
const REJECT_SHARE = 0.012;
const REJECT_REASONS: readonly (readonly [string, number])[] = [
  ['EXPIRED', 35], ['NOT_YMT', 20], ['MALFORMED', 15], ['REVOKED', 8], ['AGE_RULE', 5], ['NOT_YET_VALID', 4], ['UNKNOWN_KEY', 4],
  ['BAD_SIGNATURE', 3], ['KEY_NOT_VALID', 2], ['INVALID_VALIDITY', 2], ['TRUST_LIST_EXPIRED', 1], ['BAD_ID', 1],
];

interface Day {
  readonly start: number;
  /** Opening window, Unix seconds, half-open. */
  readonly open: number;
  readonly close: number;
  readonly label: string;
}


/** The D days ending today; today only up to now, and if the site has not opened yet today, the D days ending yesterday. */
export function demoDays(days: number, now: number): Day[] {
  let last = startOfCstDay(now);
  if (Math.min(last + CLOSE_HOUR * 3600, now) - (last + OPEN_HOUR * 3600) < 600) last -= 86400;
  const out: Day[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const start = last - i * 86400;
    out.push({ start, open: start + OPEN_HOUR * 3600, close: Math.min(start + CLOSE_HOUR * 3600, now), label: cstDayOf(start).replace(/-/g, '') });
  }
  return out;
}

/** Splits `total` by weight into whole numbers that add up to it (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, n) => a + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

/** `n` arrival times in the day's window, sorted, following the hourly profile. */
function arrivals(rng: SeededRandom, day: Day, n: number): Float64Array {
  const hours: (readonly [number, number])[] = [];
  for (let h = OPEN_HOUR; h < CLOSE_HOUR; h++) {
    const from = day.start + h * 3600;
    const usable = Math.max(0, Math.min(from + 3600, day.close) - from);
    if (usable > 0) hours.push([h, ((HOUR_WEIGHTS[h - OPEN_HOUR] ?? 1) * usable) / 3600]);
  }
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = rng.weighted(hours);
    const from = day.start + h * 3600;
    const span = Math.min(3600, day.close - from);
    times[i] = from + Math.floor(rng.next() * span);
  }
  return times.sort();
}

function uuidFrom(rng: SeededRandom): string {
  const b = rng.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function fillDemoData(db: WritableDB, o: DemoOptions): DemoResult {
  if (!Number.isSafeInteger(o.registrations) || o.registrations < 1 || o.registrations > MAX_DEMO_REGISTRATIONS) {
    throw new DemoDataError(`--registrations: expected a whole number from 1 to ${MAX_DEMO_REGISTRATIONS.toLocaleString('en-US')}, got ${o.registrations}`);
  }
  if (!Number.isSafeInteger(o.days) || o.days < 1 || o.days > MAX_DEMO_DAYS) throw new DemoDataError(`--days: expected a whole number from 1 to ${MAX_DEMO_DAYS}, got ${o.days}`);
  const cfg = readConfig(db);
  if (cfg['server-url'] !== '' && o.allowServer !== true) {
    throw new DemoDataError(
      `this kiosk uploads to ${cfg['server-url']}: its upload queue would send the synthetic people there. Nothing was added. Use a training kiosk without a server-url (\`kiosk config set server-url ""\`), or add --allow-server if that server is a training server`,
    );
  }
  const poolSize = Number(cfg['pool-size']);
  const sampleType = cfg['sample-type'] as SampleType;
  const kinAllowed = cfg['site-type'] !== 'transport-hub';
  const rng = seededRandom(o.seed);
  const days = demoDays(o.days, o.now);
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) throw new DemoDataError('no days to fill');

  if (findOperator(db, DEMO_OPERATOR) === undefined) {
    // Nobody signs in as the demo operator: its PIN is random and thrown away.
    addOperator(db, { id: DEMO_OPERATOR, name: '演示操作员 Demo', role: 'operator', pin: String(randomInt(10 ** 9, 10 ** 10)), now: o.now, actor: 'demo-data' });
  }
  db.transaction(() =>
    appendAudit(db, { at: o.now, actor: 'demo-data', action: 'demo-data', detail: { registrations: o.registrations, days: o.days, seed: o.seed, from: cstDayOf(first.start), to: cstDayOf(last.start) } }),
  ).immediate();

  const dayWeights = days.map((d) => ((d.close - d.open) / 3600) * (0.85 + rng.next() * 0.3));
  const perDay = apportion(o.registrations, dayWeights);
  const rejectsPerDay = apportion(Math.round(o.registrations * REJECT_SHARE), dayWeights);
  const batch = Math.max(1, o.batch ?? 5000);

  const base = {
    sampleType,
    samplingUnit: cfg['sampling-unit'],
    siteName: cfg['site-name'],
    kioskId: cfg['kiosk-id'],
    operatorId: DEMO_OPERATOR,
  };
  let tubeSeq = 0;
  let tubes = 0;
  let closedShort = 0;
  let done = 0;
  let rejects = 0;
  let pooled: { id: number; label: string; count: number; target: number } | null = null;

  const newTube = (day: Day, lane: Lane, size: number, openedAt: number): { id: number; label: string } => {
    let label: string;
    do label = `TB${day.label}${String(++tubeSeq).padStart(6, '0')}`;
    while (findTubeByLabel(db, label) !== undefined);
    const id = insertTube(db, { label, lane, poolSize: size, sampleType, operatorId: DEMO_OPERATOR, openedAt });
    appendAudit(db, { at: openedAt, actor: DEMO_OPERATOR, action: 'tube.open', detail: lane === 'single' ? { label, poolSize: 1, lane } : { label, poolSize: size } });
    tubes++;
    return { id, label };
  };
  const closeShort = (t: { id: number; label: string; count: number }, at: number): void => {
    closeTubeRow(db, t.id, at, 'manual', true);
    appendAudit(db, { at, actor: DEMO_OPERATOR, action: 'tube.close', detail: { label: t.label, count: t.count, poolSize, short: true } });
    closedShort++;
  };

  const register = (day: Day, at: number): void => {
    const person = syntheticPerson(rng, day.start, kinAllowed);
    const lot = rng.next();
    // About 1.2% refer (yellow or red: a single tube), 0.6% green in a single tube by choice, the rest green in the pooled tube.
    const refer = lot < 0.012;
    const single = refer || lot < 0.018 || poolSize === 1;
    const color = refer ? (rng.chance(0.75) ? 'yellow' : 'red') : 'green';
    let tube: { id: number; label: string };
    let size: number;
    if (single) {
      tube = newTube(day, 'single', 1, at - rng.int(5, 30));
      size = 1;
    } else {
      if (pooled === null) {
        const t = newTube(day, 'pooled', poolSize, at - rng.int(5, 40));
        // Most tubes fill up; now and then one is closed by hand early (a break, a change of operator).
        pooled = { ...t, count: 0, target: rng.chance(0.985) ? poolSize : rng.int(1, poolSize - 1) };
      }
      tube = pooled;
      size = poolSize;
    }
    const reg: NewRegistration = {
      ...base,
      uuid: uuidFrom(rng),
      tubeId: tube.id,
      personName: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
      codeKind: person.kind,
      codeMode: person.mode,
      codeCid: person.cid,
      codeIssuer: person.issuer,
      guardianName: person.guardian?.maskedName ?? null,
      guardianPhone4: person.guardian?.phoneLast4 ?? null,
      outcome: refer ? 'REFER' : 'ACCEPT',
      reason: color === 'green' ? 'OK' : color === 'yellow' ? 'YELLOW' : 'RED',
      color,
      sampledAt: at,
    };
    commitRegistration(db, reg, { actor: DEMO_OPERATOR, lane: single ? 'single' : 'pooled', tubeLabel: tube.label, poolSize: size });
    if (!single && pooled !== null) {
      pooled.count++;
      if (pooled.count >= poolSize) pooled = null; // closed full by commitRegistration
      else if (pooled.count >= pooled.target) {
        closeShort(pooled, at + rng.int(20, 90));
        pooled = null;
      }
    }
    done++;
  };

  days.forEach((day, d) => {
    const regTimes = arrivals(rng, day, perDay[d] ?? 0);
    const rejectTimes = arrivals(rng, day, rejectsPerDay[d] ?? 0);
    let i = 0;
    let j = 0;
    while (i < regTimes.length || j < rejectTimes.length) {
      db.transaction(() => {
        let n = 0;
        while (n < batch && (i < regTimes.length || j < rejectTimes.length)) {
          const tr = regTimes[i] ?? Infinity;
          const tj = rejectTimes[j] ?? Infinity;
          if (tj < tr) {
            insertScanLog(db, tj, rng.weighted(REJECT_REASONS));
            rejects++;
            j++;
          } else {
            register(day, tr);
            i++;
            n++;
          }
        }
        // End of a past day: the last pooled tube is closed by hand, short. Today's stays open.
        if (i >= regTimes.length && j >= rejectTimes.length && d < days.length - 1 && pooled !== null) {
          closeShort(pooled, Math.min(day.close, (regTimes[regTimes.length - 1] ?? day.close) + 120));
          pooled = null;
        }
      }).immediate();
      o.onProgress?.(done, o.registrations);
    }
  });
  return { registrations: done, tubes, closedShort, rejects, firstDay: cstDayOf(first.start), lastDay: cstDayOf(last.start) };
}
