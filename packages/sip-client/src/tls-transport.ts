import { isIP } from 'node:net';
import { connect, createServer } from 'node:tls';
import type { StreamSocketFactory } from './stream-transport.js';

/** Certificates for SIP over TLS (PEM text or bytes, as `node:tls` takes them). */
export interface TLSOptions {
  /** Trusted CA certificates; default Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** This side's certificate chain: needed to accept TLS connections, and for mutual TLS. */
  readonly cert?: string | Buffer;
  /** The private key of `cert`. */
  readonly key?: string | Buffer;
  /**
   * Verify the server's certificate (chain and name): default `true`. Set `false` only for testing; the connection
   * is then open to anyone in the path.
   */
  readonly rejectUnauthorized?: boolean;
  /** Ask connecting clients for a certificate and verify it against `ca` (mutual TLS); default false. */
  readonly requestClientCert?: boolean;
}

const copy = <T>(value: T | readonly T[] | undefined): T | T[] | undefined => (Array.isArray(value) ? [...(value as T[])] : (value as T | undefined));

/**
 * The socket factory of SIP over TLS: a `node:tls` listener when a certificate and key are given, and `tls.connect`
 * that verifies the server's certificate by default: its chain against `ca`, its name against the target's
 * `servername` (the domain of the SIP URI, RFC 5922 §4.1) or, for an IP literal, the IP address.
 * @param options - certificates and verification
 * @returns the factory for a {@link StreamTransport}
 * @see RFC 3261 §26.2.1; RFC 5922 (domain certificates in SIP); RFC 5630 (SIPS)
 */
export function tlsSocketFactory(options: TLSOptions = {}): StreamSocketFactory {
  const ca = copy(options.ca);
  const cert = options.cert;
  const key = options.key;
  const rejectUnauthorized = options.rejectUnauthorized ?? true;
  return {
    transport: 'tls',
    ...(cert !== undefined &&
      key !== undefined && {
        createServer: (onSocket) =>
          createServer(
            { cert, key, ...(ca !== undefined && { ca }), requestCert: options.requestClientCert ?? false, rejectUnauthorized },
            onSocket,
          ),
      }),
    connect: (target, onReady) => {
      const name = target.servername ?? target.host;
      return connect(
        {
          host: target.host,
          port: target.port,
          ...(isIP(name) === 0 && { servername: name }),
          ...(ca !== undefined && { ca }),
          ...(cert !== undefined && { cert }),
          ...(key !== undefined && { key }),
          rejectUnauthorized,
        },
        onReady,
      );
    },
  };
}
