import { placeCall } from './caller.js';
import { USAGE, UsageError, parseCLI } from './cli-options.js';
import { EventLog } from './event-log.js';
import { serve } from './serve.js';

/** The demo's entry point: `pnpm demo [options]` or `pnpm demo:call URI [options]` (see `--help`). */
async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseCLI(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.mode === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const log = new EventLog(options.json);
  try {
    if (options.mode === 'call') return await placeCall(options, log);
    await serve(options, log);
    return 0;
  } catch (err) {
    log.log({ event: 'error', message: (err as Error).message });
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
