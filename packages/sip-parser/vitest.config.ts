import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@voip/sip-parser': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: { testTimeout: 20_000 },
});
