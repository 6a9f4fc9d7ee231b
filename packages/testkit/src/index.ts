/** Private test helpers for the @voip packages. Never published. */
export { FakeClock, FakeTimer } from './fake-clock.ts';
export { corpusBytes, corpusDir, corpusFiles, corpusJSON } from './corpus.ts';
export { freePort, freePorts } from './free-port.ts';
export { PeerProcess, withTimeout } from './peer-process.ts';
