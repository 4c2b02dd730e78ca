/**
 * Writing an export file so that a failed export never leaves a half file
 * that looks complete: the data goes to a hidden temporary file beside the
 * target, is flushed to disk, and only then takes the target's name.
 *
 * Policy: an existing file is never replaced unless the caller says so
 * (--force): the link that gives the file its name fails if the name is
 * taken, so there is no window between a check and a rename. The file is
 * readable by its owner only: it holds personal data.
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ExportError } from './export-registrations.js';

function errCode(e: unknown): string {
  return (e as { code?: string }).code ?? '';
}

/** Says in words what went wrong writing `out`, and what to do. */
export function describeWriteError(e: unknown, out: string): string {
  const dir = dirname(out);
  switch (errCode(e)) {
    case 'ENOENT':
      return `cannot write ${out}: the folder ${dir} does not exist; create it or choose another --out`;
    case 'ENOTDIR':
      return `cannot write ${out}: part of the path ${dir} is a file, not a folder; choose another --out`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${out}: no permission to write in ${dir}; choose a folder you can write to`;
    case 'EROFS':
      return `cannot write ${out}: ${dir} is on a read-only disk; choose another --out (a USB stick may be write-protected)`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `cannot write ${out}: the disk is full; free some space or export a shorter time range (--from/--to)`;
    case 'EISDIR':
      return `cannot write ${out}: it is a folder; give a file name`;
    default:
      return `cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Refuses a target that exists (unless `force`) or that is a folder, before any work is done. */
export function checkOutPath(out: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (statSync(out).isDirectory()) throw new ExportError(`${out} is a folder; give a file name for --out`);
  if (!force) throw new ExportError(`${out} already exists; nothing was written (choose another name, or add --force to replace it)`);
}

export interface OutputFile {
  /** The target's absolute path. */
  readonly path: string;
  write(chunk: string | Uint8Array): void;
  /** Flushes to disk and gives the file its name; returns its size in bytes. */
  commit(): number;
  /** Removes the temporary file (safe to call after a failure, or twice). */
  discard(): void;
}

export function openOutputFile(out: string, force: boolean): OutputFile {
  const path = resolve(out);
  checkOutPath(path, force);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  let fd: number | null;
  try {
    fd = openSync(temp, 'wx', 0o600);
  } catch (e) {
    throw new ExportError(describeWriteError(e, path));
  }
  let bytes = 0;
  let done = false;
  const close = (): void => {
    if (fd !== null) {
      const f = fd;
      fd = null;
      closeSync(f);
    }
  };
  return {
    path,
    write(chunk: string | Uint8Array): void {
      if (fd === null) throw new Error('output file is closed');
      // Bytes, not a string: writeSync may write less than asked, and only a byte count can resume.
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
        bytes += data.length;
      } catch (e) {
        throw new ExportError(describeWriteError(e, path));
      }
    },
    commit(): number {
      try {
        if (fd === null) throw new Error('output file is closed');
        fsyncSync(fd);
        close();
        if (force) renameSync(temp, path);
        else {
          try {
            linkSync(temp, path);
          } catch (e) {
            if (errCode(e) === 'EEXIST') throw new ExportError(`${path} appeared while exporting; nothing was replaced (choose another name, or add --force)`);
            // Some file systems (FAT and exFAT on USB sticks) have no hard links: check, then rename.
            if (existsSync(path)) throw new ExportError(`${path} appeared while exporting; nothing was replaced (choose another name, or add --force)`);
            renameSync(temp, path);
          }
          if (existsSync(temp)) unlinkSync(temp);
        }
        done = true;
        return bytes;
      } catch (e) {
        if (e instanceof ExportError) throw e;
        throw new ExportError(describeWriteError(e, path));
      }
    },
    discard(): void {
      try {
        close();
      } catch {
        // closing a file that failed to write may fail again; the unlink below is what matters
      }
      if (!done) {
        try {
          unlinkSync(temp);
        } catch {
          // already gone
        }
      }
    },
  };
}
