import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README example imports the package by name; tests run it against the source.
export default defineConfig({
  resolve: { alias: { '@voip/rtp': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { testTimeout: 15_000, exclude: ['**/node_modules/**', '**/dist/**', 'test/interop/**'] },
});
