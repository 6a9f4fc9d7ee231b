import { fileURLToPath } from 'node:url';
import { concat, silence, tone } from './tones.js';
import { readWav } from './wav.js';

/** The demo's audio: spoken prompts shipped as WAVs in `assets/` (made with espeak-ng) and generated tones. */
export interface Prompts {
  readonly menu: Int16Array;
  readonly echo: Int16Array;
  readonly goodbye: Int16Array;
  readonly beep: Int16Array;
  /** "The time is H hours M minutes", spoken digit by digit. */
  time(date: Date): Int16Array;
}

/** Loads the prompts from the app's `assets/` folder (beside `dist/`). */
export function loadPrompts(): Prompts {
  const asset = (name: string): Int16Array => readWav(fileURLToPath(new URL(`../assets/${name}.wav`, import.meta.url)));
  const digits = Array.from({ length: 10 }, (_, d) => asset(`digit-${d}`));
  const gap = silence(120);
  const say = (n: number): Int16Array[] => String(n).split('').flatMap((d) => [digits[Number(d)] as Int16Array, gap]);
  const timeIs = asset('time-is');
  const hours = asset('oclock');
  const minutes = asset('minutes');
  return {
    menu: asset('menu'),
    echo: concat([asset('echo'), silence(200), tone(880, 250)]),
    goodbye: asset('goodbye'),
    beep: tone(660, 150),
    time: (date) => concat([timeIs, gap, ...say(date.getHours()), hours, gap, ...say(date.getMinutes()), minutes, silence(300)]),
  };
}
