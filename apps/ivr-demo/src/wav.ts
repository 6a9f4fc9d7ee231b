import { readFileSync, writeFileSync } from 'node:fs';

/** Thrown for a WAV file the demo cannot use; the message names the file and what was wrong. */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

/**
 * Reads a RIFF/WAVE file holding 8 kHz mono 16-bit PCM, the format the demo's prompts are shipped in.
 * @throws {@link WavFormatError} for any other layout.
 */
export function readWav(path: string): Int16Array {
  const b = readFileSync(path);
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavFormatError(`${path}: not a RIFF/WAVE file`);
  }
  let offset = 12;
  let format: { channels: number; rate: number; bits: number; encoding: number } | undefined;
  while (offset + 8 <= b.length) {
    const id = b.toString('latin1', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { encoding: b.readUInt16LE(body), channels: b.readUInt16LE(body + 2), rate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.encoding !== 1 || format.channels !== 1 || format.rate !== 8000 || format.bits !== 16) {
        throw new WavFormatError(`${path}: need 8 kHz mono 16-bit PCM, got ${JSON.stringify(format)}`);
      }
      const end = Math.min(b.length, body + size) & ~1;
      const copy = Buffer.from(b.subarray(body, end));
      return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
    }
    offset = body + size + (size & 1);
  }
  throw new WavFormatError(`${path}: no data chunk`);
}

/** Writes 8 kHz mono 16-bit PCM as a RIFF/WAVE file. */
export function writeWav(path: string, pcm: Int16Array): void {
  const header = Buffer.alloc(44);
  const dataBytes = pcm.length * 2;
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  writeFileSync(path, Buffer.concat([header, Buffer.from(pcm.buffer, pcm.byteOffset, dataBytes)]));
}

/** The RMS level of `pcm` in dBFS (full scale = 0 dB); -Infinity for digital silence. */
export function rmsDbfs(pcm: Int16Array): number {
  if (pcm.length === 0) return -Infinity;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += (pcm[i] as number) * (pcm[i] as number);
  return 20 * Math.log10(Math.sqrt(sum / pcm.length) / 32768);
}
