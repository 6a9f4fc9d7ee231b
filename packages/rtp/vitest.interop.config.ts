import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Interop suite: RTPClient against real peers (SIPp, baresip) on 127.0.0.1. Peers are heavy on 2 cores, so files
 * run one after another in one fork. Run with `pnpm --filter @voip/rtp test:interop`.
 */
export default defineConfig({
  resolve: { alias: { '@voip/rtp': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/interop/**/*.test.ts'],
    fileParallelism: false,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    retry: 0,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
