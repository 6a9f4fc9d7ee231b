// Character classes of the RFC 3261 §25.1 grammar, as one table built once at load. It covers every UTF-16 code
// unit (only GEN_VALUE is set from 128 up), so a lookup needs no range check.

const TOKEN = 1;
const UNRESERVED = 2;
const USER = 4;
const PASSWORD = 8;
const PARAM = 16;
const HVALUE = 32;
const SCHEME = 64;
const HOST = 128;
const GEN_VALUE = 256;

const table = new Uint16Array(65536);

function mark(chars: string, bit: number): void {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)]! |= bit;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
mark(ALNUM, TOKEN | UNRESERVED | USER | PASSWORD | PARAM | HVALUE | SCHEME);
mark("-.!%*_+`'~", TOKEN);
mark("-_.!~*'()", UNRESERVED | USER | PASSWORD | PARAM | HVALUE);
mark('&=+$,;?/', USER);
mark('&=+$,', PASSWORD);
mark('[]/:&+$', PARAM);
mark('[]/?:+$', HVALUE);
mark('+-.', SCHEME);
mark(`${ALNUM}-._`, HOST);
// gen-value = token / host / quoted-string: host adds the IPv6 reference delimiters and colons; any non-ASCII too.
mark("-.!%*_+`'~[]:" + ALNUM, GEN_VALUE);
for (let c = 0x80; c < 0x10000; c++) table[c]! |= GEN_VALUE;

/** RFC 3261 token character. */
export function isTokenChar(c: number): boolean {
  return (table[c]! & TOKEN) !== 0;
}

/** Whether `s` is a non-empty RFC 3261 token. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

/** Which characters a URI component may carry unescaped. */
export const URIPart = { USER, PASSWORD, PARAM, HVALUE } as const;

/** Whether `c` may appear unescaped in a URI component of class `part`. */
export function isURIChar(c: number, part: number): boolean {
  return (table[c]! & part) !== 0;
}

/** Whether `c` may continue a URI scheme (ALPHA / DIGIT / "+" / "-" / "."). */
export function isSchemeChar(c: number): boolean {
  return (table[c]! & SCHEME) !== 0;
}

/** A character of a host name or IPv4 address (ALPHA / DIGIT / "-" / "." / "_"). */
export function isHostChar(c: number): boolean {
  return (table[c]! & HOST) !== 0;
}

/** A character of a generic parameter value outside quotes (token or host characters, or non-ASCII). */
export function isGenValueChar(c: number): boolean {
  return (table[c]! & GEN_VALUE) !== 0;
}

/** SP or HT. */
export function isWS(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Whether `s` holds CR or LF (which would start a new header line). */
export function hasLineBreak(s: string): boolean {
  return s.indexOf('\n') !== -1 || s.indexOf('\r') !== -1;
}

/** `s` without leading and trailing SP/HT (String.prototype.trim also strips other spaces, which SIP keeps). */
export function trimWS(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWS(s.charCodeAt(a))) a++;
  while (b > a && isWS(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** A string of decimal digits only (and at least one). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The UTF-16 code units of a text as an array: `codes[i] === text.charCodeAt(i)`. The readers scan these and slice
 * the text: V8 reads a typed array element about twice as fast as `charCodeAt`, whose string type it checks on every
 * call. A message's ASCII bytes are its codes as they are; other text gets {@link codesOf}.
 */
export type CharCodes = Uint8Array | Uint16Array;

/** A character above U+00FF, which a Latin-1 byte cannot hold. */
const WIDE = /[\u0100-\uffff]/;

/**
 * The {@link CharCodes} of `text`: one byte per character when every character fits one (the usual case), else
 * 16-bit units.
 */
export function codesOf(text: string): CharCodes {
  if (!WIDE.test(text)) return Buffer.from(text, 'latin1');
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/** Whether `codes` holds `SIP/2.0` at `i` (the caller checks that it fits). */
export function isSIP20At(codes: CharCodes, i: number): boolean {
  return (
    codes[i] === 0x53 &&
    codes[i + 1] === 0x49 &&
    codes[i + 2] === 0x50 &&
    codes[i + 3] === 0x2f &&
    codes[i + 4] === 0x32 &&
    codes[i + 5] === 0x2e &&
    codes[i + 6] === 0x30
  );
}

/**
 * The index of the first character `c` in `codes[from, end)`, or -1. Unlike `indexOf` it never looks past `end`,
 * so reading many short ranges of one long text stays linear.
 */
export function indexWithin(codes: CharCodes, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (codes[i] === c) return i;
  return -1;
}

/**
 * Finds one character with the native `indexOf`, remembering its last answer, so that a parse moving forward
 * through one text (many short ranges of a header section) never searches the same stretch twice: the searches
 * of one message cost linear time in all, however the ranges are laid out.
 */
export class CharFinder {
  private text = '';
  private from = 0;
  private at = -1;

  /** @param ch - the character to find. */
  constructor(private readonly ch: string) {}

  /**
   * The index of the first occurrence in `text[from, end)`, or -1.
   * @param text - the text.
   * @param from - where to start.
   * @param end - where to stop.
   * @returns the index, or -1.
   */
  find(text: string, from: number, end: number): number {
    let at = this.at;
    if (text !== this.text || from < this.from || (at !== -1 && from > at)) {
      at = text.indexOf(this.ch, from);
      this.from = from;
      this.at = at;
    }
    // Equal text in another string object: keep this one, so the next comparison is by identity.
    this.text = text;
    return at !== -1 && at < end ? at : -1;
  }
}
