/**
 * Runs the migrations a database lacks, in one transaction, tracked in
 * PRAGMA user_version; refuses a database newer than this code.
 */
import type { WritableDB } from './handles.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

export function schemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: WritableDB, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: position ${i + 1} holds version ${m.version}`);
  });
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new SchemaTooNewError(
      `the database is at schema version ${from}, newer than this kiosk software knows (${latest}). Nothing was changed: install the newer kiosk software.`,
    );
  }
  if (from === latest) return { from, to: latest };
  db.transaction(() => {
    for (const m of migrations.slice(from)) db.exec(m.up);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return { from, to: latest };
}
