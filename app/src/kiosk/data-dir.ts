/** A kiosk's data directory: the database, the device key and the instance lock. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { keyPairFromSeed, readSecretKeyFile, writeSecretKeyFile, nodeEd25519Signer, type KeyPair } from '@ymt/verifier-core/node';
import { randomBytes } from 'node:crypto';
import { appendAudit, signAuditHead } from '../db/audit.js';
import { createWritable, openReadable, openWritable, type ReadableDB, type WritableDB } from '../db/handles.js';
import { migrate } from '../db/migrate.js';
import { putSetting } from '../db/settings.js';
import { checkConfigValue, type ConfigKey } from './config.js';
import { addOperator } from './operators.js';

export const DB_FILE = 'kiosk.db';
export const DEVICE_KEY_FILE = 'device-key.json';

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

export const dbPath = (dir: string): string => join(dir, DB_FILE);

export interface InitOptions {
  readonly dataDir: string;
  readonly settings: Partial<Record<ConfigKey, string>> & { 'root-key': string; 'kiosk-id': string };
  readonly supervisor: { id: string; name: string; pin: string };
  readonly now: number;
}

/** Creates a kiosk's data directory. Refuses one that already holds a kiosk. */
export function initKiosk(o: InitOptions): { devicePublicKey: string } {
  if (existsSync(dbPath(o.dataDir)) || existsSync(join(o.dataDir, DEVICE_KEY_FILE))) {
    throw new DataDirError(`${o.dataDir} already holds a kiosk; nothing was changed (use a new directory, or remove the old one deliberately)`);
  }
  for (const [k, v] of Object.entries(o.settings)) checkConfigValue(k, v);
  mkdirSync(o.dataDir, { recursive: true });
  const leftovers = readdirSync(o.dataDir).filter((f) => f.startsWith(DB_FILE));
  if (leftovers.length > 0) throw new DataDirError(`${o.dataDir} holds ${leftovers.join(', ')} from an earlier kiosk; move them aside first`);
  const device = keyPairFromSeed(new Uint8Array(randomBytes(32)));
  writeSecretKeyFile(join(o.dataDir, DEVICE_KEY_FILE), device, false);
  const db = createWritable(dbPath(o.dataDir));
  try {
    migrate(db);
    db.transaction(() => {
      for (const [k, v] of Object.entries(o.settings)) putSetting(db, k, v);
      putSetting(db, 'device-public-key', Buffer.from(device.publicKey).toString('base64url'));
      appendAudit(db, { at: o.now, actor: 'kiosk-init', action: 'kiosk.init', detail: { kioskId: o.settings['kiosk-id'], devicePublicKey: Buffer.from(device.publicKey).toString('base64url') } });
    }).immediate();
    addOperator(db, { ...o.supervisor, role: 'supervisor', now: o.now, actor: 'kiosk-init' });
  } finally {
    db.close();
  }
  return { devicePublicKey: Buffer.from(device.publicKey).toString('base64url') };
}

/** Opens an existing kiosk's database for writing, migrating it to this code's schema. */
export function openKiosk(dataDir: string): WritableDB {
  if (!existsSync(dbPath(dataDir))) throw new DataDirError(`${dataDir} holds no kiosk (no ${DB_FILE}); create one with \`kiosk init\``);
  const db = openWritable(dbPath(dataDir));
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function openKioskReadOnly(dataDir: string): ReadableDB {
  if (!existsSync(dbPath(dataDir))) throw new DataDirError(`${dataDir} holds no kiosk (no ${DB_FILE}); create one with \`kiosk init\``);
  return openReadable(dbPath(dataDir));
}

export function deviceKey(dataDir: string): KeyPair {
  return readSecretKeyFile(join(dataDir, DEVICE_KEY_FILE));
}

export function deviceSigner(dataDir: string): (message: Uint8Array) => Uint8Array {
  const kp = deviceKey(dataDir);
  return nodeEd25519Signer(kp.seed, kp.publicKey);
}

/** Orderly shutdown: signs the audit head (so that a cut tail shows) and closes the database. */
export function shutdownKiosk(db: WritableDB, dataDir: string, now: number): void {
  try {
    signAuditHead(db, deviceSigner(dataDir), now, 'shutdown');
  } finally {
    db.close();
  }
}
