import { defineConfig } from 'vitest/config';

/**
 * Interop suite: the demo against real peers (Kamailio, SIPp, baresip) on 127.0.0.1.
 * Peers are heavy on 2 cores, so files run one after another in one fork; nothing is retried.
 * Run with `pnpm --filter @voip/ivr-demo test:interop` after `pnpm build`.
 */
export default defineConfig({
  test: {
    include: ['test/interop/**/*.test.ts'],
    fileParallelism: false,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    retry: 0,
    testTimeout: 60_000,
    hookTimeout: 30_000,
    teardownTimeout: 15_000,
    reporters: ['default'],
  },
});
