import { run } from './tools.js';

/** Options for {@link makeToneWav}. */
export interface ToneWavOptions {
  /** Length in seconds. */
  readonly seconds: number;
  /** Sine frequency in Hz; 0 writes digital silence. */
  readonly hz: number;
  /** Peak amplitude as a fraction of full scale (0-1). */
  readonly volume: number;
}

/**
 * Writes an 8 kHz mono 16-bit WAV (what baresip's `aufile` needs for G.711) holding a sine tone or silence.
 * @throws Error when sox is missing or fails
 */
export async function makeToneWav(path: string, options: ToneWavOptions): Promise<void> {
  const head = ['-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', path];
  const effects =
    options.hz === 0 || options.volume === 0
      ? ['trim', '0', String(options.seconds)]
      : ['synth', String(options.seconds), 'sine', String(options.hz), 'vol', String(options.volume)];
  await run('sox', [...head, ...effects]);
}
