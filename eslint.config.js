// Lint with type information, zero warnings (npm run lint). The import
// restrictions keep dependencies pointing one way (see ../shared/STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'fixtures/out/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['verifier-core/src/**/*.ts'],
    ignores: ['verifier-core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'crypto', 'os', 'child_process', 'util', 'buffer', 'stream', 'worker_threads'].map((name) => ({
            name,
            message: 'verifier-core is pure: take what you need as an argument (the CLI in verifier-core/cli/ is the Node side).',
          })),
          patterns: [
            { group: ['node:*'], message: 'verifier-core is pure: take what you need as an argument (the CLI in verifier-core/cli/ is the Node side).' },
            { group: ['**/cli/**', '@ymt/app', '@ymt/app/**', '@ymt/kiosk-ui', '@ymt/kiosk-ui/**'], message: 'verifier-core depends on nothing of ours: app and the CLI depend on it, not the other way.' },
          ],
        },
      ],
    },
  },
  {
    files: ['kiosk-ui/**/*.ts', 'kiosk-ui/**/*.tsx'],
    // The browser tests drive the whole kiosk (the app's server serving the built pages): they may start app code.
    ignores: ['kiosk-ui/e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@ymt/app', '@ymt/app/**', '**/app/src/**'], message: 'kiosk-ui talks to the app only through the contract types and the transport; do not import app code.' }] },
      ],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
