import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the README example imports the package by name; in tests that name means this source tree
  resolve: { alias: { '@voip/phone': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { testTimeout: 20_000, hookTimeout: 20_000 },
});
