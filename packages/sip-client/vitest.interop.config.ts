import { defineConfig } from 'vitest/config';

/**
 * Interop suite: SIPClient over UDP/TCP/TLS against Kamailio on 127.0.0.1 (Debian `kamailio`, `kamailio-tls-modules`;
 * `scripts/install-peers.sh` installs them). Files run one after another; nothing is retried.
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
  },
});
