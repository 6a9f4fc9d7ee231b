import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@voip/testkit';

/** The folder of this package's SIPp scenarios. */
export const SIPP_SCENARIOS = fileURLToPath(new URL('../sipp/', import.meta.url));

/** How one SIPp run ended. */
export interface SippRun {
  /** SIPp's exit code: 0 when every call succeeded. */
  readonly code: number;
  /** The `-trace_msg` log: every message sent and received. */
  readonly messages: string;
  /** The `-trace_err` log. */
  readonly errors: string;
  /** What SIPp printed. */
  readonly output: string;
}

/** Options of {@link runSipp}. */
export interface SippRunOptions {
  /** Scenario file in {@link SIPP_SCENARIOS}. */
  readonly scenario: string;
  /** `host:port` of the client under test; omit when SIPp answers (a UAS scenario replies to each request's source). */
  readonly remote?: string;
  /** `-s`: the `[service]` user. */
  readonly service?: string;
  /** `-key name value` pairs. */
  readonly keys?: Readonly<Record<string, string>>;
  /** SIPp's local port; default a free one. */
  readonly port?: number;
  /** `-timeout` in seconds (default 20). */
  readonly timeoutSeconds?: number;
  /** Called once SIPp has started (its local port known). */
  readonly onStart?: (port: number) => void;
}

/**
 * Runs one SIPp call (`-m 1`) of a scenario against the client under test and collects its logs. SIPp runs as a
 * child process with a bounded timeout and is killed by its own PID if it overstays.
 * @returns the exit code and logs (a failed call is not thrown: the test asserts on `code`)
 */
export async function runSipp(options: SippRunOptions): Promise<SippRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sip-client-sipp-'));
  try {
    const port = options.port ?? (await freePort());
    const timeout = options.timeoutSeconds ?? 20;
    const args = [...(options.remote === undefined ? [] : [options.remote]), '-sf', join(SIPP_SCENARIOS, options.scenario), '-i', '127.0.0.1', '-p', String(port), '-m', '1', '-nostdin'];
    args.push('-timeout', `${timeout}s`, '-timeout_error', '-max_recv_loops', '1000');
    args.push('-trace_msg', '-message_file', join(dir, 'messages.log'), '-trace_err', '-error_file', join(dir, 'errors.log'));
    if (options.service !== undefined) args.push('-s', options.service);
    for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, value);
    const done = new Promise<{ code: number; output: string }>((resolve) => {
      execFile('sipp', args, { timeout: (timeout + 10) * 1000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      });
    });
    options.onStart?.(port);
    const { code, output } = await done;
    const read = (name: string): Promise<string> => readFile(join(dir, name), 'latin1').catch(() => '');
    return { code, output, messages: await read('messages.log'), errors: await read('errors.log') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One message in a SIPp `-trace_msg` log. */
export interface TracedMessage {
  readonly direction: 'sent' | 'received' | 'lost';
  /** The start line: `INVITE sip:… SIP/2.0` or `SIP/2.0 200 OK`. */
  readonly startLine: string;
  /** The CSeq header value. */
  readonly cseq: string;
}

/** Splits a `-trace_msg` log into messages, in order (a lost send has no text, only its marker). */
export function tracedMessages(log: string): TracedMessage[] {
  const result: { direction: TracedMessage['direction']; startLine: string; cseq: string }[] = [];
  let current: (typeof result)[number] | undefined;
  for (const line of log.split(/\r?\n/)) {
    const marker = /UDP message (sent|received|voluntary lost)/.exec(line);
    if (marker) {
      const direction = marker[1] === 'sent' ? 'sent' : marker[1] === 'received' ? 'received' : 'lost';
      current = { direction, startLine: '', cseq: '' };
      result.push(current);
      continue;
    }
    if (!current || line.trim() === '' || /^-{10,}/.test(line)) continue;
    if (current.startLine === '') current.startLine = line.trim();
    else if (current.cseq === '' && /^CSeq:/i.test(line)) current.cseq = line.slice(5).trim();
  }
  return result;
}

/** How many messages went in `direction` whose start line begins with `start` (and CSeq method `method`, if given). */
export function countTraced(log: string, direction: TracedMessage['direction'], start: string, method?: string): number {
  return tracedMessages(log).filter((m) => m.direction === direction && m.startLine.startsWith(start) && (method === undefined || m.cseq.endsWith(method))).length;
}
