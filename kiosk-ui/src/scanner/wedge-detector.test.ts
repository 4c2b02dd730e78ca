/** The keyboard-wedge detector on synthetic key-event sequences: scanners, people, Caps Lock, AZERTY, an IME. */
import { describe, expect, it } from 'vitest';
import { WedgeDetector, charForCode, type WedgeKeyEvent, type WedgeOutcome } from './wedge-detector.js';

const YMT = 'YMT1:TWGSLK/-4F69::3$*MY5HRMFN7BKGLX50Y5 %+.';
const TUBE = 'TB2026031800123';

/** The US-keyboard keys a scanner presses to type `ch`: [code, shift]. */
function keyFor(ch: string): [string, boolean] {
  if (/[A-Z]/.test(ch)) return [`Key${ch}`, true];
  if (/[0-9]/.test(ch)) return [`Digit${ch}`, false];
  const table: Record<string, [string, boolean]> = {
    ' ': ['Space', false], $: ['Digit4', true], '%': ['Digit5', true], '*': ['Digit8', true], '+': ['Equal', true],
    '-': ['Minus', false], '.': ['Period', false], '/': ['Slash', false], ':': ['Semicolon', true],
  };
  const k = table[ch];
  if (k === undefined) throw new Error(`no key for ${ch}`);
  return k;
}

interface Typing {
  /** ms between characters */
  gap: number;
  start?: number;
  /** What the OS says event.key is (layout, Caps Lock); defaults to US. */
  keyOf?: (ch: string, code: string, shift: boolean) => string;
  terminator?: string | null;
  /** Scanners press Shift around shifted characters: emit those events too. */
  shiftEvents?: boolean;
}

/** Key events for `text` typed as a US keyboard would send it. */
function type(text: string, o: Typing): WedgeKeyEvent[] {
  let t = o.start ?? 1000;
  const ev: WedgeKeyEvent[] = [];
  for (const ch of text) {
    const [code, shift] = keyFor(ch);
    if (shift && o.shiftEvents === true) ev.push({ code: 'ShiftLeft', key: 'Shift', shiftKey: true, isComposing: false, timeStamp: t - 1, type: 'keydown' });
    ev.push({ code, key: o.keyOf ? o.keyOf(ch, code, shift) : ch, shiftKey: shift, isComposing: false, timeStamp: t, type: 'keydown' });
    t += o.gap;
  }
  if (o.terminator !== null) ev.push({ code: o.terminator ?? 'Enter', key: o.terminator ?? 'Enter', shiftKey: false, isComposing: false, timeStamp: t, type: 'keydown' });
  return ev;
}

function feedAll(d: WedgeDetector, events: readonly WedgeKeyEvent[]): WedgeOutcome[] {
  return events.flatMap((e) => d.feed(e));
}

