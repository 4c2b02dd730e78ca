/**
 * Exporting registrations: CSV, JSON Lines or xlsx, streamed. The rows come
 * from one `.iterate()` over the database and leave as bounded chunks, so
 * memory stays flat however many rows there are. The same generator feeds a
 * file (synchronous writes, `kiosk export`) or a Node stream with
 * backpressure (the supervisor screen).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { assertNever } from '@ymt/verifier-core';
import { ALL_TIME, iterateExportRows, type ExportRange } from '../db/export-queries.js';
import type { ReadableDB } from '../db/handles.js';
import { COLUMNS, displayCells } from './columns.js';
import { ByteChunks } from './byte-chunks.js';
import { csvHead, csvRowEncoder } from './csv.js';
import { cstTimeFormatter } from './cst-time.js';
import { jsonLineEncoder } from './json-lines.js';
import { XlsxWriter } from './xlsx-writer.js';
import { ZipTooLargeError } from './zip-writer.js';

export const EXPORT_FORMATS = ['csv', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export interface ExportOptions {
  readonly format: ExportFormat;
  /** Unix seconds, inclusive; from the beginning when absent. */
  readonly from?: number;
  /** Unix seconds, exclusive; to the end when absent. */
  readonly to?: number;
  /** Full ID numbers; masked (first 4, stars, last 4) otherwise. */
  readonly fullId: boolean;
  /** Stamps the parts of an xlsx file. */
  readonly now: number;
}

export interface ChunkOptions {
  /** The consumer is done with each chunk before it asks for the next: the same buffer may carry them all. */
  readonly reuseChunks?: boolean;
}

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** Bytes of text gathered before a chunk leaves. */
const CHUNK_BYTES = 256 * 1024;
const XLSX_WIDTHS = [26, 10, 21, 13, 12, 10, 10, 15, 9, 12, 18, 8, 12, 14, 16, 16, 10, 12, 14, 38];

export function exportRange(o: { from?: number; to?: number }): ExportRange {
  const range = { from: o.from ?? ALL_TIME.from, to: o.to ?? ALL_TIME.to };
  if (!(range.from < range.to)) throw new ExportError('the start of the range (--from) must be before its end (--to)');
  return range;
}

/**
 * The export as a lazy sequence of chunks; the generator's value is the
 * number of rows. Stopping early (break, an error in the consumer) closes
 * the database statement.
 */
export function* exportChunks(db: ReadableDB, o: ExportOptions & ChunkOptions): Generator<Uint8Array, number, undefined> {
  const rows = iterateExportRows(db, exportRange(o), o.fullId);
  let n = 0;
  try {
    switch (o.format) {
      case 'csv':
      case 'json': {
        const line = o.format === 'csv' ? csvRowEncoder() : jsonLineEncoder();
        const out = new ByteChunks(CHUNK_BYTES, o.reuseChunks === true);
        if (o.format === 'csv') out.write(csvHead());
        for (const row of rows) {
          const text = line(row);
          n++;
          if (!out.fits(text)) {
            const full = out.take();
            if (full !== null) yield full;
            if (!out.fitsEmpty(text)) {
              yield Buffer.from(text, 'utf8');
              continue;
            }
          }
          out.write(text);
        }
        const last = out.take();
        if (last !== null) yield last;
        return n;
      }
      case 'xlsx': {
        const parts: Uint8Array[] = [];
        const book = new XlsxWriter((b) => parts.push(b), o.now, COLUMNS.map((c) => c.header), { widths: XLSX_WIDTHS });
        const time = cstTimeFormatter();
        try {
          for (const row of rows) {
            book.row(displayCells(row, time));
            n++;
            if (parts.length > 0) yield* parts.splice(0);
          }
          book.finish();
        } catch (e) {
          if (e instanceof ZipTooLargeError) throw new ExportError(e.message);
          throw e;
        }
        yield* parts.splice(0);
        return n;
      }
      default:
        return assertNever(o.format);
    }
  } finally {
    rows.return?.();
  }
}

/**
 * Writes the export through a synchronous sink (e.g. `fs.writeSync` on a
 * file); returns the number of rows. A chunk is valid only during the call
 * that receives it (its buffer is reused): copy it to keep it.
 */
export function exportToSink(db: ReadableDB, o: ExportOptions, write: (chunk: Uint8Array) => void): number {
  const chunks = exportChunks(db, { ...o, reuseChunks: true });
  try {
    for (;;) {
      const next = chunks.next();
      if (next.done === true) return next.value;
      write(next.value);
    }
  } finally {
    chunks.return(0);
  }
}

/** Waits until the stream takes more, failing if it closes first (a client that went away). */
async function drained(stream: Writable): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(stream, 'close', { signal: ac.signal }).then(() => {
        throw new ExportError('the output was closed before the export finished');
      }),
    ]);
  } finally {
    ac.abort();
  }
}

/**
 * Writes the export to a Node stream (an HTTP response, a file stream),
 * waiting for 'drain' whenever the stream's buffer is full. Does not end the
 * stream. Returns the number of rows.
 */
export async function exportToStream(db: ReadableDB, o: ExportOptions, stream: Writable): Promise<number> {
  const chunks = exportChunks(db, o);
  try {
    for (;;) {
      const next = chunks.next();
      if (next.done === true) return next.value;
      if (stream.destroyed) throw new ExportError('the output was closed before the export finished');
      if (!stream.write(next.value)) await drained(stream);
    }
  } finally {
    chunks.return(0);
  }
}
