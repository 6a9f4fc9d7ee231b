import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, PeerProcess } from '@voip/testkit';

/** The registrar configuration that challenges with SHA-256. */
const CFG = fileURLToPath(new URL('../kamailio-sha256.cfg', import.meta.url));

/** A Kamailio registrar on 127.0.0.1 that challenges REGISTER with `algorithm=SHA-256`, `qop="auth"`. */
export class Sha256Registrar {
  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly process: PeerProcess,
  ) {}

  /**
   * Starts it with one subscriber (domain 127.0.0.1) and waits until its ctl socket answers (at most 15 s).
   * @throws Error with Kamailio's output when it does not come up
   */
  static async start(user: { username: string; password: string }): Promise<Sha256Registrar> {
    const dir = await mkdtemp(join(tmpdir(), 'sip-client-kamailio-sha256-'));
    const db = join(dir, 'db');
    await mkdir(db);
    await writeFile(join(db, 'version'), 'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n');
    await writeFile(join(db, 'subscriber'), `id(int,auto) username(string) domain(string) password(string) \n1:${user.username}:127.0.0.1:${user.password}\n`);
    const port = await freePort();
    const args = ['-f', CFG, '-P', join(dir, 'kamailio.pid'), '-Y', dir, '-DD', '-E',
      '-A', `KPORT=${port}`, '-A', `DBURL="text://${db}"`, '-A', `CTLSOCK="unix:${join(dir, 'ctl.sock')}"`];
    const registrar = new Sha256Registrar(port, dir, new PeerProcess('/usr/sbin/kamailio', args, { cwd: dir }));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (await registrar.kamcmd('core.uptime').then(() => true, () => false)) return registrar;
      if (registrar.process.child.exitCode !== null || Date.now() > deadline) {
        await registrar.stop();
        throw new Error(`kamailio did not come up\n${registrar.process.tail()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Runs one kamcmd command over the ctl socket. */
  kamcmd(...command: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('/usr/sbin/kamcmd', ['-s', `unix:${join(this.dir, 'ctl.sock')}`, ...command], { timeout: 5_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
  }

  /** The Contact addresses registered for `user`, from `ul.dump`. */
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
