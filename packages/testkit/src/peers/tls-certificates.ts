/**
 * Test certificates made with `openssl` into a temporary folder: a CA, and a server certificate it signed for
 * 127.0.0.1, ::1 and localhost.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths and contents of the generated files. */
export interface TestCertificates {
  /** The temporary folder holding them. */
  readonly dir: string;
  /** Path of the CA certificate (PEM). */
  readonly caFile: string;
  /** Path of the server certificate (PEM). */
  readonly certFile: string;
  /** Path of the server's private key (PEM). */
  readonly keyFile: string;
  /** The CA certificate (PEM). */
  readonly ca: string;
  /** The server certificate (PEM). */
  readonly cert: string;
  /** The server's private key (PEM). */
  readonly key: string;
  /** A second, unrelated CA: a client trusting only it must refuse the server. */
  readonly otherCA: string;
  /** Deletes the folder. */
  remove(): void;
}

const openssl = (args: string[], cwd: string): void => void execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** Makes a CA and a server certificate (SAN 127.0.0.1, ::1, localhost), valid for two days. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'sip-tls-'));
  const days = ['-days', '2'];
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', ...days, '-subj', '/CN=voip test CA'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', ...days, '-subj', '/CN=other CA'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', ...days, '-extfile', 'san.ext'], dir);
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
    ca: read('ca.pem'),
    cert: read('server.pem'),
    key: read('server.key'),
    otherCA: read('other.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
