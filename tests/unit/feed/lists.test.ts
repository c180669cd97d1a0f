import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RESTRICTION_STATUSES, VERDICTS } from '../../../utils/feed/types';
import { ALL_VERDICTS } from '../../../utils/settings';

const schema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'assets', 'feed.schema.json'), 'utf8'),
);

describe('one definition of verdicts and statuses', () => {
  it('the published JSON Schema allows exactly the verdicts and statuses the code knows', () => {
    expect([...schema.definitions.verdict.enum].sort()).toEqual([...VERDICTS].sort());
    expect([...schema.definitions.restrictionStatus.enum].sort()).toEqual([...RESTRICTION_STATUSES].sort());
  });

  it('settings offer every verdict, from the same list', () => {
    expect(ALL_VERDICTS).toBe(VERDICTS);
  });
});
