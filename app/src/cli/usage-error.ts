/** A usage or configuration error: `kiosk` prints the message and exits 2. */
export class KioskUsageError extends Error {
  override readonly name = 'KioskUsageError';
}

/** --data-dir, or KIOSK_DATA_DIR. */
export function dataDirFrom(value: string | undefined): string {
  const dir = value ?? process.env.KIOSK_DATA_DIR;
  if (dir === undefined || dir === '') throw new KioskUsageError('--data-dir DIR is required (or set KIOSK_DATA_DIR)');
  return dir;
}
