import { copyFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { freePort } from '../free-port.js';
import { PeerProcess } from '../peer-process.js';
import { tracedMessages } from './sipp-trace.js';
import { findProgram } from './tools.js';

/** Options for {@link Sipp.start}. */
export interface SippOptions {
  /** The scenario file's path; it is copied into `dir`. */
  readonly scenario: string;
  /** `host:port` of the peer the scenario talks to; omit for a UAS scenario (it answers each request's source). */
  readonly remote?: string;
  /** Working folder: the scenario is copied here (pcap files beside it) and logs are written here. */
  readonly dir: string;
  /** `-s`: fills `[service]`. */
  readonly service?: string;
  /** `-au`/`-ap`: answers 401/407 challenges. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** `-key name value` pairs: fill `[name]`. */
  readonly keys?: Readonly<Record<string, string>>;
  /** `-d`: the length of a bare `<pause/>` in milliseconds. */
  readonly pauseMs?: number;
  /** `-mp`: local RTP port (`[media_port]`). */
  readonly mediaPort?: number;
  /** `-timeout`: SIPp gives up (and fails) after this many seconds; default 30. */
  readonly timeoutSeconds?: number;
}

/** How a SIPp run ended. */
export interface SippResult {
  /** 0 when every call succeeded, 1 when one failed, other values for fatal errors. */
  readonly code: number | null;
  /** What SIPp printed (its final screen). */
  readonly output: string;
  /** `-trace_err` log: why a call failed. */
  readonly errors: string;
  /** `-trace_msg` log: every message sent and received. */
  readonly messages: string;
}

/** One SIPp run (`-m 1`), started as a peer process and stopped by its PID. */
export class Sipp {
  private constructor(
    /** The SIPp process. */
    readonly process: PeerProcess,
    /** Its local SIP port (`-p`). */
    readonly port: number,
    private readonly dir: string,
    private readonly timeoutSeconds: number,
  ) {}

  /** Starts SIPp with one call of `options.scenario` (against `options.remote`, if given). */
  static async start(options: SippOptions): Promise<Sipp> {
    const scenario = join(options.dir, basename(options.scenario));
    await copyFile(options.scenario, scenario);
    const port = await freePort();
    const timeoutSeconds = options.timeoutSeconds ?? 30;
    const args = [...(options.remote === undefined ? [] : [options.remote]), '-sf', scenario, '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-nostdin'];
    args.push('-timeout', `${timeoutSeconds}s`, '-timeout_error');
    args.push('-trace_err', '-error_file', join(options.dir, 'sipp-errors.log'));
    args.push('-trace_msg', '-message_file', join(options.dir, 'sipp-messages.log'));
    if (options.service !== undefined) args.push('-s', options.service);
    if (options.auth !== undefined) args.push('-au', options.auth.username, '-ap', options.auth.password);
    for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, value);
    if (options.pauseMs !== undefined) args.push('-d', String(Math.round(options.pauseMs)));
    if (options.mediaPort !== undefined) args.push('-mp', String(options.mediaPort));
    return new Sipp(new PeerProcess(findProgram('sipp'), args, { cwd: options.dir }), port, options.dir, timeoutSeconds);
  }

  /**
   * Waits for SIPp to exit and collects its logs.
   * @param ms - how long to wait; default 10 s more than SIPp's own `-timeout`, so that SIPp fails first, with its logs.
   * @throws Error when it has not exited within `ms`
   */
  async result(ms = this.timeoutSeconds * 1000 + 10_000): Promise<SippResult> {
    const code = await this.process.exited(ms);
    const read = (name: string): Promise<string> => readFile(join(this.dir, name), 'latin1').catch(() => '');
    return { code, output: this.process.output, errors: await read('sipp-errors.log'), messages: await read('sipp-messages.log') };
  }

  /** Stops SIPp by its PID if it is still running. */
  stop(): Promise<void> {
    return this.process.stop();
  }
}

/**
 * Why a run failed, for assertion messages: the exit code, the error log, one line per traced message, and the end of
 * the message log.
 */
export function describeSippFailure(result: SippResult): string {
  const trace = tracedMessages(result.messages).map((m) => `${m.direction} ${m.startLine} (${m.cseq})`).join('\n');
  return `sipp exited ${result.code}\n--- errors ---\n${result.errors.slice(-3000)}\n--- trace ---\n${trace}\n--- messages ---\n${result.messages.slice(-6000)}`;
}
