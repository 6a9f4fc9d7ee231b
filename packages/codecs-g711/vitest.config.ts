import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README example imports the package by name; tests run it against the source.
export default defineConfig({
  resolve: { alias: { '@voip/codecs-g711': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { testTimeout: 10_000 },
});
