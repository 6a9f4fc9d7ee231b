import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import type { SIPURI } from '@voip/sip-parser';
import { TransportError } from './errors.js';
import { defaultPort, uriTransport, type TransportProtocol } from './transport-protocol.js';
import { stripBrackets } from './via-routing.js';

/** A NAPTR record as RFC 3403 defines it (the fields RFC 3263 reads). */
export interface NaptrRecord {
  readonly order: number;
  readonly preference: number;
  readonly flags: string;
  readonly service: string;
  readonly replacement: string;
}

/** An SRV record (RFC 2782). */
export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly name: string;
}

/**
 * The DNS lookups RFC 3263 needs. Each returns an empty list when the name has no such records; tests pass a fake.
 * @see {@link nodeDNSResolver} for the one backed by `node:dns`
 */
export interface SIPDNSResolver {
  /** NAPTR records of `name`. */
  naptr(name: string): Promise<readonly NaptrRecord[]>;
  /** SRV records of `name` (e.g. `_sip._udp.example.com`). */
  srv(name: string): Promise<readonly SrvRecord[]>;
  /** A and AAAA addresses of `name`. */
  addresses(name: string): Promise<readonly string[]>;
}

/** One place to send to, found by {@link resolveSIPURI}. */
export interface ResolvedTarget {
  readonly transport: TransportProtocol;
  /** An IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** The name a TLS server's certificate must match: the URI's host (RFC 5922 §4.1), absent for an IP literal. */
  readonly servername?: string;
}

