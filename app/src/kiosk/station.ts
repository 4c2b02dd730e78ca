/**
 * The sampling station: what happens between "a code was read" and "the
 * registration is on disk". One Station per kiosk process; the Electron main
 * process and the browser-kiosk transport both call it.
 *
 * Policy: a registration is committed (WAL, synchronous=FULL) together with
 * its outbox row and audit entry before any function here returns it, so the
 * screen never confirms what a power cut could lose.
 */
import { randomUUID } from 'node:crypto';
import { startOfCstDay, verifyCode, type CodeDetails, type VerifyResult, type SiteType } from '@ymt/verifier-core';
import { nodeEd25519Verify } from '@ymt/verifier-core/node';
import { appendAudit } from '../db/audit.js';
import type { WritableDB } from '../db/handles.js';
import { insertScanLog, lastScanOfCode, personInTube, registrationsOfPersonSince, type NewRegistration } from '../db/registrations.js';
import { commitRegistration } from './registrations.js';
import { closeTubeRow, findTube, findTubeByLabel, insertTube, openTubes, tubeCount, type Lane, type SampleType, type TubeRow } from '../db/tubes.js';
import { readConfig, type Config } from './config.js';
import { installedLists } from './lists.js';

export interface Operator {
  readonly id: string;
  readonly name: string;
  readonly role: 'operator' | 'supervisor';
}

export interface TubeState {
  readonly id: number;
  readonly label: string;
  readonly lane: Lane;
  readonly poolSize: number;
  readonly count: number;
  readonly closed: boolean;
  readonly closedShort: boolean;
}

export type Warning =
  | { readonly type: 'same-person-today'; readonly at: number; readonly tube: string | null }
  | { readonly type: 'same-code-recently'; readonly at: number };

export type ScanOutcome =
  | { readonly type: 'rejected'; readonly result: VerifyResult }
  | { readonly type: 'refer'; readonly result: VerifyResult }
  | { readonly type: 'need-tube'; readonly result: VerifyResult }
  | { readonly type: 'duplicate-in-tube'; readonly result: VerifyResult; readonly tube: TubeState }
  | { readonly type: 'confirm'; readonly result: VerifyResult; readonly warnings: readonly Warning[]; readonly token: string }
  | { readonly type: 'registered'; readonly result: VerifyResult; readonly registrationUuid: string; readonly tube: TubeState };

export class StationError extends Error {
  override readonly name = 'StationError';
  constructor(
    readonly code: 'not-signed-in' | 'storage-failed' | 'bad-tube-label' | 'tube-used' | 'tube-open' | 'no-tube' | 'bad-pool-size' | 'bad-phone' | 'unknown-token' | 'no-trust-list',
    message: string,
  ) {
    super(message);
  }
}

const POOL_SIZES = [1, 5, 10, 20] as const;
const PENDING_TTL_SECONDS = 120;

interface Pending {
  readonly result: VerifyResult;
  readonly lane: Lane;
  readonly tubeId: number;
  readonly phone: string | null;
  readonly expiresAt: number;
}

export class Station {
  private operator: Operator | null = null;
  private readonly pending = new Map<string, Pending>();
  /** Codes seen this session (cid → time), including those not registered. */
  private readonly recentCodes = new Map<string, number>();

