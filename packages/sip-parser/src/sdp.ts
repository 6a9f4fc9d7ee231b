import { hasLineBreak } from './chars.js';
import { SIPBuildError, SIPParseError } from './errors.js';

/** `c=` network type, address type and address (multicast TTL/count kept in `address`). @see RFC 8866 §5.7 */
export interface SDPConnection {
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** `a=name:value`, or `a=name` (a property attribute: `value` undefined). @see RFC 8866 §5.13 */
export interface SDPAttribute {
  readonly name: string;
  readonly value?: string;
}

/** One media description, `m=` and the lines under it. @see RFC 8866 §5.14 */
export interface SDPMedia {
  readonly media: string;
  readonly port: number;
  readonly portCount?: number;
  /** e.g. `'RTP/AVP'`. */
  readonly protocol: string;
  /** Payload types (for RTP) or formats, in preference order. */
  readonly formats: readonly string[];
  readonly information?: string;
  readonly connection?: SDPConnection;
  /** `b=` values, e.g. `'AS:64'`. */
  readonly bandwidths: readonly string[];
  /** `k=` (obsolete, kept for round trip). */
  readonly key?: string;
  /** Every `a=` line in order, unknown ones included. */
  readonly attributes: readonly SDPAttribute[];
}

/** `o=`. @see RFC 8866 §5.2 */
export interface SDPOrigin {
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
}

/** `t=` with its `r=` lines. @see RFC 8866 §5.9, §5.10 */
export interface SDPTime {
  readonly start: string;
  readonly stop: string;
  readonly repeats: readonly string[];
}

/**
 * A session description. Field values are kept as text where SDP allows more than numbers (times, session ids).
 * @see RFC 8866 §5
 */
export interface SessionDescription {
  readonly version: number;
  readonly origin: SDPOrigin;
  readonly sessionName: string;
  readonly information?: string;
  readonly uri?: string;
  readonly emails: readonly string[];
  readonly phones: readonly string[];
  readonly connection?: SDPConnection;
  readonly bandwidths: readonly string[];
  readonly times: readonly SDPTime[];
  readonly timeZones?: string;
  readonly key?: string;
  readonly attributes: readonly SDPAttribute[];
  readonly media: readonly SDPMedia[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface MediaDraft extends Omit<Mutable<SDPMedia>, 'bandwidths' | 'attributes'> {
  bandwidths: string[];
  attributes: SDPAttribute[];
}
interface TimeDraft {
  start: string;
  stop: string;
  repeats: string[];
}

function fields(value: string): string[] {
  return value.split(' ').filter((f) => f.length > 0);
}

function isAddressChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2e || c === 0x3a || c === 0x2d || c === 0x2f || c === 0x5f || c === 0x25
  );
}

function decimal(s: string, max: number): number {
  if (s.length === 0 || s.length > 10) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n > max ? -1 : n;
}

/**
 * Parses a session description. LF-only line ends and blank lines are tolerated, and lines may come in any order
 * within the session or a media section; unknown attributes are kept in order. Unknown line types are refused
 * (RFC 8866 §5: ignore or reject the whole description), as are `c=` addresses that are neither an IP address nor
 * a host name (a hostile SDP must not steer RTP anywhere).
 * @param input - the SDP text or bytes (UTF-8).
 * @returns the description.
 * @throws {@link SIPParseError} `BAD_SDP` with the offset of the offending line.
 * @example parseSDP(body).media[0]?.port
 * @see RFC 8866 §5, §9 (grammar)
 */
export function parseSDP(input: string | Uint8Array): SessionDescription {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  let version = -1;
  let origin: SDPOrigin | undefined;
  let sessionName: string | undefined;
  const session: Mutable<Omit<SessionDescription, 'version' | 'origin' | 'sessionName'>> & {
    emails: string[];
    phones: string[];
    bandwidths: string[];
    times: TimeDraft[];
    attributes: SDPAttribute[];
    media: MediaDraft[];
  } = { emails: [], phones: [], bandwidths: [], times: [], attributes: [], media: [] };
  let media: MediaDraft | undefined;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const end = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    const at = pos;
    pos = lineEnd + 1;
    if (end === at) continue;
    const bad = (detail: string): never => {
      throw new SIPParseError('BAD_SDP', at, detail, text);
    };
    if (end - at < 2 || text.charCodeAt(at + 1) !== 0x3d) bad('an SDP line must be "<type>=<value>"');
    const type = text[at]!;
    const value = text.slice(at + 2, end);
    switch (type) {
      case 'v':
        version = decimal(value, 0xffffffff);
        if (version < 0) bad('v= must be a number');
        break;
      case 'o': {
        const f = fields(value);
        if (f.length !== 6) bad('o= needs 6 fields: username sess-id sess-version nettype addrtype address');
        origin = { username: f[0]!, sessionId: f[1]!, sessionVersion: f[2]!, netType: f[3]!, addrType: f[4]!, address: f[5]! };
        break;
      }
      case 's':
        sessionName = value;
        break;
      case 'i':
        if (media) media.information = value;
        else session.information = value;
        break;
      case 'u':
        session.uri = value;
        break;
      case 'e':
        session.emails.push(value);
        break;
      case 'p':
        session.phones.push(value);
        break;
      case 'c': {
        const f = fields(value);
        if (f.length !== 3) bad('c= needs 3 fields: nettype addrtype address');
        const address = f[2]!;
        for (let i = 0; i < address.length; i++) if (!isAddressChar(address.charCodeAt(i))) bad('c= address is not an IP address or host name');
        const connection = { netType: f[0]!, addrType: f[1]!, address };
        if (media) media.connection ??= connection;
        else session.connection = connection;
        break;
      }
      case 'b':
        (media ? media.bandwidths : session.bandwidths).push(value);
        break;
      case 't': {
        const f = fields(value);
        if (f.length !== 2) bad('t= needs 2 fields: start stop');
        session.times.push({ start: f[0]!, stop: f[1]!, repeats: [] });
        break;
      }
      case 'r': {
        const last = session.times[session.times.length - 1];
        if (!last) bad('r= must follow a t= line');
        last!.repeats.push(value);
        break;
      }
      case 'z':
        session.timeZones = value;
        break;
      case 'k':
        if (media) media.key = value;
        else session.key = value;
        break;
      case 'a': {
        const colon = value.indexOf(':');
        const name = colon === -1 ? value : value.slice(0, colon);
        if (name.length === 0) bad('a= needs an attribute name');
        (media ? media.attributes : session.attributes).push(colon === -1 ? { name } : { name, value: value.slice(colon + 1) });
        break;
      }
      case 'm': {
        const f = fields(value);
        if (f.length < 3) bad('m= needs media, port and protocol');
        const portField = f[1]!;
        const slash = portField.indexOf('/');
        const port = decimal(slash === -1 ? portField : portField.slice(0, slash), 65535);
        if (port < 0) bad('m= port must be 0-65535');
        media = { media: f[0]!, port, protocol: f[2]!, formats: f.slice(3), bandwidths: [], attributes: [] };
        if (slash !== -1) {
          const count = decimal(portField.slice(slash + 1), 65535);
          if (count < 0) bad('m= port count must be a number');
          media.portCount = count;
        }
        session.media.push(media);
        break;
      }
      default:
        bad(`unknown SDP line type "${type}"`);
    }
  }
  if (version < 0) throw new SIPParseError('BAD_SDP', 0, 'the v= line is missing', text);
  if (origin === undefined) throw new SIPParseError('BAD_SDP', 0, 'the o= line is missing', text);
  if (sessionName === undefined) throw new SIPParseError('BAD_SDP', 0, 'the s= line is missing', text);
  return { version, origin, sessionName, ...session };
}

