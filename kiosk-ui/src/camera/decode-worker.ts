/**
 * The decode worker: runs verifier-core's decoder off the UI thread. The
 * decoder's WebAssembly is fetched from our own origin (bundled by Vite) and
 * handed over as bytes, so the strict CSP needs only 'wasm-unsafe-eval'.
 */
import { createDecoder, type Decoder } from '@ymt/verifier-core/decode';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { DecodeRequest, DecodeResponse } from './decode-messages.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeResponse): void;
}
const scope = self as unknown as WorkerScope;

async function load(): Promise<Decoder> {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`cannot load the decoder (${wasmUrl}: HTTP ${response.status})`);
  return createDecoder({ wasmBinary: await response.arrayBuffer(), now: () => performance.now() });
}

const ready = load();
ready.then(
  () => scope.postMessage({ type: 'ready' }),
  (e: unknown) => scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
);

scope.onmessage = (e) => {
  const req = e.data;
  void ready
    .then((decoder) =>
      decoder.decode({ data: new Uint8ClampedArray(req.pixels), width: req.width, height: req.height, format: 'rgba' }, { budgetMs: req.budgetMs, formats: req.formats }),
    )
    .then(
      (r) => scope.postMessage({ type: 'result', id: req.id, symbols: r.symbols, ms: r.ms, pass: r.pass }),
      (err: unknown) => scope.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
};
