/**
 * The tamper-evident audit log. Each entry carries the SHA-256 of the one
 * before; the head is signed with the kiosk's device key at each export and
 * on shutdown, so that removing entries from the end shows as well as
 * changing or removing any in the middle.
 */
import { createHash } from 'node:crypto';
import type { ReadableDB, WritableDB } from './handles.js';
import { stmt } from './statements.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditRow {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly detail: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export function entryHash(prevHash: string, seq: number, at: number, actor: string, action: string, detail: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${at}\n${actor}\n${action}\n${detail}`).digest('hex');
}

/** Appends an entry. Call it inside the transaction that makes the change it records. */
export function appendAudit(db: WritableDB, e: AuditInput): AuditRow {
  const last = stmt(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS_HASH;
  const detail = JSON.stringify(e.detail);
  const hash = entryHash(prev, seq, e.at, e.actor, e.action, detail);
  stmt(db, 'INSERT INTO audit (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(seq, e.at, e.actor, e.action, detail, prev, hash);
  return { seq, at: e.at, actor: e.actor, action: e.action, detail, prev_hash: prev, hash };
}

/** The bytes a head signature covers. */
export function headMessage(seq: number, hash: string, signedAt: number, reason: string): Uint8Array {
  return new TextEncoder().encode(`ymt-kiosk-audit-head\n${seq}\n${hash}\n${signedAt}\n${reason}`);
}

export function signAuditHead(db: WritableDB, sign: (message: Uint8Array) => Uint8Array, at: number, reason: 'export' | 'shutdown' | 'manual'): { seq: number; hash: string } {
  return db.transaction(() => {
    const last = stmt(db, 'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const seq = last?.seq ?? 0;
    const hash = last?.hash ?? GENESIS_HASH;
    const signature = Buffer.from(sign(headMessage(seq, hash, at, reason))).toString('base64url');
    stmt(db, 'INSERT INTO audit_heads (seq, hash, signed_at, reason, signature) VALUES (?, ?, ?, ?, ?)').run(seq, hash, at, reason, signature);
    return { seq, hash };
  }).immediate();
}

export interface AuditProblem {
  readonly seq: number;
  readonly problem: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly entries: number;
  readonly signedHeads: number;
  /** Entries after the last signed head (normal between exports; not yet covered by a signature). */
  readonly unsignedTail: number;
  readonly problems: readonly AuditProblem[];
}

/**
 * Checks the whole chain: sequence without gaps, each hash recomputed, each
 * link to the previous hash, each signed head's signature and that the chain
 * still holds the entry it signed.
 */
export function verifyAudit(db: ReadableDB, verifySignature: (signature: Uint8Array, message: Uint8Array) => boolean): AuditReport {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let entries = 0;
  const hashes = new Map<number, string>();
  for (const row of stmt(db, 'SELECT seq, at, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    entries++;
    if (row.seq !== expectedSeq) {
      problems.push({ seq: row.seq, problem: `entries ${expectedSeq}..${row.seq - 1} are missing` });
    } else if (row.prev_hash !== prev) {
      problems.push({ seq: row.seq, problem: 'does not link to the entry before it (prev_hash differs)' });
    }
    const recomputed = entryHash(row.prev_hash, row.seq, row.at, row.actor, row.action, row.detail);
    if (recomputed !== row.hash) problems.push({ seq: row.seq, problem: 'content changed after it was written (hash differs)' });
    hashes.set(row.seq, row.hash);
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  const lastSeq = expectedSeq - 1;
  let signedHeads = 0;
  let lastSigned = 0;
  for (const h of stmt(db, 'SELECT seq, hash, signed_at, reason, signature FROM audit_heads ORDER BY id').all() as {
    seq: number;
    hash: string;
    signed_at: number;
    reason: string;
    signature: string;
  }[]) {
    signedHeads++;
    if (!verifySignature(Buffer.from(h.signature, 'base64url'), headMessage(h.seq, h.hash, h.signed_at, h.reason))) {
      problems.push({ seq: h.seq, problem: `the head signed at ${h.signed_at} (${h.reason}) has a bad signature` });
      continue;
    }
    lastSigned = Math.max(lastSigned, h.seq);
    if (h.seq === 0) continue;
    const actual = hashes.get(h.seq);
    if (actual === undefined) {
      problems.push({ seq: h.seq, problem: `a signed head (${h.reason}) covers entry ${h.seq}, but the log ends at ${lastSeq}: entries were removed from the end` });
    } else if (actual !== h.hash) {
      problems.push({ seq: h.seq, problem: `differs from the head signed at ${h.signed_at} (${h.reason})` });
    }
  }
  return { ok: problems.length === 0, entries, signedHeads, unsignedTail: Math.max(0, lastSeq - lastSigned), problems };
}