function line(type: string, value: string): string {
  if (hasLineBreak(value)) throw new SIPBuildError('BAD_VALUE', `SDP ${type}= cannot hold CR or LF`, value);
  return `${type}=${value}\r\n`;
}

function connection(c: SDPConnection): string {
  return line('c', `${c.netType} ${c.addrType} ${c.address}`);
}

function attributes(list: readonly SDPAttribute[]): string {
  let out = '';
  for (const a of list) {
    if (a.name.length === 0 || a.name.indexOf(':') !== -1) throw new SIPBuildError('BAD_VALUE', 'an SDP attribute name must be non-empty, without ":"', a.name);
    out += line('a', a.value === undefined ? a.name : `${a.name}:${a.value}`);
  }
  return out;
}

/**
 * Writes a session description in RFC 8866 line order, each line ending in CRLF.
 * @param sd - the description.
 * @returns the SDP text.
 * @throws {@link SIPBuildError} `BAD_VALUE` for a value with CR/LF or a bad attribute name.
 * @see RFC 8866 §5
 */
export function serializeSDP(sd: SessionDescription): string {
  const o = sd.origin;
  let out = line('v', String(sd.version));
  out += line('o', `${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`);
  out += line('s', sd.sessionName);
  if (sd.information !== undefined) out += line('i', sd.information);
  if (sd.uri !== undefined) out += line('u', sd.uri);
  for (const e of sd.emails) out += line('e', e);
  for (const p of sd.phones) out += line('p', p);
  if (sd.connection) out += connection(sd.connection);
  for (const b of sd.bandwidths) out += line('b', b);
  for (const t of sd.times) {
    out += line('t', `${t.start} ${t.stop}`);
    for (const r of t.repeats) out += line('r', r);
  }
  if (sd.timeZones !== undefined) out += line('z', sd.timeZones);
  if (sd.key !== undefined) out += line('k', sd.key);
  out += attributes(sd.attributes);
  for (const m of sd.media) {
    const port = m.portCount === undefined ? String(m.port) : `${m.port}/${m.portCount}`;
    out += line('m', [m.media, port, m.protocol, ...m.formats].join(' '));
    if (m.information !== undefined) out += line('i', m.information);
    if (m.connection) out += connection(m.connection);
    for (const b of m.bandwidths) out += line('b', b);
    if (m.key !== undefined) out += line('k', m.key);
    out += attributes(m.attributes);
  }
  return out;
}
