import { afterEach, describe, expect, it } from 'vitest';
import { SIPClient } from '../src/index.js';
import { optionsPing } from './quickstart.js';

let uas: SIPClient | undefined;
afterEach(async () => {
  await uas?.stop();
});

describe('examples/quickstart.ts', () => {
  it('pings an in-test UAS and reads its Allow header', async () => {
    uas = new SIPClient({ host: '127.0.0.1', port: 0, username: 'uas' });
    await uas.start();
    const answer = await optionsPing(`sip:uas@127.0.0.1:${uas.localAddress.port}`);
    expect(answer).toEqual({ status: 200, reason: 'OK', allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, NOTIFY' });
  });
});
