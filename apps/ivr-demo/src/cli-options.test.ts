import { describe, expect, it } from 'vitest';
import { UsageError, parseCLI } from './cli-options.js';

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
  ])('rejects %j', (argv, message) => {
    expect(() => parseCLI(argv)).toThrow(UsageError);
    expect(() => parseCLI(argv)).toThrow(message);
  });
});
