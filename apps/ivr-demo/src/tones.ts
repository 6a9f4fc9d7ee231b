/** `ms` milliseconds of a sine tone at `hz`, 8 kHz 16-bit, with 5 ms fades so it does not click. */
export function tone(hz: number, ms: number, amplitude = 8000): Int16Array {
  const n = Math.round((ms * 8000) / 1000);
  const fade = 40;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - 1 - i) / fade);
    out[i] = Math.round(amplitude * env * Math.sin((2 * Math.PI * hz * i) / 8000));
  }
  return out;
}

/** `ms` milliseconds of silence. */
export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms * 8000) / 1000));
}

/** Joins PCM pieces into one buffer. */
export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
