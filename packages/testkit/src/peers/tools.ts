import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Folders searched after PATH: Kamailio lives in /usr/sbin, which a non-root PATH may lack. */
const EXTRA_BIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/**
 * The absolute path of an installed program, looked up in PATH and then the sbin folders.
 * @throws Error naming the package to install when the program is not found
 */
export function findProgram(name: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_BIN_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new Error(`${name} is not installed: run \`pnpm peers:install\` (scripts/install-peers.sh)`);
}

/** What a finished helper program printed. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a short helper program (kamcmd, sox, ip, nft) to completion, killed after `timeoutMs`.
 * @param program - the program's name, looked up with {@link findProgram}.
 * @param args - its arguments.
 * @param options - `timeoutMs` (default 10 000) and `input`, written to its stdin (which is then closed).
 * @returns what it printed.
 * @throws Error with the program's output when it fails or times out
 */
export function run(
  program: string,
  args: readonly string[],
  { timeoutMs = 10_000, input }: { readonly timeoutMs?: number; readonly input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = execFile(findProgram(program), args, { timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stderr}${stdout}`.slice(0, 4000)));
      else resolveRun({ stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A new private folder under the OS temp dir; remove it with {@link removeTempDir}. */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `voip-test-${prefix}-`));
}

/** Removes a folder made by {@link makeTempDir}, quietly when already gone. */
export async function removeTempDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** Resolves after `ms` milliseconds: pacing for a real peer (never a timing assertion). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/**
 * Polls `probe` every `intervalMs` until it returns a value other than undefined.
 * @throws Error with `what` and the last probe error when `ms` passes first
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, ms: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${what} did not happen within ${ms} ms${detail}`);
    }
    await sleep(intervalMs);
  }
}
