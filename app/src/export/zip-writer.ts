/**
 * A minimal streaming ZIP writer, synchronous, for the xlsx export: each
 * entry is written as it is produced (sizes and CRC in a data descriptor
 * after the data), so memory holds one chunk, never the whole file.
 *
 * Compression uses Node's native zlib without a stream: each chunk is
 * deflated on its own and ends with a sync flush (byte-aligned, not final),
 * and the last one with a final block. Concatenated, they are one valid
 * deflate stream (the technique pigz uses); each chunk's matches refer only
 * to its own bytes, which costs a little ratio at chunk boundaries.
 *
 * Policy: no ZIP64. A part or the archive reaching 4 GiB is refused with a
 * clear error rather than written damaged; an xlsx sheet is capped at
 * 1,048,576 rows anyway, which stays far below that.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { ByteChunks } from './byte-chunks.js';

const MAX_32 = 0xffffffff;
/** Bytes gathered before a chunk is deflated. */
const CHUNK_BYTES = 1 << 20;
const EMPTY = Buffer.alloc(0);

export class ZipTooLargeError extends Error {
  override readonly name = 'ZipTooLargeError';
}

interface Entry {
  readonly name: Buffer;
  readonly offset: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

/** MS-DOS date and time fields, from Unix seconds shown in China Standard Time. */
function dosDateTime(unixSeconds: number): { date: number; time: number } {
  const d = new Date((unixSeconds + 8 * 3600) * 1000);
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

export interface ZipEntryWriter {
  write(text: string): void;
  end(): void;
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private writing = false;
  private readonly stamp: { date: number; time: number };

  /** `out` receives the archive's bytes in order; `modified` (Unix seconds) stamps every entry. */
  constructor(
    private readonly out: (bytes: Uint8Array) => void,
    modified: number,
    private readonly level = 6,
  ) {
    this.stamp = dosDateTime(modified);
  }

  private emit(bytes: Uint8Array): void {
    this.out(bytes);
    this.offset += bytes.length;
  }

  /** A small part, written whole. */
  addFile(name: string, text: string): void {
    const e = this.startEntry(name);
    e.write(text);
    e.end();
  }

  /** A part written piece by piece; end it before starting the next. */
  startEntry(name: string): ZipEntryWriter {
    if (this.writing) throw new Error('zip: end the current entry before starting another');
    this.writing = true;
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 name
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes (14..25) stay zero: they follow the data.
    header.writeUInt16LE(nameBytes.length, 26);
    this.emit(header);
    this.emit(nameBytes);

    // Reused: each chunk is deflated before the next is gathered.
    const pending = new ByteChunks(CHUNK_BYTES, true);
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = (raw: Buffer, final: boolean): void => {
      crc = crc32(raw, crc);
      size += raw.length;
      const z = deflateRawSync(raw, { level: this.level, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
      compressed += z.length;
      if (size > MAX_32 || compressed > MAX_32 || this.offset + z.length > MAX_32) {
        throw new ZipTooLargeError('the workbook would pass 4 GiB: export a shorter time range (--from/--to), or use csv');
      }
      this.emit(z);
    };
    const flush = (final: boolean): void => deflate(pending.take() ?? EMPTY, final);
    return {
      write: (text: string): void => {
        if (!pending.fits(text)) {
          flush(false);
          if (!pending.fitsEmpty(text)) return deflate(Buffer.from(text, 'utf8'), false);
        }
        pending.write(text);
      },
      end: (): void => {
        flush(true);
        const dd = Buffer.alloc(16);
        dd.writeUInt32LE(0x08074b50, 0);
        dd.writeUInt32LE(crc >>> 0, 4);
        dd.writeUInt32LE(compressed, 8);
        dd.writeUInt32LE(size, 12);
        this.emit(dd);
        this.entries.push({ name: nameBytes, offset, crc: crc >>> 0, compressed, size });
        this.writing = false;
      },
    };
  }

  /** Writes the central directory. Nothing may be added afterwards. */
  finish(): void {
    if (this.writing) throw new Error('zip: end the current entry before finishing');
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, attributes: zero
      h.writeUInt32LE(e.offset, 42);
      this.emit(h);
      this.emit(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
  }
}
