/** What went wrong in a G.711 call. */
export type G711ErrorCode = 'OUTPUT_TOO_SMALL' | 'UNKNOWN_LAW';

const MARKER = Symbol.for('@voip/codecs-g711/G711Error');

/**
 * A caller mistake in a G.711 call: an `out` buffer shorter than the input, or a law that is neither PCMU nor PCMA.
 * It is a `RangeError`, thrown synchronously, never for audio content (every sample and every code is valid).
 */
export class G711Error extends RangeError {
  override readonly name = 'G711Error';
  /** Marks instances so that {@link isG711Error} works across ESM and CJS copies of this package. */
  readonly [MARKER] = true;

  /**
   * @param code - which mistake.
   * @param detail - a sentence saying what was wrong and what was expected.
   */
  constructor(
    readonly code: G711ErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Whether `e` is a {@link G711Error} from any copy of this package.
 * @param e - anything caught.
 * @returns true for a G711Error.
 */
export function isG711Error(e: unknown): e is G711Error {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[MARKER] === true;
}

/**
 * Throws when `out` cannot hold `needed` elements.
 * @internal
 */
export function checkOutput(out: { length: number }, needed: number, what: string): void {
  if (out.length < needed) {
    throw new G711Error('OUTPUT_TOO_SMALL', `${what}: out has ${out.length} elements but the input needs ${needed}`);
  }
}
