// Quickstart: ping a SIP peer with OPTIONS and print what it supports.
// Run with a TypeScript runner, e.g. `npx tsx examples/quickstart.ts sip:127.0.0.1:5060`; it uses only published APIs.
import { getHeader } from '@voip/sip-parser';
import { SIPClient } from '@voip/sip-client';

/** Sends one OPTIONS request to `target` and returns the status line and the peer's Allow header. */
export async function optionsPing(target: string): Promise<{ status: number; reason: string; allow: string | undefined }> {
  const client = new SIPClient({ host: '127.0.0.1', port: 0, username: 'quickstart' });
  await client.start();
  try {
    const response = await client.request(target, 'OPTIONS');
    return { status: response.status, reason: response.reason, allow: getHeader(response, 'Allow') };
  } finally {
    await client.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const answer = await optionsPing(process.argv[2] ?? 'sip:127.0.0.1:5060');
  console.log(`${answer.status} ${answer.reason}; Allow: ${answer.allow ?? '(none)'}`);
}
