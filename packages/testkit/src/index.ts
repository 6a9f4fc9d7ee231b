/** Private test helpers for the @voip packages. Never published. */
export { FakeClock, FakeTimer } from './fake-clock.js';
export { corpusBytes, corpusDir, corpusFiles, corpusJSON } from './corpus.js';
export { freePort, freePorts } from './free-port.js';
export { PeerProcess, withTimeout } from './peer-process.js';
export * from './peers/index.js';
