import { audibleSeconds, Baresip, describeSippFailure, freePort, Kamailio, makeTempDir, makeToneWav, readWav, removeTempDir, Sipp, writeRTPPcap } from '@voip/testkit';
import { KAMAILIO_CFG, scenario } from './support/paths.js';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The call path of sipp-through-kamailio.test.ts with baresip standing in for the demo (no demo needed): proves
// the Kamailio proxy config (REGISTER and INVITE digest auth, lookup, record-route), the SIPp UAC scenario and the
// generated pcap (audio and RFC 4733 keys) against a real softphone.
describe('sipp → kamailio → registered baresip (self-check, no demo)', () => {
  let dir: string | undefined;
  let kamailio: Kamailio | undefined;
  let callee: Baresip | undefined;
  let sipp: Sipp | undefined;

  beforeAll(async () => {
    dir = await makeTempDir('kamailio-baresip');
    kamailio = await Kamailio.start({ cfg: KAMAILIO_CFG });
  });
  afterEach(async () => {
    await sipp?.stop();
    await callee?.stop();
    sipp = callee = undefined;
  });
  afterAll(async () => {
    await kamailio?.stop();
    await removeTempDir(dir);
  });

  it('routes the authenticated INVITE to the registered user, who hears the audio and the keys 1 then 2', async () => {
    const k = kamailio!;
    const silence = join(dir!, 'silence.wav');
    await makeToneWav(silence, { seconds: 15, hz: 0, volume: 0 });
    callee = await Baresip.start({
      account: `<sip:1001@${k.address}>;auth_pass=secret1;regint=60;answermode=auto`,
      audioSource: silence,
    });
    await k.waitForRegistration('1001', 10_000);
    expect((await k.contactsOf('1001'))[0]).toContain(`@127.0.0.1:${callee.sipPort}`);

    const playMs = await writeRTPPcap(join(dir!, 'call.pcap'), { audioSeconds: 1.5, keys: '12', audio: 'tone' });
    const mediaPort = await freePort();
    sipp = await Sipp.start({
      scenario: scenario('uac-through-kamailio.xml'),
      remote: k.address,
      dir: dir!,
      service: '1001',
      keys: { caller: '1002' },
      auth: { username: '1002', password: 'secret2' },
      mediaPort,
      pauseMs: playMs + 1_000,
      timeoutSeconds: 30,
    });
    const result = await sipp.result(40_000);
    expect(result.code, describeSippFailure(result)).toBe(0);
    // INVITE challenged by the proxy, answered with credentials, record-routed through it
    expect(result.messages).toMatch(/SIP\/2\.0 407 Proxy Authentication Required[\s\S]*Proxy-Authenticate: Digest realm="127\.0\.0\.1"/);
    expect(result.messages).toMatch(/Proxy-Authorization: Digest username="1002"/);
    expect(result.messages).toMatch(new RegExp(`Record-Route: <sip:127\\.0\\.0\\.1:${k.port};lr`));

    const established = await callee.control.waitForEvent('CALL_ESTABLISHED', undefined, 5_000);
    expect(established.peeruri).toContain('1002');
    await callee.control.waitForEvent('CALL_CLOSED', undefined, 5_000);
    expect(callee.control.events.filter((e) => e.type === 'CALL_DTMF_START').map((e) => e.param)).toEqual(['1', '2']);
    const heard = await readWav(await callee.decodedRecording());
    expect(audibleSeconds(heard)).toBeGreaterThan(1.2);
  });
});
