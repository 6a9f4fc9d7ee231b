/**
 * Two {@link SIPClient}s on 127.0.0.1 with a call between them, for this package's dialog tests (not exported).
 * @internal
 */
import { SIPClient, type SIPClientOptions } from './sip-client.js';
import type { Dialog } from './dialog.js';

/** An SDP body for tests. @internal */
export const sdp = (user: string, port: number, direction = 'sendrecv'): string =>
  `v=0\r\no=${user} 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=${direction}\r\n`;

/** Bytes as UTF-8 text. @internal */
export const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** A started client; `cleanup` collects its stop(). @internal */
export async function startClient(cleanup: (() => Promise<void>)[], options: Partial<SIPClientOptions> = {}): Promise<SIPClient> {
  const c = new SIPClient({ host: '127.0.0.1', port: 0, ...options });
  await c.start();
  cleanup.push(() => c.stop());
  return c;
}

/** The SIP URI of `user` at a client. @internal */
export const uriOf = (c: SIPClient, user = 'bob'): string => `sip:${user}@127.0.0.1:${c.localAddress.port}`;

/** Alice calls bob, bob answers: both confirmed dialogs (bob's after the ACK). @internal */
export async function connectedCall(cleanup: (() => Promise<void>)[]): Promise<{ alice: SIPClient; bob: SIPClient; a: Dialog; b: Dialog }> {
  const alice = await startClient(cleanup, { username: 'alice' });
  const bob = await startClient(cleanup, { username: 'bob' });
  let answered: Promise<Dialog> | undefined;
  bob.once('invite', (invite) => {
    answered = invite.accept({ body: sdp('bob', 40002) });
  });
  const { dialog: a } = await alice.invite(uriOf(bob), { body: sdp('alice', 40000) });
  const b = await answered!;
  return { alice, bob, a, b };
}
