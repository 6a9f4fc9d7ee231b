import { parseAuthCredentials, type DigestCredentials } from './auth.js';
import { isTokenChar } from './chars.js';
import { SIPParseError } from './errors.js';
import { getHeader, getHeaderList, getHeaders } from './headers.js';
import { cached } from './message-cache.js';
import { parseNameAddr, type NameAddr } from './name-addr.js';
import type { SIPMessage } from './sip-message.js';
import { isCallIdChar, isMediaTypeChar, parseTokenParams, type TokenParams } from './token-params.js';
import { getExpires } from './typed-headers.js';

function tokens(m: SIPMessage, name: string): string[] {
  const items = getHeaderList(m, name);
  for (const item of items) {
    for (let i = 0; i < item.length; i++) {
      if (!isTokenChar(item.charCodeAt(i))) throw new SIPParseError('BAD_HEADER', i, `${name} holds a value that is not a token`, item);
    }
  }
  return items;
}

/**
 * The methods of every Allow field, in order (`['INVITE', 'ACK', …]`, case as written).
 * @param m - the message.
 * @returns the methods, `[]` when there is no Allow.
 * @throws {@link SIPParseError} `BAD_HEADER` for an element that is not a token.
 * @see RFC 3261 §20.5
 */
export function getAllow(m: SIPMessage): string[] {
  return cached(m, 'allow', (msg) => tokens(msg, 'Allow'));
}

/**
 * The option tags of every Supported (`k`) field (`['replaces', 'timer', '100rel']`).
 * @param m - the message.
 * @returns the option tags, `[]` when there is none.
 * @throws {@link SIPParseError} `BAD_HEADER` for an element that is not a token.
 * @see RFC 3261 §20.37
 */
export function getSupported(m: SIPMessage): string[] {
  return cached(m, 'supported', (msg) => tokens(msg, 'Supported'));
}

/**
 * The option tags of every Require field: a UAS answers 420 (Bad Extension) listing those it lacks.
 * @param m - the message.
 * @returns the option tags, `[]` when there is none.
 * @throws {@link SIPParseError} `BAD_HEADER` for an element that is not a token.
 * @see RFC 3261 §20.32, §8.2.2.3
 */
export function getRequire(m: SIPMessage): string[] {
  return cached(m, 'require', (msg) => tokens(msg, 'Require'));
}

/**
 * The Event (`o`) value: the event package in `value` (`'refer'`, `'presence'`, `'dialog'`), `params.id` and others.
 * @param m - a SUBSCRIBE, NOTIFY or PUBLISH.
 * @returns the event, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_HEADER`.
 * @see RFC 6665 §8.2.1
 */
export function getEvent(m: SIPMessage): TokenParams | undefined {
  const text = getHeader(m, 'Event');
  return text === undefined ? undefined : cached(m, 'event', () => parseTokenParams(text, 'BAD_HEADER', 'an event package', isTokenChar));
}

/**
 * The Refer-To (`r`) value of a REFER: the transfer target (its URI may carry `?Replaces=` for attended transfer).
 * @param m - the message.
 * @returns the name-addr, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3515 §2.1
 */
export function getReferTo(m: SIPMessage): NameAddr | undefined {
  const text = getHeader(m, 'Refer-To');
  return text === undefined ? undefined : cached(m, 'refer-to', () => parseNameAddr(text));
}

/**
 * The Referred-By (`b`) value.
 * @param m - the message.
 * @returns the name-addr, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_NAME_ADDR`, `BAD_URI`.
 * @see RFC 3892 §3
 */
export function getReferredBy(m: SIPMessage): NameAddr | undefined {
  const text = getHeader(m, 'Referred-By');
  return text === undefined ? undefined : cached(m, 'referred-by', () => parseNameAddr(text));
}

/** A Replaces value: the dialog to replace (RFC 3891 §6.1). */
export interface Replaces {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  /** `;early-only`: replace the dialog only while it is early. */
  readonly earlyOnly: boolean;
  /** Every parameter, `to-tag` and `from-tag` included. */
  readonly params: Readonly<Record<string, string | null>>;
}

/**
 * Parses a Replaces value `call-id;to-tag=…;from-tag=…[;early-only]`.
 * @param text - the header value (or the unescaped `Replaces` header of a Refer-To URI).
 * @returns the dialog it names.
 * @throws {@link SIPParseError} `BAD_HEADER` for bad syntax or a missing to-tag or from-tag.
 * @see RFC 3891 §6.1
 */
