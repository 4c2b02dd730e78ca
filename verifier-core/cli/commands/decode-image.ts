/** `ymt decode-image`: read QR codes and Code 128 tube labels from PNG or JPEG files with the camera's decoder. */
import { parseArgs } from 'node:util';
import { createDecoder } from '../../src/decode/create-decoder.js';
import type { DecodeResult, SymbolFormat } from '../../src/decode/types.js';
import { UsageError, parseWholeNumber } from '../cli-error.js';
import { ImageFileError, readImageFile, readZxingWasmBinary } from '../image-file.js';

export const decodeImageHelp = `usage: ymt decode-image [--json] [--budget MS] [--formats qr,code128] FILE ...

Reads QR codes and Code 128 tube labels from PNG or JPEG files, with the same
decoder as the kiosk camera. Prints one line per file, in order:
  photo.jpg: QRCode "YMT1:..." (12.3 ms)
With --json, one JSON object per file:
  {"file":...,"text":"first code's text or null","ms":12.3,"pass":"full",
   "codes":[{"text":...,"format":"QRCode|Code128","corners":[{"x":..,"y":..} x4]}]}
corners are top-left, top-right, bottom-right, bottom-left in image pixels.
A file that cannot be read as an image gets {"file":...,"error":...} (and a
message on stderr); the command goes on with the next file and exits 1 at
the end. Exit 0 when every file was read, whether or not it held a code;
exit 2 for a usage error.

  --json           one JSON object per line instead of text
  --budget MS      time for the harder passes on each image (default 500;
                   the camera uses about 80)
  --formats LIST   qr, code128 or both (default qr,code128)
`;

const FORMAT_NAMES: Record<string, SymbolFormat> = { qr: 'QRCode', qrcode: 'QRCode', code128: 'Code128' };

function parseFormats(value: string): SymbolFormat[] {
  const out: SymbolFormat[] = [];
  for (const name of value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '')) {
    const f = FORMAT_NAMES[name];
    if (f === undefined) throw new UsageError(`--formats: unknown format ${JSON.stringify(name)}; expected qr and/or code128`);
    if (!out.includes(f)) out.push(f);
  }
  if (out.length === 0) throw new UsageError('--formats: expected qr and/or code128');
  return out;
}

/** One JSON line. The fields a script relies on come first and are always present. */
export function resultJson(file: string, r: DecodeResult): string {
  return JSON.stringify({
    file,
    text: r.symbols[0]?.text ?? null,
    ms: Math.round(r.ms * 10) / 10,
    pass: r.pass,
    budgetExhausted: r.budgetExhausted,
    codes: r.symbols.map((s) => ({
      text: s.text,
      format: s.format,
      corners: s.corners.map((p) => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 })),
    })),
  });
}

/** One line for a person. Texts are quoted as JSON so a control character or a newline cannot break the line. */
export function resultText(file: string, r: DecodeResult): string {
  const ms = `${r.ms.toFixed(1)} ms`;
  if (r.symbols.length === 0) return `${file}: no code found (${ms}${r.budgetExhausted ? ', ran out of time' : ''})`;
  const codes = r.symbols.map((s) => `${s.format} ${JSON.stringify(s.text)}`);
  return r.symbols.length === 1 ? `${file}: ${codes[0] ?? ''} (${ms})` : `${file}: ${r.symbols.length} codes (${ms}): ${codes.join('; ')}`;
}

export async function runDecodeImage(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      budget: { type: 'string', default: '500' },
      formats: { type: 'string', default: 'qr,code128' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(decodeImageHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`no FILE given\n\n${decodeImageHelp}`);
  const budgetMs = parseWholeNumber(values.budget, '--budget');
  const formats = parseFormats(values.formats);

  const decoder = await createDecoder({ wasmBinary: readZxingWasmBinary(), now: () => performance.now() });
  let failed = 0;
  for (const file of positionals) {
    let line: string;
    try {
      const image = readImageFile(file);
      const r = await decoder.decode(image, { budgetMs, formats });
      line = values.json ? resultJson(file, r) : resultText(file, r);
    } catch (e) {
      if (!(e instanceof ImageFileError)) throw e;
      failed++;
      process.stderr.write(`ymt decode-image: ${e.message}\n`);
      if (!values.json) continue;
      line = JSON.stringify({ file, error: e.message, text: null, codes: [] });
    }
    process.stdout.write(`${line}\n`);
  }
  return failed > 0 ? 1 : 0;
}
