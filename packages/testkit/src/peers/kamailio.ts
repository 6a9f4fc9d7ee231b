import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { PeerProcess } from '../peer-process.js';
import { findProgram, makeTempDir, pollUntil, removeTempDir, run } from './tools.js';

/** A subscriber of the test registrar. */
export interface KamailioUser {
  readonly username: string;
  readonly password: string;
}

/** The demo's account and the callers' account (domain 127.0.0.1). */
export const DEFAULT_USERS: readonly KamailioUser[] = [
  { username: '1001', password: 'secret1' },
  { username: '1002', password: 'secret2' },
];

/** Options for {@link Kamailio.start}. */
export interface KamailioOptions {
  /**
   * The configuration file. It gets these `#!define`s: `KPORT` (UDP/TCP port), `DBURL` (db_text folder with a
   * `subscriber` table of {@link KamailioOptions.users}), `CTLSOCK` (ctl socket for kamcmd), and with `tls` also
   * `KTLSPORT`, `TLSCERT`, `TLSKEY`.
   */
  readonly cfg: string;
  /** PEM files of the server certificate and key: a TLS port is opened as well. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** Subscribers with plain passwords; default {@link DEFAULT_USERS}. */
  readonly users?: readonly KamailioUser[];
  /** How long to wait for the ctl socket to answer; default 15 s. */
  readonly readyMs?: number;
}

/** A running Kamailio: registrar and proxy on 127.0.0.1:{@link Kamailio.port} (UDP). */
export class Kamailio {
  private constructor(
    /** The UDP (and TCP, when the config listens on it) port. */
    readonly port: number,
    private readonly tlsPortOrUndefined: number | undefined,
    /** Its private folder (db_text tables, pid file, ctl socket). */
    readonly dir: string,
    /** The `kamailio -DD` main process. */
    readonly process: PeerProcess,
  ) {}

  /**
   * The TLS port.
   * @throws Error when Kamailio was started without `tls`
   */
  get tlsPort(): number {
    if (this.tlsPortOrUndefined === undefined) throw new Error('this Kamailio was started without tls');
    return this.tlsPortOrUndefined;
  }

  /** `127.0.0.1:port`, as the demo's `--server` and SIPp's remote address. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The binrpc socket URL for `kamcmd -s`. */
  get ctlSocket(): string {
    return `unix:${join(this.dir, 'ctl.sock')}`;
  }

  /**
   * Starts Kamailio with `options.cfg` on free ports and waits until its ctl socket answers.
   * @throws Error with Kamailio's output when the config is refused or it does not come up in time
   */
  static async start(options: KamailioOptions): Promise<Kamailio> {
    const dir = await makeTempDir('kamailio');
    try {
      const db = join(dir, 'db');
      await mkdir(db);
      await writeFile(join(db, 'version'), 'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n');
      const users = options.users ?? DEFAULT_USERS;
      const rows = users.map((u, i) => `${i + 1}:${escapeDbText(u.username)}:127.0.0.1:${escapeDbText(u.password)}`);
      await writeFile(join(db, 'subscriber'), `id(int,auto) username(string) domain(string) password(string) \n${rows.join('\n')}\n`);
      const port = await freePort();
      const tlsPort = options.tls ? await freePort() : undefined;
      const args = [
        '-f', options.cfg,
        '-P', join(dir, 'kamailio.pid'),
        '-Y', dir,
        '-DD', '-E',
        '-A', `KPORT=${port}`,
        '-A', `DBURL="text://${db}"`,
        '-A', `CTLSOCK="unix:${join(dir, 'ctl.sock')}"`,
      ];
      if (options.tls) {
        args.push('-A', `KTLSPORT=${tlsPort}`, '-A', `TLSCERT="${options.tls.certFile}"`, '-A', `TLSKEY="${options.tls.keyFile}"`);
      }
      const peer = new PeerProcess(findProgram('kamailio'), args, { cwd: dir });
      const kamailio = new Kamailio(port, tlsPort, dir, peer);
      try {
        await pollUntil(
          'kamailio ctl socket',
          async () => {
            if (peer.child.exitCode !== null) throw new Error(`kamailio exited (${peer.child.exitCode})`);
            await kamailio.kamcmd('core.uptime');
            return true;
          },
          options.readyMs ?? 15_000,
        );
      } catch (error) {
        await peer.stop();
        throw new Error(`${(error as Error).message}\n${peer.tail()}`);
      }
      return kamailio;
    } catch (error) {
      await removeTempDir(dir);
      throw error;
    }
  }

  /** Runs one `kamcmd` command over the ctl socket and returns its output. */
  async kamcmd(...command: string[]): Promise<string> {
    return (await run('kamcmd', ['-s', this.ctlSocket, ...command], { timeoutMs: 5_000 })).stdout;
  }

  /** The AoRs (user names, usrloc use_domain 0) that hold a registration now, from `ul.dump`. */
  async registeredUsers(): Promise<string[]> {
    const dump = await this.kamcmd('ul.dump');
    return [...dump.matchAll(/^\s*AoR:\s*(\S+)\s*$/gm)].map((m) => m[1] ?? '');
  }

  /** The Contact URIs registered for `user` now, from `ul.dump`. */
  async contactsOf(user: string): Promise<string[]> {
    const dump = await this.kamcmd('ul.dump');
    const block = dump.split(/^\s*AoR:\s*/m).find((part) => part.startsWith(`${user}\n`) || part.startsWith(`${user}\r\n`));
    return block === undefined ? [] : [...block.matchAll(/^\s*Address:\s*(\S+)\s*$/gm)].map((m) => m[1] ?? '');
  }

  /**
   * Waits until `user` is registered (or, with `registered: false`, no longer is).
   * @throws Error when that does not happen within `ms`
   */
  async waitForRegistration(user: string, ms = 10_000, registered = true): Promise<void> {
    try {
      await pollUntil(
        `kamailio registration of ${user} ${registered ? 'present' : 'gone'}`,
        async () => ((await this.registeredUsers()).includes(user) === registered ? true : undefined),
        ms,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\nkamailio saw:\n${this.requestLog().join('\n') || '(no REGISTER)'}`);
    }
  }

  /** The config's log lines about REGISTERs and challenges, in order: what the registrar saw. */
  requestLog(): string[] {
    return this.process.output.split('\n').filter((line) => /<script>: (REGISTER|\w+ from .* challenged)/.test(line));
  }

  /** Stops Kamailio by its PID (SIGTERM; the main process stops its children) and removes its folder. */
  async stop(): Promise<void> {
    await this.process.stop(5_000);
    await removeTempDir(this.dir);
  }
}

/** db_text escapes its field separator and backslash. */
function escapeDbText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/\n/g, '\\n');
}
