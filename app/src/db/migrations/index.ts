/**
 * The migrations, an explicit numbered list (no directory scanning). Add a
 * file, import it here at the end; never edit one that has shipped.
 */
import { m001Initial } from './001-initial.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [m001Initial];
