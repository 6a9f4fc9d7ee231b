import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { VoIPPhoneOptions } from '@voip/phone';

/** What the command line asked for. */
export interface CLIOptions {
  readonly mode: 'serve' | 'call' | 'help';
  readonly host: string;
  readonly port: number;
  readonly rtpPorts: readonly [number, number];
  readonly server?: string;
  readonly user?: string;
  readonly password?: string;
  readonly domain?: string;
  readonly json: boolean;
  /** Call mode: the URI to call. */
  readonly callURI?: string;
  readonly keys: string;
  readonly keyDelayMs: number;
  readonly record?: string;
  readonly listenSeconds: number;
  /** SIP transport: udp (default), tcp or tls. */
  readonly transport?: 'udp' | 'tcp' | 'tls';
  /** PEM files: the CA that verifies the TLS server, and this side's certificate and key. */
  readonly tlsCA?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Outbound proxy SIP URI. */
  readonly outboundProxy?: string;
}

/** The usage text printed by `--help`. */
export const USAGE = `voip-ivr-demo: an IVR on @voip/phone

  pnpm demo [options]                 answer calls (direct, or through a PBX with --server)
  pnpm demo:call URI [options]        place one call, press keys, record what is heard

Options:
  --host ADDR           address to bind and advertise (default 0.0.0.0, advertising the first non-internal IPv4)
  --port N              SIP UDP port (default 5060; the caller mode defaults to 5070)
  --rtp-ports LO-HI     RTP port range (default 10000-20000)
  --server HOST[:PORT]  register to this PBX (with --user and --password; optional --domain)
  --user NAME  --password SECRET  --domain DOMAIN
  --transport udp|tcp|tls  SIP transport to the server and for URIs naming none (default udp)
  --tls-ca FILE         PEM CA certificate(s) that verify the TLS server (default: the system's roots)
  --tls-cert FILE  --tls-key FILE   this side's PEM certificate and key (to accept TLS calls)
  --outbound-proxy URI  send every request through this proxy (e.g. sip:proxy.example.com;transport=tcp)
  --json                one JSON object per line, each with an "event" field
  --call URI            caller mode: call URI (default sip:ivr@127.0.0.1:5060)
  --keys DIGITS         caller mode: DTMF keys to press after the prompt starts (default "1")
  --key-delay MS        caller mode: pause before and between keys (default 1500)
  --record FILE.wav     caller mode: write what is heard to a WAV (8 kHz mono 16-bit)
  --listen SECONDS      caller mode: stay on the call this long, then hang up (default 6)
  --help`;

/** Thrown for a command line that cannot be used; its message says what was wrong. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Parses the demo's command line.
 * @throws {@link UsageError} for unknown options or malformed values.
 */
export function parseCLI(argv: readonly string[]): CLIOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'rtp-ports': { type: 'string' },
        server: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        domain: { type: 'string' },
        json: { type: 'boolean', default: false },
        transport: { type: 'string' },
        'tls-ca': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'outbound-proxy': { type: 'string' },
        call: { type: 'boolean', default: false },
        keys: { type: 'string' },
        'key-delay': { type: 'string' },
        record: { type: 'string' },
        listen: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const positionals = parsed.positionals.filter((p) => p !== '--');
  if (v.help) return { ...defaults(), mode: 'help' };
  const callMode = v.call || positionals.length > 0;
  if (positionals.length > 1) throw new UsageError(`one URI to call, got ${positionals.join(' ')}`);
  if ((v.user || v.password) && !v.server) throw new UsageError('--user and --password go with --server');
  if (v.server && !v.user) throw new UsageError('--server needs --user (and usually --password)');
  const keys = v.keys ?? '1';
  if (!/^[0-9*#A-Da-d]*$/.test(keys)) throw new UsageError(`--keys takes 0-9 * # A-D, got ${JSON.stringify(keys)}`);
  const rtp = (v['rtp-ports'] ?? '10000-20000').split('-').map(Number);
  const [lo, hi] = rtp;
  if (rtp.length !== 2 || !isPort(lo) || !isPort(hi) || (lo as number) > (hi as number)) {
    throw new UsageError(`--rtp-ports takes LOW-HIGH, got ${v['rtp-ports']}`);
  }
  const transport = v.transport?.toLowerCase();
  if (transport !== undefined && transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
    throw new UsageError(`--transport takes udp, tcp or tls, got ${v.transport}`);
  }
  if ((v['tls-cert'] === undefined) !== (v['tls-key'] === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (v['outbound-proxy'] !== undefined && !/^sips?:/i.test(v['outbound-proxy'])) {
    throw new UsageError(`--outbound-proxy takes a SIP URI (sip:host[:port][;transport=…]), got ${v['outbound-proxy']}`);
  }
  const port = v.port === undefined ? (callMode ? 5070 : 5060) : Number(v.port);
  if (!isPort(port) && port !== 0) throw new UsageError(`--port takes 0-65535, got ${v.port}`);
  return {
    mode: callMode ? 'call' : 'serve',
    host: v.host ?? '0.0.0.0',
    port,
    rtpPorts: [lo as number, hi as number],
    ...(v.server ? { server: v.server } : {}),
    ...(v.user ? { user: v.user } : {}),
    ...(v.password !== undefined ? { password: v.password } : {}),
    ...(v.domain ? { domain: v.domain } : {}),
    json: v.json ?? false,
    ...(callMode ? { callURI: positionals[0] ?? 'sip:ivr@127.0.0.1:5060' } : {}),
    keys: keys.toUpperCase(),
    keyDelayMs: number('--key-delay', v['key-delay'], 1500),
    ...(v.record ? { record: v.record } : {}),
    listenSeconds: number('--listen', v.listen, 6),
    ...(transport !== undefined ? { transport } : {}),
    ...(v['tls-ca'] !== undefined ? { tlsCA: v['tls-ca'] } : {}),
    ...(v['tls-cert'] !== undefined ? { tlsCert: v['tls-cert'] } : {}),
    ...(v['tls-key'] !== undefined ? { tlsKey: v['tls-key'] } : {}),
    ...(v['outbound-proxy'] !== undefined ? { outboundProxy: v['outbound-proxy'] } : {}),
  };
}

function defaults(): CLIOptions {
  return { mode: 'serve', host: '0.0.0.0', port: 5060, rtpPorts: [10000, 20000], json: false, keys: '1', keyDelayMs: 1500, listenSeconds: 6 };
}

function isPort(n: number | undefined): boolean {
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= 65535;
}

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} takes a non-negative number, got ${text}`);
  return n;
}

/**
 * The `VoIPPhone` options the command line asks for (bind address, RTP range, PBX account, transport, TLS files
 * read here, outbound proxy).
 * @throws the `fs` error when a TLS file cannot be read
 */
export function phoneOptions(options: CLIOptions, userAgent: string): VoIPPhoneOptions {
  return {
    bindHost: options.host,
    bindPort: options.port,
    rtpPortLow: options.rtpPorts[0],
    rtpPortHigh: options.rtpPorts[1],
    ...(options.server ? { server: options.server } : {}),
    ...(options.user ? { username: options.user } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.tlsCA ? { tlsCA: readFileSync(options.tlsCA) } : {}),
    ...(options.tlsCert ? { tlsCert: readFileSync(options.tlsCert) } : {}),
    ...(options.tlsKey ? { tlsKey: readFileSync(options.tlsKey) } : {}),
    ...(options.outboundProxy ? { outboundProxy: options.outboundProxy } : {}),
    userAgent,
  };
}
