import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['verifier-core/**/*.test.ts', 'app/**/*.test.ts', 'kiosk-ui/**/*.test.ts', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
  },
});
