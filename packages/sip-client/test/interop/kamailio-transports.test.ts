import { getTopVia } from '@voip/sip-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsManager } from '../../src/credentials.js';
import type { Dialog } from '../../src/dialog.js';
import type { IncomingInvite } from '../../src/incoming-invite.js';
import { SIPClient, type SIPClientOptions } from '../../src/sip-client.js';
import { DEFAULT_USERS as USERS, Kamailio, makeTestCertificates, type TestCertificates } from '@voip/testkit';
import { TRANSPORTS_CFG } from './support/configs.js';
import { SDP } from './support/sipp-calls.js';

let certs: TestCertificates;
let kamailio: Kamailio;
beforeAll(async () => {
  certs = makeTestCertificates();
  kamailio = await Kamailio.start({ cfg: TRANSPORTS_CFG, tls: certs });
});
afterAll(async () => {
  await kamailio?.stop();
  certs?.remove();
});

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function account(index: 0 | 1, transport: 'udp' | 'tcp' | 'tls', extra: Partial<SIPClientOptions> = {}): Promise<SIPClient> {
  const { username, password } = USERS[index] as { username: string; password: string };
  const credentials = new CredentialsManager();
  credentials.add(username, password);
  const client = new SIPClient({
    host: '127.0.0.1',
    port: 0,
    transport,
    tls: { ca: certs.ca },
    server: { host: '127.0.0.1', port: transport === 'tls' ? kamailio.tlsPort : kamailio.port },
    username,
    credentials,
    ...extra,
  });
  await client.start();
  cleanup.push(() => client.stop());
  return client;
}

describe.each(['tcp', 'tls'] as const)('through Kamailio over %s', (transport) => {
  it('registers over a kept connection and takes a call that comes back over it, then BYE', async () => {
    const callee = await account(0, transport);
    const caller = await account(1, transport);
    await callee.register();
    await caller.register();
    expect(callee.registrationState).toBe('REGISTERED');

    // the registered contact names the client's end of the connection (the flow), with the transport
    const [contact] = await kamailio.contactsOf('1001');
    expect(contact).toMatch(new RegExp(`^sip:1001@127\\.0\\.0\\.1:\\d+;transport=${transport}$`));
    expect(Number(/:(\d+);/.exec(contact!)?.[1])).not.toBe(callee.ports.tcp);

    let incoming: IncomingInvite | undefined;
    let answered: Promise<Dialog> | undefined;
    callee.on('invite', (invite) => {
      incoming = invite;
      answered = invite.accept({ body: SDP('callee', 40002) });
    });
    const { response, dialog } = await caller.invite('sip:1001@127.0.0.1', { body: SDP('caller', 40000) });
    expect(response.status).toBe(200);
    const calleeDialog = await answered!;
    // the INVITE came from Kamailio's end of the connection the registration opened, not a new one
    const registrarPort = transport === 'tls' ? kamailio.tlsPort : kamailio.port;
    expect(incoming!.source).toMatchObject({ host: '127.0.0.1', port: registrarPort });
    expect(getTopVia(incoming!.request).transport).toBe(transport.toUpperCase());

    const ended = new Promise((resolve) => calleeDialog.once('terminated', resolve));
    await dialog.bye();
    expect(await ended).toBe('BYE');
  });
});

describe('outbound proxy through Kamailio', () => {
  it('a UDP-configured client registers and sends MESSAGE over TCP through the proxy', async () => {
    const proxy = `sip:127.0.0.1:${kamailio.port};transport=tcp`;
    const callee = await account(0, 'tcp');
    await callee.register();
    const sender = await account(1, 'udp', { outboundProxy: proxy });
    await sender.register();
    const [contact] = await kamailio.contactsOf('1002');
    expect(contact).toBeDefined();
    const got = new Promise<string>((resolve) => callee.once('message', (m) => resolve(Buffer.from(m.body).toString())));
    const response = await sender.request('sip:1001@127.0.0.1', 'MESSAGE', { body: 'through the proxy' });
    expect(response.status).toBe(200);
    expect(await got).toBe('through the proxy');
    // Kamailio saw the UDP-configured client's REGISTER and MESSAGE arrive over TCP (the proxy URI's transport)
    const log = kamailio.process.output;
    expect(log).toMatch(/REGISTER saved over tcp from 127\.0\.0\.1:\d+ contact=<sip:1002@127\.0\.0\.1:\d+>/);
    expect(log).toMatch(/MESSAGE over tcp from 127\.0\.0\.1:\d+ via SIP\/2\.0\/TCP/);
  });
});
