/**
 * `kiosk export` and the supervisor screen's export: the rows from a
 * read-only handle into a file that appears only when complete, then the
 * audit entries and a signed audit head through the writable handle.
 *
 * Policy: the export is recorded before the file takes its name, so there
 * is never a finished export (least of all one with full ID numbers) that
 * the audit log does not show. If naming the file then fails, that is
 * recorded as well.
 */
import { cstIso } from '@ymt/verifier-core/node';
import { appendAudit, signAuditHead } from '../db/audit.js';
import type { ReadableDB, WritableDB } from '../db/handles.js';
import { exportRange, exportToSink, type ExportFormat } from './export-registrations.js';
import { authorizeFullId } from './full-id.js';
import { openOutputFile } from './output-file.js';

export interface FileExportRequest {
  readonly format: ExportFormat;
  readonly from?: number;
  readonly to?: number;
  /** Full ID numbers, on a supervisor's ID and PIN; null for masked. */
  readonly fullId: { readonly supervisorId: string; readonly pin: string } | null;
  readonly out: string;
  /** Replace an existing file. */
  readonly force: boolean;
  /** Who asked: the signed-in operator, or `cli`. */
  readonly actor: string;
  readonly now: number;
  /** Signs the audit head with the kiosk's device key (deviceSigner(dataDir)). */
  readonly sign: (message: Uint8Array) => Uint8Array;
}

export interface FileExportResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
  /** The supervisor who allowed full ID numbers, or null when they are masked. */
  readonly fullIdBy: string | null;
}

export function exportToFile(db: WritableDB, read: ReadableDB, req: FileExportRequest): FileExportResult {
  exportRange(req);
  const file = openOutputFile(req.out, req.force);
  try {
    const supervisor = req.fullId === null ? null : authorizeFullId(db, req.fullId.supervisorId, req.fullId.pin, req.now);
    const rows = exportToSink(read, { format: req.format, from: req.from, to: req.to, fullId: supervisor !== null, now: req.now }, (chunk) => file.write(chunk));
    const entry = { format: req.format, from: req.from, to: req.to, rows, fullIdBy: supervisor?.id ?? null, file: file.path };
    recordExport(db, req.sign, supervisor?.id ?? req.actor, req.now, entry);
    let bytes: number;
    try {
      bytes = file.commit();
    } catch (e) {
      db.transaction(() =>
        appendAudit(db, { at: req.now, actor: supervisor?.id ?? req.actor, action: 'export.failed', detail: { file: file.path, error: e instanceof Error ? e.message : String(e) } }),
      ).immediate();
      throw e;
    }
    return { path: file.path, format: req.format, rows, bytes, fullIdBy: entry.fullIdBy };
  } finally {
    file.discard();
  }
}

export interface ExportRecord {
  readonly format: ExportFormat;
  readonly from?: number;
  readonly to?: number;
  readonly rows: number;
  readonly fullIdBy: string | null;
  /** Where it went: a file path, or e.g. `download` for the screen. */
  readonly file: string;
}

/** Audits an export (`export`, and `export.full-id` when IDs are full) and signs the audit head. */
export function recordExport(db: WritableDB, sign: (message: Uint8Array) => Uint8Array, actor: string, now: number, e: ExportRecord): void {
  const range = { from: e.from === undefined ? null : cstIso(e.from), to: e.to === undefined ? null : cstIso(e.to) };
  db.transaction(() => {
    appendAudit(db, { at: now, actor, action: 'export', detail: { format: e.format, ...range, rows: e.rows, fullId: e.fullIdBy !== null, file: e.file } });
    if (e.fullIdBy !== null) appendAudit(db, { at: now, actor: e.fullIdBy, action: 'export.full-id', detail: { supervisor: e.fullIdBy, ...range, rows: e.rows, file: e.file } });
  }).immediate();
  signAuditHead(db, sign, now, 'export');
}
