import { fileURLToPath } from 'node:url';

/** Kamailio as registrar + proxy on UDP, TCP and TLS (needs `tls` certificates at start). */
export const TRANSPORTS_CFG = fileURLToPath(new URL('../kamailio-transports.cfg', import.meta.url));

/** Kamailio as a registrar that challenges REGISTER with `algorithm=SHA-256`, `qop="auth"`. */
export const SHA256_CFG = fileURLToPath(new URL('../kamailio-sha256.cfg', import.meta.url));
