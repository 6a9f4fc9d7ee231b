import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the shared conformance corpus: `$VOIP_CORPUS`, else the first `shared/corpus` found beside the
 * repository or one of its parents (the repository is cloned with `../shared` beside it).
 * @throws Error when no corpus can be found, naming where it looked.
 */
export function corpusDir(): string {
  const fromEnv = process.env.VOIP_CORPUS;
  if (fromEnv) return resolve(fromEnv);
  const tried: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'shared', 'corpus');
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`shared corpus not found; set VOIP_CORPUS or clone ../shared beside the repo (looked in ${tried.join(', ')})`);
}

/** The bytes of one corpus file, by its path inside the corpus (`'rfc4475/wsinv.dat'`). */
export function corpusBytes(path: string): Buffer {
  return readFileSync(join(corpusDir(), path));
}

/** A corpus JSON file, parsed. */
export function corpusJSON<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(join(corpusDir(), path), 'utf8')) as T;
}

/** The file names in one corpus folder that end with `ext`, sorted. */
export function corpusFiles(folder: string, ext: string): string[] {
  return readdirSync(join(corpusDir(), folder)).filter((f) => f.endsWith(ext)).sort();
}
