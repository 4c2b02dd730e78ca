/**
 * Text gathered into bounded byte chunks, each piece encoded as UTF-8
 * straight into the chunk. Measured on an export of a million rows this is
 * about a third cheaper than joining the pieces into one long string and
 * encoding that (V8 has to flatten such a string first).
 *
 * With `reuse`, every chunk is the same buffer: for a consumer that is done
 * with a chunk before asking for the next (a synchronous file write), which
 * keeps memory flat instead of leaving a trail of buffers for the garbage
 * collector. Without it, every chunk is a new buffer, so a chunk handed to a
 * stream that keeps it until it is flushed is never overwritten.
 */
export class ByteChunks {
  private buf: Buffer;
  private used = 0;

  constructor(
    private readonly size = 1 << 20,
    private readonly reuse = false,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Whether `text` surely fits in what is left of this chunk (UTF-8 takes at most 3 bytes per UTF-16 unit). */
  fits(text: string): boolean {
    return this.used + text.length * 3 <= this.size;
  }

  /** Whether `text` could fit in an empty chunk. */
  fitsEmpty(text: string): boolean {
    return text.length * 3 <= this.size;
  }

  /** Appends text that fits (check with `fits` first). */
  write(text: string): void {
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  get length(): number {
    return this.used;
  }

  /** The bytes gathered so far (null when none), starting a new chunk. With `reuse`, valid only until the next write. */
  take(): Buffer | null {
    if (this.used === 0) return null;
    const out = this.buf.subarray(0, this.used);
    if (!this.reuse) this.buf = Buffer.allocUnsafe(this.size);
    this.used = 0;
    return out;
  }
}
