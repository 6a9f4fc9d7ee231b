import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, parseCLI, phoneOptions } from './cli-options.js';

describe('parseCLI', () => {
  it('defaults to answering on 0.0.0.0:5060 without a server', () => {
    expect(parseCLI([])).toMatchObject({ mode: 'serve', host: '0.0.0.0', port: 5060, json: false, rtpPorts: [10000, 20000] });
  });

  it('reads the PBX options', () => {
    const o = parseCLI(['--server', 'pbx:5070', '--user', '1001', '--password', 's3', '--port', '5062', '--json']);
    expect(o).toMatchObject({ mode: 'serve', server: 'pbx:5070', user: '1001', password: 's3', port: 5062, json: true });
  });

  it('switches to caller mode with --call or a positional URI, on port 5070 by default', () => {
    expect(parseCLI(['--call', 'sip:ivr@127.0.0.1:5062', '--keys', '12#'])).toMatchObject({
      mode: 'call',
      callURI: 'sip:ivr@127.0.0.1:5062',
      keys: '12#',
      port: 5070,
    });
    expect(parseCLI(['--call'])).toMatchObject({ mode: 'call', callURI: 'sip:ivr@127.0.0.1:5060' });
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--user', 'a'], /go with --server/],
    [['--server', 'pbx'], /needs --user/],
    [['--port', '99999'], /--port/],
    [['--rtp-ports', '20000-10000'], /--rtp-ports/],
    [['--call', 'sip:x@y', '--keys', '1x'], /--keys/],
    [['--listen', '-1'], /--listen/],
    [['--transport', 'sctp'], /--transport/],
    [['--tls-cert', 'a.pem'], /--tls-key/],
    [['--outbound-proxy', 'proxy.example.com'], /SIP URI/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCLI(argv)).toThrow(UsageError);
    expect(() => parseCLI(argv)).toThrow(message);
  });

  it('reads transport, TLS files and the outbound proxy, and passes them to the phone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-cli-'));
    try {
      for (const name of ['ca.pem', 'me.pem', 'me.key']) writeFileSync(join(dir, name), `-----${name}-----`);
      const o = parseCLI([
        '--transport', 'TLS', '--tls-ca', join(dir, 'ca.pem'), '--tls-cert', join(dir, 'me.pem'), '--tls-key', join(dir, 'me.key'),
        '--outbound-proxy', 'sip:127.0.0.1:5070;transport=tcp',
      ]);
      expect(o).toMatchObject({ transport: 'tls', outboundProxy: 'sip:127.0.0.1:5070;transport=tcp' });
      const phone = phoneOptions(o, 'ua');
      expect(phone.transport).toBe('tls');
      expect(phone.outboundProxy).toBe('sip:127.0.0.1:5070;transport=tcp');
      expect(String(phone.tlsCA)).toBe('-----ca.pem-----');
      expect(String(phone.tlsKey)).toBe('-----me.key-----');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
