import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A third-party program started by a test: its output is kept, and it is stopped by its own PID only. */
export class PeerProcess {
  readonly child: ChildProcess;
  output = '';
  #exit: Promise<number | null>;

  /** Starts `command` with `args`; stdout and stderr are both collected into {@link PeerProcess.output}. */
  constructor(readonly command: string, args: readonly string[], options: SpawnOptions = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.#exit = new Promise((resolveExit) => {
      this.child.once('exit', (code) => resolveExit(code));
      this.child.once('error', (err) => {
        this.output += `\n[spawn error] ${err.message}`;
        resolveExit(-1);
      });
    });
  }

  /** The PID of the started program. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the exit code when the program ends, or rejects after `ms` milliseconds. */
  exited(ms = 30_000): Promise<number | null> {
    return withTimeout(this.#exit, ms, `${this.command} did not exit within ${ms} ms\n${this.tail()}`);
  }

  /** Waits until the collected output matches `pattern`; rejects after `ms` or when the program exits first. */
  async waitForOutput(pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null) throw new Error(`${this.command} exited (${this.child.exitCode}) before ${pattern}\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.command}: no ${pattern} within ${ms} ms\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The last `chars` characters of output, for error messages. */
  tail(chars = 3000): string {
    return this.output.slice(-chars);
  }

  /** Stops the program by its PID (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.pid === undefined) return;
    this.child.kill('SIGTERM');
    try {
      await this.exited(graceMs);
    } catch {
      this.child.kill('SIGKILL');
      await this.exited(graceMs).catch(() => undefined);
    }
  }
}

/** Rejects with `message` when `promise` has not settled within `ms` milliseconds. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