describe('WedgeDetector', () => {
  it('reads a scanner typing at 5 ms a character and ending with Enter as one scan', () => {
    const d = new WedgeDetector();
    const out = feedAll(d, type(YMT, { gap: 5, shiftEvents: true }));
    expect(out).toEqual([{ kind: 'scan', text: YMT, ms: 5 * YMT.length, chars: YMT.length }]);
    expect(d.pending).toBe('');
  });

  it('reads a tube label ended by Tab as a scan', () => {
    expect(feedAll(new WedgeDetector(), type(TUBE, { gap: 8, terminator: 'Tab' }))).toEqual([{ kind: 'scan', text: TUBE, ms: 8 * TUBE.length, chars: TUBE.length }]);
  });

  it('passes a person typing at 150 ms a character through as typing, never as a scan', () => {
    const d = new WedgeDetector();
    const out = [...feedAll(d, type(TUBE, { gap: 150 }))];
    expect(out.some((o) => o.kind === 'scan')).toBe(false);
    expect(out.filter((o) => o.kind === 'typing').map((o) => (o.kind === 'typing' ? o.text : '')).join('')).toBe(TUBE);
    expect(out.at(-1)).toEqual({ kind: 'typing', text: '', key: 'Enter' });
  });

  it('passes a fast typist (80 ms) and key rollover (3 keys at 10 ms) through as typing', () => {
    expect(feedAll(new WedgeDetector(), type('TB2026', { gap: 80 })).some((o) => o.kind === 'scan')).toBe(false);
    const out = feedAll(new WedgeDetector(), type('ABC', { gap: 10 }));
    expect(out).toEqual([{ kind: 'typing', text: 'ABC' }, { kind: 'typing', text: '', key: 'Enter' }]);
  });

  it('reads the same scan with Caps Lock on (event.key case swapped, event.code the same)', () => {
    const capsLock = (ch: string) => (ch.toUpperCase() === ch ? ch.toLowerCase() : ch.toUpperCase());
    expect(feedAll(new WedgeDetector(), type(YMT, { gap: 4, keyOf: capsLock }))).toMatchObject([{ kind: 'scan', text: YMT }]);
  });

  it('reads the same scan on a French AZERTY layout (event.key differs, event.code the same)', () => {
    // What Windows/macOS report as event.key on AZERTY for the US-position keys a scanner presses.
    const azerty: Record<string, string> = { KeyQ: 'a', KeyA: 'q', KeyW: 'z', KeyZ: 'w', KeyM: ',', Semicolon: 'm', Digit1: '&', Digit2: 'é', Digit3: '"', Digit4: "'", Digit5: '(', Digit6: '-', Digit7: 'è', Digit8: '_', Digit9: 'ç', Digit0: 'à', Minus: ')', Period: ':', Slash: '!', Comma: ';' };
    const keyOf = (ch: string, code: string) => azerty[code] ?? ch.toLowerCase();
    expect(feedAll(new WedgeDetector(), type(YMT, { gap: 4, keyOf }))).toMatchObject([{ kind: 'scan', text: YMT }]);
    expect(feedAll(new WedgeDetector(), type('TB2026031800123QAZWM', { gap: 4, keyOf }))).toMatchObject([{ kind: 'scan', text: 'TB2026031800123QAZWM' }]);
  });

  it('refuses keys while an IME is composing, with a reason, and throws away a scan in progress', () => {
    const d = new WedgeDetector();
    const scan = type(TUBE, { gap: 5 });
    expect(feedAll(d, scan.slice(0, 6))).toEqual([]);
    // Chrome: the key that starts a composition has isComposing false but key 'Process'.
    const started = d.feed({ code: 'KeyN', key: 'Process', shiftKey: false, isComposing: false, timeStamp: 1030, type: 'keydown' });
    expect(started).toEqual([{ kind: 'refused', reason: 'IME_COMPOSING', message: expect.stringMatching(/input method \(IME\) is composing/) as unknown, text: 'TB2026' }]);
    const during = d.feed({ code: 'KeyI', key: 'i', shiftKey: false, isComposing: true, timeStamp: 1035, type: 'keydown' });
    expect(during).toMatchObject([{ kind: 'refused', reason: 'IME_COMPOSING', text: 'i' }]);
    // The rest of the scan, typed into the IME, is refused too; nothing becomes a scan.
    const rest = scan.slice(6).map((e) => ({ ...e, isComposing: true }));
    const out = feedAll(d, rest);
    expect(out.every((o) => o.kind === 'refused' && o.reason === 'IME_COMPOSING')).toBe(true);
    // Composition over: the next scan reads.
    expect(feedAll(d, type(TUBE, { gap: 5, start: 5000 }))).toMatchObject([{ kind: 'scan', text: TUBE }]);
  });

  it('refuses a scan interrupted by a pause, then reads the next one', () => {
    const d = new WedgeDetector();
    const first = type(YMT, { gap: 5, terminator: null }).slice(0, 20);
    const rest = type(YMT.slice(20), { gap: 5, start: first.at(-1)!.timeStamp + 400 });
    const out = feedAll(d, [...first, ...rest]);
    expect(out[0]).toEqual({ kind: 'refused', reason: 'PAUSED', message: 'a scan paused after 20 characters without its terminator; it was discarded, scan again', text: YMT.slice(0, 20) });
    // What came after the pause is the rest of that scan: refused too, never a scan of its own.
    expect(out.slice(1)).toEqual([{ kind: 'refused', reason: 'PAUSED', message: `the rest of a scan that paused (${YMT.length - 20} characters); it was discarded, scan again`, text: YMT.slice(20) }]);
    // A rescan a moment later reads.
    expect(feedAll(d, type(YMT, { gap: 5, start: rest.at(-1)!.timeStamp + 1500 }))).toMatchObject([{ kind: 'scan', text: YMT }]);
  });

  it('flush(now) refuses a fast burst without a terminator, and hands typing back', () => {
    const d = new WedgeDetector();
    feedAll(d, type(TUBE, { gap: 5, terminator: null }));
    const last = 1000 + 5 * (TUBE.length - 1);
    expect(d.flush(last + 50)).toEqual([]);
    expect(d.pending).toBe(TUBE);
    expect(d.flush(last + 101)).toEqual([{ kind: 'refused', reason: 'NO_TERMINATOR', message: expect.stringMatching(/ended without Enter or Tab/) as unknown, text: TUBE }]);
    feedAll(d, type('AB', { gap: 150, terminator: null, start: 20_000 }));
    expect(d.flush(20_400)).toEqual([{ kind: 'typing', text: 'B' }]);
  });

  it('with requireTerminator false, flush(now) reads a fast burst as a scan', () => {
    const d = new WedgeDetector({ requireTerminator: false });
    feedAll(d, type(TUBE, { gap: 5, terminator: null }));
    expect(d.flush(5000)).toEqual([{ kind: 'scan', text: TUBE, ms: 5 * (TUBE.length - 1), chars: TUBE.length }]);
  });

  it('refuses a fast burst cut by a key outside the table, and passes that key on', () => {
    const d = new WedgeDetector();
    const ev = type(TUBE, { gap: 5, terminator: null });
    const out = feedAll(d, [...ev.slice(0, 8), { code: 'ArrowDown', key: 'ArrowDown', shiftKey: false, isComposing: false, timeStamp: ev[7]!.timeStamp + 5, type: 'keydown' }]);
    expect(out).toMatchObject([{ kind: 'refused', reason: 'INTERRUPTED', text: 'TB202603' }, { kind: 'typing', text: '', key: 'ArrowDown' }]);
  });

  it('honours a configured threshold and terminator', () => {
    const d = new WedgeDetector({ maxAvgGapMs: 60, pauseMs: 200, terminators: ['NumpadEnter'] });
    expect(feedAll(d, type(TUBE, { gap: 50, terminator: 'NumpadEnter' }))).toMatchObject([{ kind: 'scan', text: TUBE }]);
    expect(feedAll(d, type(TUBE, { gap: 50, terminator: 'Enter', start: 9000 })).some((o) => o.kind === 'scan')).toBe(false);
    expect(() => new WedgeDetector({ maxAvgGapMs: 0 })).toThrow(/maxAvgGapMs: expected a positive number/);
  });

  it('maps the US layout by event.code: every Base45 character, letters always upper case', () => {
    const base45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    for (const ch of base45) {
      const [code, shift] = keyFor(ch);
      expect(charForCode(code, shift)).toBe(ch);
    }
    expect(charForCode('KeyA', false)).toBe('A');
    expect(charForCode('Semicolon', false)).toBe(';');
    expect(charForCode('Numpad7', false)).toBe('7');
    expect(charForCode('IntlBackslash', false)).toBeNull();
  });
});
