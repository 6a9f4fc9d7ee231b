import { CharFinder, isURIChar } from './chars.js';

const PERCENT = new CharFinder('%');

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * `s[start, end)` with every `%XX` escape resolved (the bytes read as UTF-8). A `%` not followed by two hex digits
 * stays a literal `%`, as RFC 4475 §3.1.1.5 asks of a tolerant element. Each escape is resolved once only.
 * @see RFC 3261 §19.1.4 (escaped characters compare equal to their unescaped form)
 */
export function unescapeURI(s: string, start: number, end: number): string {
  if (PERCENT.find(s, start, end) === -1) return s.slice(start, end);
  const bytes: number[] = [];
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < end) {
      const h = hexValue(s.charCodeAt(i + 1));
      const l = hexValue(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        bytes.push(h * 16 + l);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) bytes.push(c);
    else {
      const cp = s.codePointAt(i)!;
      const encoded = Buffer.from(String.fromCodePoint(cp), 'utf8');
      for (const b of encoded) bytes.push(b);
      if (cp > 0xffff) i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const HEX = '0123456789ABCDEF';

/**
 * `text` with every character outside the component's allowed set (a `URIPart` class) written as `%XX` escapes
 * of its UTF-8 bytes; `%` itself is always escaped, so {@link unescapeURI} gives `text` back.
 */
export function escapeURI(text: string, part: number): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 || !isURIChar(c, part)) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    if (b !== 0x25 && isURIChar(b, part)) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}
