/** Installed signed lists: SQL only. */
import type { ReadableDB, WritableDB } from './handles.js';

export type ListType = 'ymt-trust-list' | 'ymt-status-list';

export interface InstalledListRow {
  readonly id: number;
  readonly type: ListType;
  readonly seq: number;
  readonly issued_at: number | null;
  readonly expires_at: number | null;
  readonly installed_at: number;
  readonly source: string;
  readonly envelope: string;
}

export function currentList(db: ReadableDB, type: ListType): InstalledListRow | undefined {
  return db.prepare('SELECT * FROM installed_lists WHERE type = ? ORDER BY seq DESC LIMIT 1').get(type) as InstalledListRow | undefined;
}

export function insertList(db: WritableDB, l: Omit<InstalledListRow, 'id'>): void {
  db.prepare('INSERT INTO installed_lists (type, seq, issued_at, expires_at, installed_at, source, envelope) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    l.type, l.seq, l.issued_at, l.expires_at, l.installed_at, l.source, l.envelope,
  );
}
