import { describe, expect, it } from 'vitest';
import { newBranch, newCallId, newCnonce, newTag } from './ids.js';

describe('ids', () => {
  it('makes branches with the RFC 3261 magic cookie, all different', () => {
    const branches = new Set(Array.from({ length: 200 }, () => newBranch()));
    expect(branches.size).toBe(200);
    for (const b of branches) expect(b).toMatch(/^z9hG4bK[0-9a-f]{16}$/);
  });

  it('makes tags, Call-IDs and cnonces of token characters', () => {
    expect(newTag()).toMatch(/^[0-9a-f]{16}$/);
    expect(newCallId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newCallId('10.0.0.1')).toMatch(/^[0-9a-f]{32}@10\.0\.0\.1$/);
    expect(newCnonce()).toMatch(/^[0-9a-f]{24}$/);
    expect(newTag()).not.toBe(newTag());
  });
});
