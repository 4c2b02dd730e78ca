/** Sample tubes: SQL only. */
import { stmt } from './statements.js';
import type { ReadableDB, WritableDB } from './handles.js';

export type Lane = 'pooled' | 'single';
export type SampleType = 'throat' | 'nasal';

export interface TubeRow {
  readonly id: number;
  readonly label: string;
  readonly lane: Lane;
  readonly pool_size: number;
  readonly sample_type: SampleType;
  readonly operator_id: string;
  readonly opened_at: number;
  readonly closed_at: number | null;
  readonly closed_how: 'full' | 'manual' | null;
  readonly closed_short: number;
}

export function findTubeByLabel(db: ReadableDB, label: string): TubeRow | undefined {
  return stmt(db, 'SELECT * FROM tubes WHERE label = ?').get(label) as TubeRow | undefined;
}

export function findTube(db: ReadableDB, id: number): TubeRow | undefined {
  return stmt(db, 'SELECT * FROM tubes WHERE id = ?').get(id) as TubeRow | undefined;
}

export function openTubes(db: ReadableDB, lane: Lane): TubeRow[] {
  return stmt(db, 'SELECT * FROM tubes WHERE lane = ? AND closed_at IS NULL ORDER BY opened_at').all(lane) as TubeRow[];
}

export function insertTube(db: WritableDB, t: { label: string; lane: Lane; poolSize: number; sampleType: SampleType; operatorId: string; openedAt: number }): number {
  return Number(
    stmt(db, 'INSERT INTO tubes (label, lane, pool_size, sample_type, operator_id, opened_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      t.label, t.lane, t.poolSize, t.sampleType, t.operatorId, t.openedAt,
    ).lastInsertRowid,
  );
}

export function closeTubeRow(db: WritableDB, id: number, at: number, how: 'full' | 'manual', short: boolean): void {
  stmt(db, 'UPDATE tubes SET closed_at = ?, closed_how = ?, closed_short = ? WHERE id = ? AND closed_at IS NULL').run(at, how, short ? 1 : 0, id);
}

export function tubeCount(db: ReadableDB, id: number): number {
  return (stmt(db, 'SELECT count(*) AS n FROM registrations WHERE tube_id = ?').get(id) as { n: number }).n;
}
