/**
 * Database handles. All SQL lives in this folder (app/src/db); services get a
 * handle and call the functions here. Read-only and writable handles are
 * different types (as Signal's ReadableDB / WritableDB), so a function that
 * only reads says so and cannot be handed a write by mistake.
 *
 * Policy: WAL with synchronous=FULL, so that a registration the screen has
 * confirmed is on disk before the confirmation (a power cut loses nothing
 * committed). better-sqlite3 is synchronous: transactions never await.
 */
import Database from 'better-sqlite3';

declare const readable: unique symbol;
declare const writable: unique symbol;
export type ReadableDB = Database.Database & { readonly [readable]: true };
export type WritableDB = ReadableDB & { readonly [writable]: true };

export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}

function configure(db: Database.Database, write: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (write) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
}

/** Reads one value so that a file that is not a database, or is damaged at its start, fails here with a clear message. */
function probe(db: Database.Database, path: string): void {
  try {
    db.pragma('schema_version', { simple: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    db.close();
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DatabaseOpenError(
        `${path} is not a readable kiosk database (${code}). Nothing was changed. Restore it from a backup or export, or move it aside and run \`kiosk init\` again.`,
      );
    }
    throw e;
  }
}

export function openWritable(path: string): WritableDB {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (e) {
    throw new DatabaseOpenError(`cannot open ${path}: ${(e as Error).message}`);
  }
  probe(db, path);
  configure(db, true);
  return db as WritableDB;
}

export function openReadable(path: string): ReadableDB {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, readonly: true });
  } catch (e) {
    throw new DatabaseOpenError(`cannot open ${path}: ${(e as Error).message}`);
  }
  probe(db, path);
  configure(db, false);
  return db as ReadableDB;
}

/** Creates a new, empty database file (for `kiosk init` and tests). */
export function createWritable(path: string): WritableDB {
  const db = new Database(path);
  configure(db, true);
  return db as WritableDB;
}
