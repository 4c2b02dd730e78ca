import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The renderer's pages. Everything, the decoder's .wasm included, is served
// from our own origin: the kiosk's CSP allows nothing else.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        'camera-check': resolve(import.meta.dirname, 'camera-check.html'),
      },
    },
  },
  worker: { format: 'es' },
});
