/**
 * Serves the built renderer (kiosk-ui/dist) on loopback with the kiosk's
 * Content Security Policy: scripts and workers from our own origin only,
 * WebAssembly compilation allowed ('wasm-unsafe-eval'), no eval, no remote
 * anything. The browser kiosk, `kiosk serve-ui` and the browser tests use it;
 * the Electron window sets the same policy.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** kiosk-ui/dist as built by `npm run build`, found from app/dist/server or app/src/server. */
export const UI_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../kiosk-ui/dist');

export async function serveUi(root: string = UI_DIST, opts: { port?: number; host?: string } = {}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path);
    if (!file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': KIOSK_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${opts.host ?? '127.0.0.1'}:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
