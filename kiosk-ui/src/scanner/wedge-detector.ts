/**
 * Keyboard-wedge scanners type their codes: this tells a scan from a person
 * typing, from the key events alone. Pure: fed plain objects (a KeyboardEvent
 * fits), no DOM, no clock of its own (timestamps come with the events, and
 * `flush(now)` is the caller's timer).
 *
 * Policy:
 * - Characters come from `event.code` (the physical key, i.e. the HID usage
 *   the scanner sent) through a US-layout table, never from `event.key`, so
 *   Caps Lock and the operating system's keyboard layout (AZERTY, ...) change
 *   nothing. Scanners type as a US keyboard by default; leave them so.
 * - Letters are upper case whatever Shift says: YMT1 codes (Base45:
 *   0-9 A-Z space $ % * + - . / :) and tube labels are upper case, and the
 *   verifier undoes case anyway.
 * - A scan is at least `minChars` characters arriving on average less than
 *   `maxAvgGapMs` apart, ended by a terminator key (Enter or Tab). A gap
 *   longer than `pauseMs` ends the burst. Anything else is typing and is
 *   handed back to the caller to pass on.
 * - While an input method is composing (a Chinese IME), keys are refused:
 *   they belong to the IME, and a scan typed into it would come out mangled.
 *   Chrome sends the key that starts a composition with isComposing false but
 *   key 'Process', so that counts as composing too.
 * - A fast burst that ends without its terminator (a pause, another key, the
 *   flush timer) is refused, not passed on as typing: half a health code must
 *   not land in a text field. The fast burst that follows a paused one within
 *   `tailWindowMs` is the rest of that scan, and is refused too: a part of a
 *   code is never a scan.
 */

/** The fields of a KeyboardEvent the detector reads. */
export interface WedgeKeyEvent {
  readonly code: string;
  readonly key: string;
  readonly shiftKey: boolean;
  readonly isComposing: boolean;
  readonly timeStamp: number;
  readonly type: 'keydown';
}

export interface WedgeScan {
  readonly kind: 'scan';
  readonly text: string;
  /** From the first character to the terminator. */
  readonly ms: number;
  readonly chars: number;
}

/** Input that was typing: the caller passes it on (to the focused field). `key` is a non-character key (Backspace, an arrow, a lone Enter). */
export interface WedgeTyping {
  readonly kind: 'typing';
  readonly text: string;
  readonly key?: string;
}

export type WedgeRefusal = 'IME_COMPOSING' | 'NO_TERMINATOR' | 'INTERRUPTED' | 'PAUSED';

export interface WedgeRefused {
  readonly kind: 'refused';
  readonly reason: WedgeRefusal;
  readonly message: string;
  /** What was thrown away (characters mapped so far, or the composing key). */
  readonly text: string;
}

export type WedgeOutcome = WedgeScan | WedgeTyping | WedgeRefused;

export interface WedgeOptions {
  /** Average gap between characters below which a burst is a scanner (default 35 ms; scanners send every 1–20 ms, people every 100+). */
  readonly maxAvgGapMs?: number;
  /** A gap longer than this ends a burst (default 100 ms). */
  readonly pauseMs?: number;
  /** Fewer characters than this are typing, however fast (default 4: fast key rollover is 2–3). */
  readonly minChars?: number;
  /** `event.code` values that end a scan (default Enter, NumpadEnter, Tab). */
  readonly terminators?: readonly string[];
  /** When false, a fast burst ended by the flush timer is a scan too (scanners set up without a suffix). Default true. */
  readonly requireTerminator?: boolean;
  /** A fast burst starting this soon after a paused one is that scan's rest, and is refused (default 1000 ms). */
  readonly tailWindowMs?: number;
}

