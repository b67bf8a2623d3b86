// Lint: the recommended rules of ESLint and typescript-eslint, plus the project's few habits.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.convopt/**', 'test-output/**', 'bench/out/**', 'bench/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly', navigator: 'readonly', FormData: 'readonly', Blob: 'readonly', File: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly', SharedArrayBuffer: 'readonly', Atomics: 'readonly', localStorage: 'readonly', HTMLElement: 'readonly', HTMLInputElement: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly', MouseEvent: 'readonly', globalThis: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'preserve-caught-error': 'off',
    },
  },
);
