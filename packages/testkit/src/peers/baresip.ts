import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { PeerProcess } from '../peer-process.js';
import { BaresipControl } from './baresip-control.js';
import { findProgram, makeTempDir, pollUntil, removeTempDir } from './tools.js';

/** Options for {@link Baresip.start}. */
export interface BaresipOptions {
  /**
   * The account line, e.g. `<sip:caller@127.0.0.1>;regint=0` (no registration) or
   * `<sip:1001@127.0.0.1:5070>;auth_pass=secret1;regint=60;answermode=auto` (registers, answers by itself).
   */
  readonly account: string;
  /** WAV used as the microphone (`aufile`): 8 kHz mono 16-bit. The call ends about a second after it does. */
  readonly audioSource: string;
  /** How long to wait for "baresip is ready" and the control connection; default 15 s. */
  readonly readyMs?: number;
}

/**
 * A headless baresip on 127.0.0.1: G.711 only, `aufile` as microphone, `aubridge` as a silent player, `sndfile`
 * recording what it decoded (`*-dec.wav`) and sent (`*-enc.wav`), `ctrl_tcp` for commands and events.
 */
export class Baresip {
  private constructor(
    /** SIP port (UDP and TCP; baresip also takes port + 1 for TLS). */
    readonly sipPort: number,
    /** Its private folder (config, accounts, recordings). */
    readonly dir: string,
    /** The baresip process. */
    readonly process: PeerProcess,
    /** The control connection. */
    readonly control: BaresipControl,
  ) {}

  /** Folder where `sndfile` writes its recordings. */
  get recordDir(): string {
    return join(this.dir, 'recordings');
  }

  /** A SIP URI that reaches this baresip directly. */
  uriFor(user: string): string {
    return `sip:${user}@127.0.0.1:${this.sipPort}`;
  }

  /**
   * Writes a config dir, starts baresip, waits until it is ready and its control port answers.
   * @throws Error with baresip's output when it does not come up in time
   */
  static async start(options: BaresipOptions): Promise<Baresip> {
    const dir = await makeTempDir('baresip');
    let peer: PeerProcess | undefined;
    try {
      const sipPort = await freeSipPort();
      const ctrlPort = await freePort();
      const recordings = join(dir, 'recordings');
      await mkdir(recordings);
      const modules = baresipModulePath();
      await writeFile(join(dir, 'config'), baresipConfig({ sipPort, ctrlPort, audioSource: options.audioSource, recordings, modules }));
      await writeFile(join(dir, 'accounts'), `${options.account}\n`);
      peer = new PeerProcess(findProgram('baresip'), ['-f', dir, '-n', '127.0.0.1'], { cwd: dir });
      const readyMs = options.readyMs ?? 15_000;
      await peer.waitForOutput(/baresip is ready/, readyMs);
      const control = await BaresipControl.connect(ctrlPort, readyMs);
      return new Baresip(sipPort, dir, peer, control);
    } catch (error) {
      const tail = peer?.tail() ?? '';
      await peer?.stop();
      await removeTempDir(dir);
      throw new Error(`${(error as Error).message}\n${tail}`);
    }
  }

  /**
   * The recording of what baresip decoded (heard) in its latest call, once `sndfile` has written it.
   * @throws Error when there is none within `ms`
   */
  decodedRecording(ms = 5_000): Promise<string> {
    return pollUntil(
      'baresip decoded recording',
      async () => {
        const files = (await readdir(this.recordDir)).filter((f) => f.endsWith('-dec.wav')).sort();
        const last = files[files.length - 1];
        return last === undefined ? undefined : join(this.recordDir, last);
      },
      ms,
    );
  }

  /** Closes the control connection, stops baresip by its PID and removes its folder. */
  async stop(): Promise<void> {
    this.control.close();
    await this.process.stop(3_000);
    await removeTempDir(this.dir);
  }
}

/** The baresip 1.0 config file for {@link Baresip.start}. */
function baresipConfig(o: { sipPort: number; ctrlPort: number; audioSource: string; recordings: string; modules: string }): string {
  return [
    'poll_method\tepoll',
    `sip_listen\t127.0.0.1:${o.sipPort}`,
    'call_local_timeout\t60',
    'call_max_calls\t4',
    `audio_source\taufile,${o.audioSource}`,
    'audio_player\taubridge,nil',
    'audio_alert\taubridge,nil',
    'ausrc_srate\t8000',
    'auplay_srate\t8000',
    'ausrc_channels\t1',
    'auplay_channels\t1',
    'audio_level\tno',
    'jitter_buffer_delay\t1-10',
    'rtp_stats\tno',
    'statmode_default\toff',
    `module_path\t${o.modules}`,
    'module\tg711.so',
    'module\taufile.so',
    'module\taubridge.so',
    'module\tsndfile.so',
    'module_tmp\taccount.so',
    'module_app\tmenu.so',
    'module_app\tctrl_tcp.so',
    `ctrl_tcp_listen\t127.0.0.1:${o.ctrlPort}`,
    `snd_path\t${o.recordings}`,
    '',
  ].join('\n');
}

/** Where the distribution put baresip's modules (Debian: /usr/lib/baresip/modules). @throws Error when not found */
function baresipModulePath(): string {
  const candidates = ['/usr/lib/baresip/modules', '/usr/lib/x86_64-linux-gnu/baresip/modules', '/usr/local/lib/baresip/modules'];
  const found = candidates.find((dir) => existsSync(join(dir, 'g711.so')) && existsSync(join(dir, 'ctrl_tcp.so')));
  if (found === undefined) throw new Error(`baresip modules (g711.so, ctrl_tcp.so) not found in ${candidates.join(', ')}: run pnpm peers:install`);
  return found;
}

/** A free port P for SIP over UDP and TCP whose P + 1 is free too (baresip binds TLS there). */
async function freeSipPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port < 65_535 && (await isFree(port + 1))) return port;
  }
  throw new Error('no free port pair (P, P+1) for baresip on 127.0.0.1 after 20 tries');
}

/** Whether `port` can be bound on 127.0.0.1 for both TCP and UDP right now. */
async function isFree(port: number): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
  if (!tcp) return false;
  return new Promise<boolean>((resolveFree) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolveFree(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolveFree(true)));
  });
}
