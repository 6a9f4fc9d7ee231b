import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts, PeerProcess } from '@voip/testkit';

/** The Kamailio configuration of these tests: registrar + proxy on UDP, TCP and TLS. */
export const KAMAILIO_CFG = fileURLToPath(new URL('../kamailio-transports.cfg', import.meta.url));

/** Subscribers of the test registrar (domain 127.0.0.1). */
export const USERS = [
  { username: '1001', password: 'secret1' },
  { username: '1002', password: 'secret2' },
] as const;

/** The absolute path of a program, from PATH or the sbin folders. @throws Error naming the install script */
export function findProgram(name: string): string {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin']) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  throw new Error(`${name} is not installed: run scripts/install-peers.sh (kamailio, kamailio-tls-modules)`);
}

/** A running Kamailio on 127.0.0.1: UDP and TCP on {@link Kamailio.port}, TLS on {@link Kamailio.tlsPort}. */
export class Kamailio {
  private constructor(
    readonly port: number,
    readonly tlsPort: number,
    readonly dir: string,
    readonly process: PeerProcess,
  ) {}

  /**
   * Starts Kamailio with a server certificate and key (PEM files) and waits until its ctl socket answers.
   * @throws Error with Kamailio's output when it does not come up within 15 s
   */
  static async start(tls: { certFile: string; keyFile: string }): Promise<Kamailio> {
    const dir = await mkdtemp(join(tmpdir(), 'sip-client-kamailio-'));
    const db = join(dir, 'db');
    await mkdir(db);
    await writeFile(join(db, 'version'), 'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n');
    const rows = USERS.map((u, i) => `${i + 1}:${u.username}:127.0.0.1:${u.password}`);
    await writeFile(join(db, 'subscriber'), `id(int,auto) username(string) domain(string) password(string) \n${rows.join('\n')}\n`);
    const [port, tlsPort] = (await freePorts(2)) as [number, number];
    const args = [
      '-f', KAMAILIO_CFG, '-P', join(dir, 'kamailio.pid'), '-Y', dir, '-DD', '-E',
      '-A', `KPORT=${port}`, '-A', `KTLSPORT=${tlsPort}`,
      '-A', `DBURL="text://${db}"`, '-A', `CTLSOCK="unix:${join(dir, 'ctl.sock')}"`,
      '-A', `TLSKEY="${tls.keyFile}"`, '-A', `TLSCERT="${tls.certFile}"`,
    ];
    const kamailio = new Kamailio(port, tlsPort, dir, new PeerProcess(findProgram('kamailio'), args, { cwd: dir }));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await kamailio.kamcmd('core.uptime');
        return kamailio;
      } catch (error) {
        if (kamailio.process.child.exitCode !== null || Date.now() > deadline) {
          await kamailio.stop();
          throw new Error(`kamailio did not start: ${(error as Error).message}\n${kamailio.process.tail()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Runs one `kamcmd` command over the ctl socket. */
  kamcmd(...command: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(findProgram('kamcmd'), ['-s', `unix:${join(this.dir, 'ctl.sock')}`, ...command], { timeout: 5_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`kamcmd ${command.join(' ')}: ${error.message} ${stderr}`)) : resolve(stdout),
      );
    });
  }

  /** The Contact URIs registered for `user` now (`ul.dump`). */
  async contactsOf(user: string): Promise<string[]> {
    const dump = await this.kamcmd('ul.dump');
    const block = dump.split(/^\s*AoR:\s*/m).find((part) => part.startsWith(`${user}\n`));
    return block === undefined ? [] : [...block.matchAll(/^\s*Address:\s*(\S+)\s*$/gm)].map((m) => m[1] ?? '');
  }

  /** Stops Kamailio by its PID and removes its folder. */
  async stop(): Promise<void> {
    await this.process.stop(5_000);
    await rm(this.dir, { recursive: true, force: true });
  }
}
