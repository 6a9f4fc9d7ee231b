import { createSocket, type Socket } from 'node:dgram';

/** What the responder answers an INVITE with. */
export interface ResponderMedia {
  readonly rtpPort: number;
  readonly payloadType: number;
  readonly encoding: 'PCMU' | 'PCMA';
  readonly dtmfPayloadType: number;
}

/**
 * Just enough SIP over UDP on 127.0.0.1 to let a real peer (SIPp, baresip) set up one call with an RTPClient:
 * INVITE is answered 200 with an SDP for `media`; BYE is answered 200; ACK is absorbed. Headers are copied as
 * text (this package may not depend on the SIP parser); it is test scaffolding, not a UA.
 */
export class SIPResponder {
  /** The SDP offers received, in order. */
  readonly offers: string[] = [];
  /** Methods received, in order. */
  readonly methods: string[] = [];
  #byeWaiters: (() => void)[] = [];

  private constructor(
    readonly socket: Socket,
    readonly media: ResponderMedia,
  ) {
    socket.on('message', (msg, rinfo) => this.#onMessage(msg.toString('latin1'), rinfo.address, rinfo.port));
  }

  /** Binds on 127.0.0.1 at an OS-chosen port. */
  static async open(media: ResponderMedia): Promise<SIPResponder> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new SIPResponder(socket, media);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Resolves when a BYE came (at once if one did). */
  bye(): Promise<void> {
    if (this.methods.includes('BYE')) return Promise.resolve();
    return new Promise((resolve) => this.#byeWaiters.push(resolve));
  }

  #onMessage(text: string, host: string, port: number): void {
    const [head = '', body = ''] = text.split('\r\n\r\n');
    const lines = head.split('\r\n');
    const method = lines[0]!.split(' ')[0]!;
    if (method === 'SIP/2.0') return;
    this.methods.push(method);
    if (method === 'ACK') return;
    const copy = lines.filter((l) => /^(via|v|from|f|to|t|call-id|i|cseq)\s*:/i.test(l)).map((l) => (/^(to|t)\s*:/i.test(l) && !/;tag=/i.test(l) ? `${l};tag=rtp-interop` : l));
    let sdp = '';
    if (method === 'INVITE') {
      this.offers.push(body);
      const m = this.media;
      sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${m.rtpPort} RTP/AVP ${m.payloadType} ${m.dtmfPayloadType}`,
        `a=rtpmap:${m.payloadType} ${m.encoding}/8000`, `a=rtpmap:${m.dtmfPayloadType} telephone-event/8000`, `a=fmtp:${m.dtmfPayloadType} 0-16`, 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
    }
    const response = ['SIP/2.0 200 OK', ...copy, `Contact: <sip:rtp@127.0.0.1:${this.port}>`, ...(sdp ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n');
    this.socket.send(response, port, host);
    if (method === 'BYE') for (const resolve of this.#byeWaiters.splice(0)) resolve();
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** The `m=audio` port and `c=` address of an SDP offer. */
export function offeredMedia(sdp: string): { host: string; port: number } {
  const port = Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);
  const host = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1] ?? '127.0.0.1';
  return { host, port };
}
