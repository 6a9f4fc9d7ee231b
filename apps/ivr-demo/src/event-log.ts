/** The events the demo reports, one line each. */
export type DemoEvent =
  | { event: 'listening'; host: string; port: number }
  | { event: 'registered'; server: string; user: string }
  | { event: 'unregistered' }
  | { event: 'call-started'; callId: string; remote: string; codec: string }
  | { event: 'call-answered'; callId: string; remote: string; codec: string }
  | { event: 'dtmf'; callId: string; digit: string }
  | { event: 'menu'; callId: string; item: 'time' | 'echo' | 'hangup' | 'replay' }
  | { event: 'call-ended'; callId: string; reason: string; duration: number }
  | { event: 'heard'; seconds: number; rmsDbfs: number; file?: string }
  | { event: 'error'; message: string };

/** Writes one line per event to `out`: JSON objects with `--json`, else short human-readable lines. */
export class EventLog {
  constructor(readonly json: boolean, readonly out: NodeJS.WritableStream = process.stdout) {}

  /** Logs one event. */
  log(e: DemoEvent): void {
    this.out.write(`${this.json ? JSON.stringify(e) : describe(e)}\n`);
  }
}

function describe(e: DemoEvent): string {
  switch (e.event) {
    case 'listening':
      return `listening for SIP on udp:${e.host}:${e.port}`;
    case 'registered':
      return `registered as ${e.user} at ${e.server}`;
    case 'unregistered':
      return 'registration removed';
    case 'call-started':
      return `call ${e.callId} from ${e.remote} answered, codec ${e.codec}`;
    case 'call-answered':
      return `call ${e.callId} to ${e.remote} answered, codec ${e.codec}`;
    case 'dtmf':
      return `call ${e.callId}: digit ${e.digit}`;
    case 'menu':
      return `call ${e.callId}: menu ${e.item}`;
    case 'call-ended':
      return `call ${e.callId} ended (${e.reason}) after ${e.duration.toFixed(1)} s`;
    case 'heard':
      return `heard ${e.seconds.toFixed(1)} s of audio at ${e.rmsDbfs.toFixed(1)} dBFS${e.file ? `, saved to ${e.file}` : ''}`;
    case 'error':
      return `error: ${e.message}`;
  }
}
