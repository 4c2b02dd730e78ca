/**
 * One kiosk process per data directory. The lock is an exclusive SQLite lock
 * on a small file beside the database: the operating system releases it when
 * the process ends, however it ends, so there is no stale lock to clear
 * after a power cut. Command-line tools that only read or make small changes
 * do not take it; SQLite's own locking serialises their writes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export class InstanceLockedError extends Error {
  override readonly name = 'InstanceLockedError';
}

export interface InstanceLock {
  release(): void;
}

export function acquireInstanceLock(dataDir: string): InstanceLock {
  const path = join(dataDir, 'kiosk.lock');
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new InstanceLockedError(`another kiosk process is already running on ${dataDir}; close it first (one kiosk per data directory)`);
    }
    throw e;
  }
  return {
    release(): void {
      if (db.open) {
        db.exec('ROLLBACK');
        db.close();
      }
    },
  };
}