  constructor(
    private readonly db: WritableDB,
    private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  config(): Config {
    return readConfig(this.db);
  }

  signedIn(operator: Operator | null): void {
    this.operator = operator;
    this.pending.clear();
  }

  private requireOperator(): Operator {
    if (this.operator === null) throw new StationError('not-signed-in', 'sign in first (operator ID and PIN)');
    return this.operator;
  }

  tubeState(t: TubeRow): TubeState {
    return { id: t.id, label: t.label, lane: t.lane, poolSize: t.pool_size, count: tubeCount(this.db, t.id), closed: t.closed_at !== null, closedShort: t.closed_short === 1 };
  }

  /** The open pooled tube, if any. */
  currentTube(): TubeState | null {
    const open = openTubes(this.db, 'pooled');
    const last = open[open.length - 1];
    return last === undefined ? null : this.tubeState(last);
  }

  /** A tube label was scanned: open a pooled tube with the given or inherited pool size. */
  openTube(label: string, poolSize?: number): TubeState {
    const op = this.requireOperator();
    const cfg = this.config();
    const size = poolSize ?? Number(cfg['pool-size']);
    if (!(POOL_SIZES as readonly number[]).includes(size)) throw new StationError('bad-pool-size', 'a pooled tube holds 1, 5, 10 or 20 people');
    this.checkLabel(label, cfg);
    const current = this.currentTube();
    if (current !== null) {
      throw new StationError('tube-open', `tube ${current.label} is still open with ${current.count} of ${current.poolSize}: close it first`);
    }
    const now = this.clock();
    const id = this.db.transaction(() => {
      const tubeId = insertTube(this.db, { label, lane: 'pooled', poolSize: size, sampleType: cfg['sample-type'] as SampleType, operatorId: op.id, openedAt: now });
      appendAudit(this.db, { at: now, actor: op.id, action: 'tube.open', detail: { label, poolSize: size } });
      return tubeId;
    }).immediate();
    return this.tubeState(this.mustFindTube(id));
  }

  /** Closes the open pooled tube by hand; a tube closed short is flagged with its count. */
  closeTube(): TubeState {
    const op = this.requireOperator();
    const current = this.currentTube();
    if (current === null) throw new StationError('no-tube', 'no tube is open');
    const now = this.clock();
    const short = current.count < current.poolSize;
    this.db.transaction(() => {
      closeTubeRow(this.db, current.id, now, 'manual', short);
      appendAudit(this.db, { at: now, actor: op.id, action: 'tube.close', detail: { label: current.label, count: current.count, poolSize: current.poolSize, short } });
    }).immediate();
    return this.tubeState(this.mustFindTube(current.id));
  }

  verify(text: string): VerifyResult {
    const { trust, status } = installedLists(this.db);
    if (trust === null) throw new StationError('no-trust-list', 'no trust list is installed: a supervisor must install one (`kiosk lists install`)');
    const cfg = this.config();
    return verifyCode(text, { now: this.clock(), trustList: trust, statusList: status, site: cfg['site-type'] as SiteType, skew: Number(cfg['skew-seconds']), verify: nodeEd25519Verify });
  }

  /**
   * A person's code was scanned at the pooled lane. ACCEPT joins the open
   * tube; REFER never does (the screen sends the person to the single-tube
   * lane); REJECT registers nothing and logs only the time and the reason.
   */
  scanCode(text: string, opts: { phone?: string } = {}): ScanOutcome {
    this.requireOperator();
    const phone = this.checkPhone(opts.phone);
    const result = this.verify(text);
    if (result.outcome === 'REJECT' || result.code === null) return this.logRejected(result);
    if (result.outcome === 'REFER') {
      this.noteCode(result.code);
      return { type: 'refer', result };
    }
    const tube = this.currentTube();
    if (tube === null) return { type: 'need-tube', result };
    return this.decide(result, 'pooled', tube, phone);
  }

  /** The single-tube lane: a tube label and a code (ACCEPT or REFER) make a one-person tube. */
  registerSingle(label: string, text: string, opts: { phone?: string } = {}): ScanOutcome {
    const op = this.requireOperator();
    const phone = this.checkPhone(opts.phone);
    const cfg = this.config();
    this.checkLabel(label, cfg);
    const result = this.verify(text);
    if (result.outcome === 'REJECT' || result.code === null) return this.logRejected(result);
    const now = this.clock();
    const tubeId = this.db.transaction(() => {
      const id = insertTube(this.db, { label, lane: 'single', poolSize: 1, sampleType: cfg['sample-type'] as SampleType, operatorId: op.id, openedAt: now });
      appendAudit(this.db, { at: now, actor: op.id, action: 'tube.open', detail: { label, poolSize: 1, lane: 'single' } });
      return id;
    }).immediate();
    return this.decide(result, 'single', this.tubeState(this.mustFindTube(tubeId)), phone);
  }

  /** Registers a scan that needed a deliberate confirmation. */
  confirm(token: string): ScanOutcome {
    this.requireOperator();
    const p = this.pending.get(token);
    this.pending.delete(token);
    if (p === undefined || p.expiresAt < this.clock()) throw new StationError('unknown-token', 'that confirmation has expired: scan the code again');
    const tube = this.mustFindTube(p.tubeId);
    if (tube.closed_at !== null) throw new StationError('no-tube', `tube ${tube.label} was closed meanwhile: scan the code again`);
    return this.register(p.result, p.lane, this.tubeState(tube), p.phone);
  }

  private decide(result: VerifyResult, lane: Lane, tube: TubeState, phone: string | null): ScanOutcome {
    const code = result.code as CodeDetails;
    if (personInTube(this.db, tube.id, code.idNumber)) {
      this.noteCode(code);
      return { type: 'duplicate-in-tube', result, tube };
    }
    const now = this.clock();
    const warnings: Warning[] = [];
    const today = registrationsOfPersonSince(this.db, code.idNumber, startOfCstDay(now));
    const prior = today[today.length - 1];
    if (prior !== undefined) warnings.push({ type: 'same-person-today', at: prior.sampled_at, tube: findTube(this.db, prior.tube_id)?.label ?? null });
    const window = Number(this.config()['repeat-code-seconds']);
    const seen = Math.max(this.recentCodes.get(code.cid) ?? -Infinity, lastScanOfCode(this.db, code.cid, now - window) ?? -Infinity);
    if (seen >= now - window) warnings.push({ type: 'same-code-recently', at: seen });
    if (warnings.length > 0) {
      this.noteCode(code);
      const token = randomUUID();
      this.pending.set(token, { result, lane, tubeId: tube.id, phone, expiresAt: now + PENDING_TTL_SECONDS });
      return { type: 'confirm', result, warnings, token };
    }
    return this.register(result, lane, tube, phone);
  }

  private register(result: VerifyResult, lane: Lane, tube: TubeState, phone: string | null): ScanOutcome {
    const op = this.requireOperator();
    const code = result.code as CodeDetails;
    const cfg = this.config();
    const now = this.clock();
    const reg: NewRegistration = {
      uuid: randomUUID(),
      tubeId: tube.id,
      personName: code.name,
      idNumber: code.idNumber,
      phone,
      codeKind: result.kind === 'kin' ? 'kin' : 'personal',
      codeMode: code.mode,
      codeCid: code.cid,
      codeIssuer: code.issuer,
      guardianName: code.guardian?.maskedName ?? null,
      guardianPhone4: code.guardian?.phoneLast4 ?? null,
      outcome: result.outcome === 'REFER' ? 'REFER' : 'ACCEPT',
      reason: result.reason,
      color: result.color ?? 'red',
      sampleType: cfg['sample-type'] as SampleType,
      samplingUnit: cfg['sampling-unit'],
      siteName: cfg['site-name'],
      kioskId: cfg['kiosk-id'],
      operatorId: op.id,
      sampledAt: now,
    };
    if (personInTube(this.db, tube.id, reg.idNumber)) throw new StationError('tube-used', 'this person is already in this tube');
    try {
      commitRegistration(this.db, reg, { actor: op.id, lane, tubeLabel: tube.label, poolSize: tube.poolSize });
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
        throw new StationError('storage-failed', `the registration was NOT saved: ${code === 'SQLITE_FULL' ? 'the disk is full' : 'the disk failed'} (${code}). Nothing stored was lost; call a supervisor.`);
      }
      throw e;
    }
    // Only a committed registration counts as seen: a failed write (a full disk) must not make the re-scan ask for confirmation.
    this.noteCode(code);
    return { type: 'registered', result, registrationUuid: reg.uuid, tube: this.tubeState(this.mustFindTube(tube.id)) };
  }

