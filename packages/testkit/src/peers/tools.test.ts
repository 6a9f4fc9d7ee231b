import { describe, expect, it } from 'vitest';
import { run } from './tools.js';

describe('run', () => {
  it('writes `input` to the program and closes its stdin', async () => {
    expect(await run('cat', [], { input: 'table netdev t {}\n' })).toEqual({ stdout: 'table netdev t {}\n', stderr: '' });
  });

  it('rejects with the command and its output when the program fails', async () => {
    await expect(run('sh', ['-c', 'echo nope >&2; exit 3'])).rejects.toThrow(/sh -c echo nope >&2; exit 3 failed: [\s\S]*nope/);
  });
});