/** The subset of `node:dns/promises`' `Resolver` that {@link nodeDNSResolver} uses. */
export interface NodeDNSLike {
  resolveNaptr(name: string): Promise<NaptrRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

const NO_DATA = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN', 'ESERVFAIL', 'EREFUSED', 'ETIMEOUT']);

async function orEmpty<T>(lookup: Promise<T[]>): Promise<T[]> {
  try {
    return await lookup;
  } catch (e) {
    if (NO_DATA.has((e as { code?: string }).code ?? '')) return [];
    throw e;
  }
}

/**
 * A {@link SIPDNSResolver} on `node:dns`: NAPTR and SRV from the DNS, addresses through the system resolver
 * (`getaddrinfo`, so `/etc/hosts` and `localhost` work).
 * @param resolver - the NAPTR/SRV resolver (default a new `dns.promises.Resolver`)
 * @returns the resolver
 */
export function nodeDNSResolver(resolver: NodeDNSLike = new dns.Resolver()): SIPDNSResolver {
  return {
    naptr: (name) => orEmpty(resolver.resolveNaptr(name)),
    srv: (name) => orEmpty(resolver.resolveSrv(name)),
    addresses: async (name) => (await orEmpty(dns.lookup(name, { all: true }))).map((a) => a.address),
  };
}

const SERVICE: Readonly<Record<string, TransportProtocol>> = { 'SIP+D2U': 'udp', 'SIP+D2T': 'tcp', 'SIPS+D2T': 'tls' };
const SRV_PREFIX: Readonly<Record<TransportProtocol, string>> = { udp: '_sip._udp', tcp: '_sip._tcp', tls: '_sips._tcp' };

/** What {@link resolveSIPURI} may use and prefer. */
export interface ResolveOptions {
  readonly resolver: SIPDNSResolver;
  /** Transports this client speaks, in the order to try SRV records when there is no NAPTR (default udp, tcp, tls). */
  readonly supported?: readonly TransportProtocol[];
  /** A transport to use when the URI names none (the client's configured transport); skips NAPTR. */
  readonly preferred?: TransportProtocol;
}

/** SRV records in the order to try: priority ascending, then weight descending (heavier first, deterministic). */
const bySrvOrder = (a: SrvRecord, b: SrvRecord): number => a.priority - b.priority || b.weight - a.weight;

/**
 * The target of a URI whose host (or `maddr`) is an IP address, found without DNS: its transport (`;transport=`,
 * `sips:`, else `preferred`, else UDP) and its port (else the transport's default).
 * @param uri - the URI
 * @param preferred - the transport to use when the URI names none
 * @returns the target, or `undefined` when the host is a name (use {@link resolveSIPURI})
 * @see RFC 3263 §4.1, §4.2
 */
export function literalTarget(uri: SIPURI, preferred?: TransportProtocol): ResolvedTarget | undefined {
  const host = stripBrackets(uri.params.maddr ?? uri.host);
  if (isIP(host) === 0) return undefined;
  const transport = uriTransport(uri) ?? preferred ?? 'udp'; // uriTransport() gives TLS for `sips:`
  return { transport, host, port: uri.port ?? defaultPort(transport) };
}

/**
 * Finds where to send a request for `uri`, in the order to try: RFC 3263 §4. A numeric host or an explicit port
 * needs no SRV; a `;transport=` (or `sips:`) picks the SRV service; otherwise NAPTR records choose the transport,
 * falling back to SRV queries for each supported transport, then to A/AAAA with UDP (TLS for `sips:`) on the
 * default port.
 * @param uri - the URI to reach (its `maddr` wins over its host)
 * @param options - the resolver and transport preferences
 * @returns targets in order of preference, never empty
 * @throws (rejects) {@link TransportError} `RESOLVE_FAILED` when no address was found
 * @see RFC 3263 §4.1 (transport), §4.2 (port and IP address); RFC 2782 (SRV); RFC 3403 (NAPTR)
 */
export async function resolveSIPURI(uri: SIPURI, options: ResolveOptions): Promise<ResolvedTarget[]> {
  const literal = literalTarget(uri, options.preferred);
  if (literal) return [literal];
  const host = stripBrackets(uri.params.maddr ?? uri.host);
  const secure = uri.scheme === 'sips';
  // a `sips:` URI without `;transport=` still goes through NAPTR (limited to SIPS+D2T)
  const explicit = (uri.params.transport ? uriTransport(uri) : undefined) ?? (secure ? undefined : options.preferred);
  const fallback: TransportProtocol = explicit ?? (secure ? 'tls' : 'udp');
  const servername = host;
  const { resolver } = options;
  const withAddresses = async (transport: TransportProtocol, name: string, port: number): Promise<ResolvedTarget[]> =>
    (await resolver.addresses(name)).map((address) => ({ transport, host: address, port, servername }));
  const failed = (): never => {
    throw new TransportError('RESOLVE_FAILED', `no address found for ${host} (NAPTR, SRV, A/AAAA)`);
  };

  // "If the TARGET was not a numeric IP address, but a port is present in the URI, the client performs an A or
  // AAAA record lookup of the domain name."
  if (uri.port !== undefined) {
    const targets = await withAddresses(fallback, host, uri.port);
    return targets.length > 0 ? targets : failed();
  }
  const fromSrv = async (transport: TransportProtocol, name: string): Promise<ResolvedTarget[]> => {
    const records = [...(await resolver.srv(name))].filter((r) => r.name !== '.' && r.name !== '').sort(bySrvOrder);
    const targets: ResolvedTarget[] = [];
    for (const record of records) {
      for (const address of await resolver.addresses(record.name)) targets.push({ transport, host: address, port: record.port, servername });
    }
    return targets;
  };

  let targets: ResolvedTarget[] = [];
  if (explicit) {
    // "If a transport was specified explicitly … the client performs an SRV query for that specific transport"
    targets = await fromSrv(explicit, `${SRV_PREFIX[explicit]}.${host}`);
  } else {
    const supported = options.supported ?? ['udp', 'tcp', 'tls'];
    const naptr = (await resolver.naptr(host))
      .flatMap((record) => {
        const transport = record.flags.toLowerCase() === 's' ? SERVICE[record.service.toUpperCase()] : undefined;
        return transport !== undefined && supported.includes(transport) && (!secure || transport === 'tls') ? [{ record, transport }] : [];
      })
      .sort((a, b) => a.record.order - b.record.order || a.record.preference - b.record.preference);
    for (const { record, transport } of naptr) targets.push(...(await fromSrv(transport, record.replacement)));
    if (naptr.length === 0) {
      // "If no NAPTR records are found, the client constructs SRV queries for those transport protocols it supports"
      for (const transport of secure ? (['tls'] as const) : supported) {
        targets.push(...(await fromSrv(transport, `${SRV_PREFIX[transport]}.${host}`)));
      }
    }
  }
  // "If no SRV records were found, the client performs an A or AAAA record lookup of the domain name"
  if (targets.length === 0) targets = await withAddresses(fallback, host, defaultPort(fallback));
  return targets.length > 0 ? targets : failed();
}
