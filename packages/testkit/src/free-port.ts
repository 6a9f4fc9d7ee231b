import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port that is free right now for both UDP and TCP on `host`, chosen by the OS, so that parallel tests do not
 * collide. (Another process may take it before the caller binds it; tests bind it at once.)
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolvePort, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const address = server.address();
        server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolveFree) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolveFree(false));
      socket.bind(port, host, () => socket.close(() => resolveFree(true)));
    });
    if (udpFree) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${host} after 20 tries`);
}

/** `count` distinct free ports (see {@link freePort}). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count && attempt < count * 50; attempt++) ports.add(await freePort(host));
  if (ports.size < count) throw new Error(`only ${ports.size} of ${count} free ports found on ${host}`);
  return [...ports];
}
