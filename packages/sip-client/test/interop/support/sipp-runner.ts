import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir, Sipp, type SippOptions } from '@voip/testkit';

/** The folder of this package's SIPp scenarios. */
export const SIPP_SCENARIOS = fileURLToPath(new URL('../sipp/', import.meta.url));

/**
 * Starts one SIPp call (`-m 1`) of a scenario in {@link SIPP_SCENARIOS}, working in a fresh temporary folder.
 * @param cleanup - collects SIPp's stop (by its PID) and the folder's removal.
 * @param options - the scenario's file name and SIPp's options; `remote` is the client under test, omitted when
 *   SIPp answers.
 * @returns the running SIPp: its `port`, and `result()` once it is done.
 */
export async function startSipp(cleanup: (() => Promise<void>)[], options: Omit<SippOptions, 'dir'>): Promise<Sipp> {
  const dir = await makeTempDir('sipp');
  cleanup.push(() => removeTempDir(dir));
  const sipp = await Sipp.start({ ...options, scenario: join(SIPP_SCENARIOS, options.scenario), dir });
  cleanup.push(() => sipp.stop());
  return sipp;
}
