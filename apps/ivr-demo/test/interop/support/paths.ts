import { fileURLToPath } from 'node:url';

/** The demo's Kamailio configuration: registrar + proxy on UDP with digest auth (users 1001 and 1002). */
export const KAMAILIO_CFG = fileURLToPath(new URL('../kamailio/kamailio.cfg', import.meta.url));

/** The path of one of the demo's SIPp scenarios in `../sipp`. */
export function scenario(name: string): string {
  return fileURLToPath(new URL(`../sipp/${name}`, import.meta.url));
}
