import { connect, createServer } from 'node:net';
import type { StreamSocketFactory } from './stream-transport.js';

/**
 * The socket factory of SIP over TCP: a plain `node:net` listener (unless `listen` is false) and `net.connect`.
 * @param options - whether to accept connections
 * @returns the factory for a {@link StreamTransport}
 * @example new StreamTransport({ factory: tcpSocketFactory(), host: '127.0.0.1', port: 5060, clock, onMessage, onError })
 * @see RFC 3261 §18 ("All SIP elements MUST implement UDP and TCP")
 */
export function tcpSocketFactory(options: { readonly listen?: boolean } = {}): StreamSocketFactory {
  return {
    transport: 'tcp',
    ...(options.listen !== false && {
      createServer: (onSocket) => createServer({ noDelay: true }, onSocket),
    }),
    connect: (target, onReady) => connect({ host: target.host, port: target.port, noDelay: true }, onReady),
  };
}
