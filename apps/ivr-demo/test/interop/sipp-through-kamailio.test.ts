import { describeSippFailure, freePort, Kamailio, makeTempDir, removeTempDir, Sipp, writeRTPPcap } from '@voip/testkit';
import { KAMAILIO_CFG, scenario } from './support/paths.js';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Demo } from './support/demo.js';

// The demo registered at Kamailio as 1001; SIPp (user 1002) calls it through the proxy, plays audio and the keys
// 1 and 2 (time, then echo test: neither hangs up), then hangs up itself.
describe('demo behind kamailio, called by sipp', () => {
  let dir: string | undefined;
  let kamailio: Kamailio | undefined;
  let demo: Demo | undefined;
  let sipp: Sipp | undefined;

  beforeEach(async () => {
    dir = await makeTempDir('sipp-kamailio');
    kamailio = await Kamailio.start({ cfg: KAMAILIO_CFG });
  });
  afterEach(async () => {
    await sipp?.stop();
    await demo?.stop();
    await kamailio?.stop();
    await removeTempDir(dir);
    sipp = demo = kamailio = dir = undefined;
  });

  it('registers, answers the routed call, reports keys 1 and 2 once each, ends on BYE, unregisters on SIGINT', async () => {
    const k = kamailio!;
    const demoPort = await freePort();
    demo = Demo.start(['--host', '127.0.0.1', '--port', String(demoPort), '--server', k.address, '--user', '1001', '--password', 'secret1']);
    await demo.waitForEvent('listening', undefined, 10_000);
    expect(await demo.waitForEvent('registered', undefined, 10_000)).toMatchObject({ server: k.address, user: '1001' });
    await k.waitForRegistration('1001', 5_000);
    expect((await k.contactsOf('1001')).join(' ')).toContain(`127.0.0.1:${demoPort}`);

    const playMs = await writeRTPPcap(join(dir!, 'call.pcap'), { audioSeconds: 2, keys: '12', audio: 'noise' });
    sipp = await Sipp.start({
      scenario: scenario('uac-through-kamailio.xml'),
      remote: k.address,
      dir: dir!,
      service: '1001',
      keys: { caller: '1002' },
      auth: { username: '1002', password: 'secret2' },
      mediaPort: await freePort(),
      pauseMs: playMs + 1_500,
      timeoutSeconds: 40,
    });
    const started = await demo.waitForEvent('call-started', undefined, 15_000);
    expect(started.remote).toContain('1002');
    expect(started.codec).toBe('PCMU');

    const result = await sipp.result(50_000);
    expect(result.code, describeSippFailure(result)).toBe(0);
    expect(result.messages).toMatch(/SIP\/2\.0 407 Proxy Authentication Required/);
    const ended = await demo.waitForEvent('call-ended', (e) => e.callId === started.callId, 10_000);
    expect(ended.reason).toBe('remote-bye');

    const digits = demo.named('dtmf').filter((e) => e.callId === started.callId).map((e) => e.digit);
    expect(digits).toEqual(['1', '2']);
    const items = demo.named('menu').filter((e) => e.callId === started.callId).map((e) => e.item);
    expect(items.slice(0, 2)).toEqual(['time', 'echo']);

    expect(await demo.interrupt(10_000)).toBe(0);
    expect(demo.named('unregistered')).toHaveLength(1);
    await k.waitForRegistration('1001', 5_000, false);
    expect(demo.named('error')).toEqual([]);
    expect(demo.strayLines, 'stdout lines that are not JSON events').toEqual([]);
  });
});