export function parseReplaces(text: string): Replaces {
  const { value, params } = parseTokenParams(text, 'BAD_HEADER', 'a Call-ID', isCallIdChar);
  const toTag = params['to-tag'];
  const fromTag = params['from-tag'];
  if (typeof toTag !== 'string' || typeof fromTag !== 'string') throw new SIPParseError('BAD_HEADER', 0, 'Replaces needs to-tag and from-tag', text);
  return { callId: value, toTag, fromTag, earlyOnly: params['early-only'] !== undefined, params };
}

/**
 * The Replaces value of an INVITE.
 * @param m - the message.
 * @returns the dialog to replace, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_HEADER`.
 * @see RFC 3891 §3
 */
export function getReplaces(m: SIPMessage): Replaces | undefined {
  const text = getHeader(m, 'Replaces');
  return text === undefined ? undefined : cached(m, 'replaces', () => parseReplaces(text));
}

/**
 * Every Digest credential in the Authorization or Proxy-Authorization fields, in order.
 * @param m - a request.
 * @param header - which header to read.
 * @returns the credentials (`[]` when there are none).
 * @throws {@link SIPParseError} `BAD_AUTH`.
 * @see RFC 3261 §20.7, §20.28, §22.4
 */
export function getAuthCredentials(m: SIPMessage, header: 'Authorization' | 'Proxy-Authorization'): DigestCredentials[] {
  return cached(m, header.toLowerCase(), (msg) => getHeaders(msg, header).map(parseAuthCredentials));
}

/** A Content-Type split into its parts; `type` and `subtype` lower-cased (`'application'`, `'sdp'`). */
export interface MediaType {
  readonly type: string;
  readonly subtype: string;
  /** Parameters by lower-case name (`charset`, `boundary`); quoted values keep their quotes. */
  readonly params: Readonly<Record<string, string | null>>;
}

/**
 * The Content-Type (`c`) as type, subtype and parameters.
 * @param m - the message.
 * @returns the media type, or undefined when absent.
 * @throws {@link SIPParseError} `BAD_HEADER` for a value that is not `type/subtype *(;param)`.
 * @see RFC 3261 §20.15
 */
export function getMediaType(m: SIPMessage): MediaType | undefined {
  const text = getHeader(m, 'Content-Type');
  if (text === undefined) return undefined;
  return cached(m, 'media-type', () => {
    const { value, params } = parseTokenParams(text, 'BAD_HEADER', 'a media type', isMediaTypeChar);
    const slash = value.indexOf('/');
    if (slash <= 0 || slash === value.length - 1 || value.indexOf('/', slash + 1) !== -1) {
      throw new SIPParseError('BAD_HEADER', 0, 'a media type must be type/subtype', text);
    }
    return { type: value.slice(0, slash).toLowerCase(), subtype: value.slice(slash + 1).toLowerCase(), params };
  });
}

/**
 * How long a Contact binding lasts: its `expires` parameter, else the message's Expires header.
 * @param contact - one of {@link getContacts}.
 * @param m - the message it came from.
 * @returns seconds (values above 2^32-1 read as 2^32-1), or undefined when neither says.
 * @throws {@link SIPParseError} `BAD_NUMBER` for a non-numeric `expires` parameter or Expires header.
 * @see RFC 3261 §10.2.1.1, §10.3 step 6
 */
export function contactExpires(contact: NameAddr, m: SIPMessage): number | undefined {
  const p = contact.params.expires;
  if (p === undefined || p === null) return getExpires(m);
  let n = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw new SIPParseError('BAD_NUMBER', i, 'a Contact expires parameter must be a decimal number', p);
    n = Math.min(n * 10 + (c - 0x30), 0xffffffff);
  }
  if (p.length === 0) throw new SIPParseError('BAD_NUMBER', 0, 'empty Contact expires parameter', p);
  return n;
}

/**
 * A Contact's preference `q` (0 to 1, at most three decimals).
 * @param contact - one of {@link getContacts}.
 * @returns the q-value, or undefined when the Contact has none.
 * @throws {@link SIPParseError} `BAD_NUMBER` for anything but `0`, `1`, `0.ddd` or `1.000`.
 * @see RFC 3261 §20.10, §25.1 qvalue
 */
export function contactQ(contact: NameAddr): number | undefined {
  const q = contact.params.q;
  if (q === undefined || q === null) return undefined;
  const c0 = q.charCodeAt(0);
  let ok = (c0 === 0x30 || c0 === 0x31) && (q.length === 1 || (q.charCodeAt(1) === 0x2e && q.length <= 5));
  for (let i = 2; ok && i < q.length; i++) {
    const c = q.charCodeAt(i);
    ok = c >= 0x30 && c <= 0x39 && (c0 === 0x30 || c === 0x30);
  }
  if (!ok) throw new SIPParseError('BAD_NUMBER', 0, 'a q-value must be 0 to 1 with at most three decimals', q);
  return Number(q);
}
