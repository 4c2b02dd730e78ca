/** Messages between the camera loop and its decode worker. */
import type { DecodedSymbol, SymbolFormat } from '@ymt/verifier-core/decode';

export interface DecodeRequest {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  /** RGBA pixels; the buffer is transferred, not copied. */
  readonly pixels: ArrayBuffer;
  readonly budgetMs: number;
  readonly formats: readonly SymbolFormat[];
}

export type DecodeResponse =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly symbols: readonly DecodedSymbol[];
      readonly ms: number;
      readonly pass: string | null;
    };
