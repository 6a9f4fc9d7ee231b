import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The examples import this package by its published name, as users do; tests resolve that name to the sources.
export default defineConfig({
  resolve: { alias: { '@voip/sip-client': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { include: ['src/**/*.test.ts', 'examples/**/*.test.ts'], testTimeout: 15_000 },
});
