import { afterEach, describe, expect, it, vi } from 'vitest';

describe('examples/quickstart.ts', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs and prints what the README shows', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });
    await import('./quickstart.js');
    expect(lines).toEqual([
      'INVITE from Alice (tag 1928301774), CSeq 314159',
      'branch z9hG4bK776asdhds',
      'send RTP to 192.0.2.10:49170 using PCMU, PCMA, telephone-event',
      'SIP/2.0 180 Ringing',
      'SIP/2.0 200 OK',
      'MISSING_HEADER; can answer 400: true',
      'ping',
      'framed 180',
      'framed 200',
    ]);
  });
});
