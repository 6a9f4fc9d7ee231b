// Lint rules that keep the layering of DEVELOPERS.md: each package may import only the @voip packages below it.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Which @voip packages each workspace folder may import (testkit is dev-only, for tests and benches). */
const allowed = {
  'packages/sip-parser': [],
  'packages/codecs-g711': [],
  'packages/rtp': ['codecs-g711'],
  'packages/sip-client': ['sip-parser'],
  'packages/phone': ['sip-parser', 'sip-client', 'codecs-g711', 'rtp'],
  'apps/ivr-demo': ['phone'],
  'packages/testkit': [],
};
const all = ['sip-parser', 'sip-client', 'codecs-g711', 'rtp', 'phone', 'ivr-demo'];

const boundaries = Object.entries(allowed).map(([dir, ok]) => ({
  files: [`${dir}/src/**/*.ts`],
  ignores: [`${dir}/src/**/*.test.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...all
            .filter((name) => !ok.includes(name) && !dir.endsWith(name))
            .map((name) => ({ group: [`@voip/${name}`, `@voip/${name}/*`], message: `${dir} may not import @voip/${name} (see DEVELOPERS.md layering)` })),
          { group: ['@voip/testkit'], message: 'testkit is for tests and benches only' },
          { group: ['**/packages/*/src/**', '../../*/src/**', '../../../packages/**'], message: 'import other packages by name, through their exports' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-relative-packages': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
);
