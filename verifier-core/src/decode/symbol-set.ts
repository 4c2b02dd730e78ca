/** The symbols a frame's passes have found so far, each once. */
import { pointInQuad, quadCentre, quadSize, type Quad } from './quad.js';
import type { DecodedSymbol, SymbolFormat } from './types.js';

export class SymbolSet {
  readonly #symbols: DecodedSymbol[] = [];
  readonly #passes: string[] = [];

  get symbols(): readonly DecodedSymbol[] {
    return this.#symbols;
  }

  /** The passes that contributed, in order, joined with '+', or null. */
  get passName(): string | null {
    return this.#passes.length === 0 ? null : this.#passes.join('+');
  }

  /**
   * Adds a symbol unless the same text in the same format was already found
   * at about the same place (several passes read the same code). Two labels
   * with the same text side by side stay two symbols. Returns true if added.
   */
  add(symbol: { readonly text: string; readonly format: SymbolFormat; readonly corners: Quad }, pass: string): boolean {
    const c = quadCentre(symbol.corners);
    const reach = Math.max(8, quadSize(symbol.corners) / 2);
    for (const s of this.#symbols) {
      if (s.text !== symbol.text || s.format !== symbol.format) continue;
      const d = quadCentre(s.corners);
      if (Math.hypot(c.x - d.x, c.y - d.y) <= Math.max(reach, quadSize(s.corners) / 2)) return false;
    }
    const [a, b, cc, d] = symbol.corners;
    this.#symbols.push({ text: symbol.text, format: symbol.format, corners: [{ ...a }, { ...b }, { ...cc }, { ...d }] });
    if (!this.#passes.includes(pass)) this.#passes.push(pass);
    return true;
  }

  /** True when `q` is (mostly) a symbol already decoded: its centre lies in one, or one's centre lies in it. */
  covers(q: Quad): boolean {
    const c = quadCentre(q);
    return this.#symbols.some((s) => pointInQuad(c, s.corners) || pointInQuad(quadCentre(s.corners), q));
  }
}
