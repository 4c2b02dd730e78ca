/**
 * Trust and status lists on the kiosk: installed from a file (a USB stick) or
 * fetched from the server, only when the root signature verifies and `seq`
 * moves forward; otherwise the installed list stays. The parsed lists are
 * cached per database handle and re-read after an install.
 */
import { checkListUpgrade, parseSignedList, type SignedList, type StatusList, type TrustList } from '@ymt/verifier-core';
import { nodeEd25519Verify, parsePublicKeyArg } from '@ymt/verifier-core/node';
import { appendAudit } from '../db/audit.js';
import type { ReadableDB, WritableDB } from '../db/handles.js';
import { currentList, insertList } from '../db/lists.js';
import { getSetting } from '../db/settings.js';

export type InstallOutcome =
  | { installed: true; type: SignedList['type']; seq: number; replacedSeq: number | null }
  | { installed: false; reason: string; message: string };

function rootKey(db: ReadableDB): Uint8Array {
  const v = getSetting(db, 'root-key');
  if (v === undefined) throw new Error('no root key configured: run `kiosk init`');
  return parsePublicKeyArg(v, 'root-key');
}

function parseEnvelope(db: ReadableDB, text: string): ReturnType<typeof parseSignedList> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, refusal: 'NOT_JSON', message: 'not JSON: expected a signed list {"payload": ..., "signature": ...}' };
  }
  return parseSignedList(json, rootKey(db), nodeEd25519Verify);
}

const cache = new WeakMap<ReadableDB, { trust: TrustList | null; status: StatusList | null; trustSeq: number | null; statusSeq: number | null }>();

/** Installs one list file's text. Never throws for bad input: a refusal says why, and the installed list stays. */
export function installList(db: WritableDB, text: string, o: { source: string; actor: string; now: number }): InstallOutcome {
  const parsed = parseEnvelope(db, text);
  if (!parsed.ok) {
    db.transaction(() => appendAudit(db, { at: o.now, actor: o.actor, action: 'list.refused', detail: { source: o.source, reason: parsed.refusal } })).immediate();
    return { installed: false, reason: parsed.refusal, message: parsed.message };
  }
  const list = parsed.list;
  return db.transaction((): InstallOutcome => {
    const row = currentList(db, list.type);
    const installed = row === undefined ? null : parseEnvelope(db, row.envelope);
    const upgrade = checkListUpgrade(installed !== null && installed.ok ? installed.list : null, list);
    if (!upgrade.ok) {
      appendAudit(db, { at: o.now, actor: o.actor, action: 'list.refused', detail: { source: o.source, reason: upgrade.refusal, seq: list.seq } });
      return { installed: false, reason: upgrade.refusal, message: upgrade.message };
    }
    insertList(db, {
      type: list.type, seq: list.seq, issued_at: list.issuedAt, expires_at: list.type === 'ymt-trust-list' ? list.expiresAt : null,
      installed_at: o.now, source: o.source, envelope: text,
    });
    appendAudit(db, { at: o.now, actor: o.actor, action: 'list.installed', detail: { type: list.type, seq: list.seq, source: o.source } });
    cache.delete(db);
    return { installed: true, type: list.type, seq: list.seq, replacedSeq: row?.seq ?? null };
  }).immediate();
}

/** The installed lists, parsed (cached until the next install through this handle). */
export function installedLists(db: ReadableDB): { trust: TrustList | null; status: StatusList | null } {
  const trustRow = currentList(db, 'ymt-trust-list');
  const statusRow = currentList(db, 'ymt-status-list');
  const hit = cache.get(db);
  if (hit !== undefined && hit.trustSeq === (trustRow?.seq ?? null) && hit.statusSeq === (statusRow?.seq ?? null)) return hit;
  const parse = <T extends SignedList>(row: { envelope: string } | undefined): T | null => {
    if (row === undefined) return null;
    const p = parseEnvelope(db, row.envelope);
    return p.ok ? (p.list as T) : null;
  };
  const entry = { trust: parse<TrustList>(trustRow), status: parse<StatusList>(statusRow), trustSeq: trustRow?.seq ?? null, statusSeq: statusRow?.seq ?? null };
  cache.set(db, entry);
  return entry;
}

export interface ListHealth {
  readonly trust: { seq: number; issuedAt: number | null; expiresAt: number; installedAt: number; secondsToExpiry: number; warning: 'expired' | 'expiring' | null } | null;
  readonly status: { seq: number; issuedAt: number | null; installedAt: number; ageSeconds: number } | null;
}

/** How old the lists are and whether the trust list expires soon: for the supervisor screen and the worker's banner. */
export function listHealth(db: ReadableDB, now: number, warnDays: number): ListHealth {
  const t = currentList(db, 'ymt-trust-list');
  const s = currentList(db, 'ymt-status-list');
  return {
    trust:
      t === undefined || t.expires_at === null
        ? null
        : {
            seq: t.seq, issuedAt: t.issued_at, expiresAt: t.expires_at, installedAt: t.installed_at, secondsToExpiry: t.expires_at - now,
            warning: now >= t.expires_at ? 'expired' : t.expires_at - now <= warnDays * 86400 ? 'expiring' : null,
          },
    status: s === undefined ? null : { seq: s.seq, issuedAt: s.issued_at, installedAt: s.installed_at, ageSeconds: now - (s.issued_at ?? s.installed_at) },
  };
}