  private logRejected(result: VerifyResult): ScanOutcome {
    this.db.transaction(() => insertScanLog(this.db, this.clock(), result.reason)).immediate();
    return { type: 'rejected', result };
  }

  private noteCode(code: CodeDetails): void {
    this.recentCodes.set(code.cid, this.clock());
    if (this.recentCodes.size > 10_000) {
      const cutoff = this.clock() - 86400;
      for (const [k, t] of this.recentCodes) if (t < cutoff) this.recentCodes.delete(k);
    }
  }

  private checkLabel(label: string, cfg: Config): void {
    if (!new RegExp(cfg['tube-label-pattern']).test(label)) {
      throw new StationError('bad-tube-label', `${JSON.stringify(label)} is not a tube label of this site (pattern ${cfg['tube-label-pattern']}); scan the tube's barcode`);
    }
    if (findTubeByLabel(this.db, label) !== undefined) throw new StationError('tube-used', `tube ${label} was used already: take a new tube`);
  }

  private checkPhone(phone: string | undefined): string | null {
    if (phone === undefined || phone === '') return null;
    if (!/^1[3-9][0-9]{9}$/.test(phone)) throw new StationError('bad-phone', 'a contact phone is an 11-digit mobile number starting with 1');
    return phone;
  }

  private mustFindTube(id: number): TubeRow {
    const t = findTube(this.db, id);
    if (t === undefined) throw new Error(`tube ${id} vanished`);
    return t;
  }
}
