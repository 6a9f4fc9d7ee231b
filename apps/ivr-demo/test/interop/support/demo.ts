import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PeerProcess, withTimeout } from '@voip/testkit';

/** The built demo (`pnpm build` makes it); `IVR_DEMO_MAIN` points the tests at another build. */
export const DEMO_MAIN = process.env.IVR_DEMO_MAIN ?? fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

/** One `--json` line of the demo: an object with an `event` name (see the CLI contract). */
export interface DemoEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

interface Waiter {
  readonly match: (event: DemoEvent) => boolean;
  readonly resolve: (event: DemoEvent) => void;
  readonly reject: (error: Error) => void;
}

/** The IVR demo as a child process in `--json` mode, its stdout parsed into events. */
export class Demo {
  /** Every event printed so far, in order. */
  readonly events: DemoEvent[] = [];
  /** stdout lines that were not JSON objects with an `event` (the contract says there are none). */
  readonly strayLines: string[] = [];
  #partial = '';
  #waiters = new Set<Waiter>();

  private constructor(readonly process: PeerProcess) {
    process.child.stdout?.setEncoding('utf8');
    process.child.stdout?.on('data', (text: string) => this.#onStdout(text));
    process.child.once('exit', (code, signal) => {
      const error = new Error(`the demo exited (${code ?? signal}) while a test waited for an event\n${process.tail()}`);
      for (const waiter of this.#waiters) waiter.reject(error);
      this.#waiters.clear();
    });
  }

  /**
   * Starts `node dist/main.js --json ...args`.
   * @throws Error when the demo has not been built
   */
  static start(args: readonly string[]): Demo {
    if (!existsSync(DEMO_MAIN)) throw new Error(`${DEMO_MAIN} is missing: run \`pnpm build\` first`);
    return new Demo(new PeerProcess(process.execPath, [DEMO_MAIN, '--json', ...args], { env: { ...process.env, NO_COLOR: '1' } }));
  }

  /** The events named `name`, in order. */
  named(name: string): DemoEvent[] {
    return this.events.filter((e) => e.event === name);
  }

  /**
   * The first event named `name` (and matching `predicate`) printed so far or from now on.
   * @throws Error when none comes within `ms`, or the demo exits first
   */
  waitForEvent(name: string, predicate: (event: DemoEvent) => boolean = () => true, ms = 10_000): Promise<DemoEvent> {
    const match = (event: DemoEvent): boolean => event.event === name && predicate(event);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    const { exitCode, signalCode } = this.process.child;
    if (exitCode !== null || signalCode !== null) {
      return Promise.reject(new Error(`the demo already exited (${exitCode ?? signalCode}) without "${name}"\n${this.process.tail()}`));
    }
    let waiter: Waiter | undefined;
    const arrived = new Promise<DemoEvent>((resolveEvent, reject) => {
      waiter = { match, resolve: resolveEvent, reject };
      this.#waiters.add(waiter);
    });
    return withTimeout(arrived, ms, `the demo did not print "${name}" within ${ms} ms`)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nevents: ${JSON.stringify(this.events)}\n${this.process.tail()}`);
      })
      .finally(() => {
        if (waiter) this.#waiters.delete(waiter);
      });
  }

  /** Resolves with the exit code once the demo ends by itself. @throws Error after `ms` */
  exited(ms: number): Promise<number | null> {
    return this.process.exited(ms);
  }

  /**
   * Interrupts the demo (SIGINT, as Ctrl-C) and waits for it to exit.
   * @returns its exit code (the contract: 0)
   * @throws Error when it does not exit within `ms`
   */
  async interrupt(ms = 10_000): Promise<number | null> {
    if (this.process.child.exitCode === null && this.process.child.signalCode === null) this.process.child.kill('SIGINT');
    return this.process.exited(ms);
  }

  /** Stops the demo by its PID whatever state it is in (SIGTERM, then SIGKILL): for afterEach. */
  stop(): Promise<void> {
    return this.process.stop(3_000);
  }

  #onStdout(text: string): void {
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const raw of lines) {
      const line = raw.trim();
      if (line === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { event?: unknown }).event !== 'string') {
        this.strayLines.push(line);
        continue;
      }
      const event = parsed as DemoEvent;
      this.events.push(event);
      for (const waiter of this.#waiters) {
        if (waiter.match(event)) {
          this.#waiters.delete(waiter);
          waiter.resolve(event);
        }
      }
    }
  }
}