/** US layout: code → [unshifted, shifted]. Letters are handled apart (always upper case). */
const US_KEYS: Readonly<Record<string, readonly [string, string]>> = {
  Digit1: ['1', '!'], Digit2: ['2', '@'], Digit3: ['3', '#'], Digit4: ['4', '$'], Digit5: ['5', '%'],
  Digit6: ['6', '^'], Digit7: ['7', '&'], Digit8: ['8', '*'], Digit9: ['9', '('], Digit0: ['0', ')'],
  Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'], Backslash: ['\\', '|'],
  Semicolon: [';', ':'], Quote: ["'", '"'], Backquote: ['`', '~'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'],
  Space: [' ', ' '],
  Numpad0: ['0', '0'], Numpad1: ['1', '1'], Numpad2: ['2', '2'], Numpad3: ['3', '3'], Numpad4: ['4', '4'],
  Numpad5: ['5', '5'], Numpad6: ['6', '6'], Numpad7: ['7', '7'], Numpad8: ['8', '8'], Numpad9: ['9', '9'],
  NumpadAdd: ['+', '+'], NumpadSubtract: ['-', '-'], NumpadMultiply: ['*', '*'], NumpadDivide: ['/', '/'], NumpadDecimal: ['.', '.'],
};

const MODIFIERS = new Set(['ShiftLeft', 'ShiftRight', 'CapsLock', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight', 'NumLock']);

/** The character a US keyboard types for this key, or null for keys that type none. Letters come out upper case. */
export function charForCode(code: string, shiftKey: boolean): string | null {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  const pair = US_KEYS[code];
  if (pair === undefined) return null;
  return shiftKey ? pair[1] : pair[0];
}

interface Burst {
  text: string;
  first: number;
  last: number;
  chars: number;
  /** It began soon after a fast burst was refused for a pause or a missing terminator. */
  afterCut: boolean;
}

export class WedgeDetector {
  private readonly maxAvgGapMs: number;
  private readonly pauseMs: number;
  private readonly minChars: number;
  private readonly terminators: ReadonlySet<string>;
  private readonly requireTerminator: boolean;
  private readonly tailWindowMs: number;
  private burst: Burst | null = null;
  /** Until when a new fast burst counts as the rest of a scan that was cut. */
  private tailUntil = -Infinity;

  constructor(o: WedgeOptions = {}) {
    this.maxAvgGapMs = positive('maxAvgGapMs', o.maxAvgGapMs ?? 35);
    this.pauseMs = positive('pauseMs', o.pauseMs ?? 100);
    this.minChars = positive('minChars', o.minChars ?? 4);
    this.terminators = new Set(o.terminators ?? ['Enter', 'NumpadEnter', 'Tab']);
    this.requireTerminator = o.requireTerminator ?? true;
    this.tailWindowMs = o.tailWindowMs ?? 1000;
    if (!(this.tailWindowMs >= 0)) throw new RangeError(`tailWindowMs: expected 0 or more, got ${this.tailWindowMs}`);
  }

  /** Characters held while deciding (the caller may show nothing yet). */
  get pending(): string {
    return this.burst?.text ?? '';
  }

  /** One key event in; what it settled, in order (often nothing while a burst goes on). */
  feed(ev: WedgeKeyEvent): WedgeOutcome[] {
    if (ev.type !== 'keydown') return [];
    const out: WedgeOutcome[] = [];
    if (ev.isComposing || ev.key === 'Process') {
      const held = this.burst?.text ?? '';
      this.burst = null;
      out.push({
        kind: 'refused',
        reason: 'IME_COMPOSING',
        message: 'an input method (IME) is composing: scanner input is refused until it is switched to direct (English) input',
        text: held + (ev.key === 'Process' ? '' : ev.key),
      });
      return out;
    }
    if (MODIFIERS.has(ev.code)) return out;

    // A pause ends the burst before this key counts.
    if (this.burst !== null && ev.timeStamp - this.burst.last > this.pauseMs) out.push(...this.settle('PAUSED'));

    if (this.terminators.has(ev.code)) {
      const b = this.burst;
      this.burst = null;
      if (b !== null && this.looksScanned(b, ev.timeStamp) && b.afterCut) {
        out.push({ kind: 'refused', reason: 'PAUSED', message: `the rest of a scan that paused (${b.chars} characters); it was discarded, scan again`, text: b.text });
      } else if (b !== null && this.looksScanned(b, ev.timeStamp)) {
        out.push({ kind: 'scan', text: b.text, ms: ev.timeStamp - b.first, chars: b.chars });
      } else {
        if (b !== null) out.push({ kind: 'typing', text: b.text });
        out.push({ kind: 'typing', text: '', key: ev.code });
      }
      return out;
    }

    const ch = charForCode(ev.code, ev.shiftKey);
    if (ch === null) {
      // Backspace, arrows, function keys, keys outside the US table.
      out.push(...this.settle('INTERRUPTED', ev.code));
      out.push({ kind: 'typing', text: '', key: ev.code });
      return out;
    }
    if (this.burst === null) this.burst = { text: ch, first: ev.timeStamp, last: ev.timeStamp, chars: 1, afterCut: ev.timeStamp <= this.tailUntil };
    else {
      this.burst.text += ch;
      this.burst.last = ev.timeStamp;
      this.burst.chars++;
    }
    return out;
  }

  /**
   * The caller's timer: call it when no key has come for a while (e.g. every
   * 50 ms with `now` = performance.now()). Settles a burst that has gone quiet
   * for longer than `pauseMs`: typing is handed back, a fast burst without its
   * terminator is refused (or is a scan, with requireTerminator false).
   */
  flush(now: number): WedgeOutcome[] {
    if (this.burst === null || now - this.burst.last <= this.pauseMs) return [];
    return this.settle('NO_TERMINATOR');
  }

  private settle(why: 'PAUSED' | 'INTERRUPTED' | 'NO_TERMINATOR', key?: string): WedgeOutcome[] {
    const b = this.burst;
    this.burst = null;
    if (b === null) return [];
    if (!this.looksScanned(b, b.last)) return [{ kind: 'typing', text: b.text }];
    if (why === 'NO_TERMINATOR' && !this.requireTerminator && !b.afterCut) return [{ kind: 'scan', text: b.text, ms: b.last - b.first, chars: b.chars }];
    if (why !== 'INTERRUPTED') this.tailUntil = b.last + this.tailWindowMs;
    const message =
      why === 'PAUSED'
        ? `a scan paused after ${b.chars} characters without its terminator; it was discarded, scan again`
        : why === 'INTERRUPTED'
          ? `a scan was interrupted after ${b.chars} characters by the ${key ?? 'another'} key; it was discarded, scan again`
          : `a scan of ${b.chars} characters ended without Enter or Tab; set the scanner's suffix to Enter (CR), or it was cut short`;
    return [{ kind: 'refused', reason: why, message, text: b.text }];
  }

  /** At least minChars, and on average faster than maxAvgGapMs between keys (counting the terminator's gap when there is one). */
  private looksScanned(b: Burst, end: number): boolean {
    if (b.chars < this.minChars) return false;
    const gaps = end === b.last ? b.chars - 1 : b.chars;
    return (end - b.first) / gaps < this.maxAvgGapMs;
  }
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name}: expected a positive number, got ${v}`);
  return v;
}
