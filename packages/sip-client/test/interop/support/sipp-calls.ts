import { CredentialsManager } from '../../../src/credentials.js';
import type { Dialog } from '../../../src/dialog.js';
import { SIPClient } from '../../../src/sip-client.js';

/** An SDP offer or answer for the client under test. */
export const SDP = (user: string, port: number): string =>
  `v=0\r\no=${user} 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\n`;

/** A started client on 127.0.0.1 (user alice, password secret for any realm); `cleanup` collects its stop(). */
export async function startClient(cleanup: (() => Promise<void>)[]): Promise<SIPClient> {
  const credentials = new CredentialsManager();
  credentials.add('alice', 'secret');
  const client = new SIPClient({ host: '127.0.0.1', port: 0, username: 'alice', credentials });
  await client.start();
  cleanup.push(() => client.stop());
  return client;
}

/**
 * Makes `client` answer every call: ring, accept, and record how each accept ended — `'ACK'` when the ACK
 * confirmed it (the dialog still up), `'ended'` when it resolved because the call ended first, or the error.
 */
export function answerCalls(client: SIPClient): { outcomes: string[]; dialogs: Dialog[] } {
  const outcomes: string[] = [];
  const dialogs: Dialog[] = [];
  client.on('invite', (invite) => {
    invite.ringing();
    invite.accept({ body: SDP('alice', 41000) }).then(
      (dialog) => {
        dialogs.push(dialog);
        outcomes.push(dialog.state === 'CONFIRMED' ? 'ACK' : 'ended');
      },
      (error: unknown) => outcomes.push(String(error)),
    );
  });
  return { outcomes, dialogs };
}
