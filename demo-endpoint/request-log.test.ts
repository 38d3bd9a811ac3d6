import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.ts';

describe('RequestLog', () => {
  it('keeps only the newest entries, newest last', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.start(`/p${i}`, undefined);
    expect(log.entries().map((e) => e.path)).toEqual(['/p2', '/p3', '/p4']);
  });

  it('records only whether a bearer token came', () => {
    const log = new RequestLog();
    expect(log.start('/', 'Bearer abc').authorization).toBe('bearer');
    expect(log.start('/', undefined).authorization).toBe('none');
    expect(JSON.stringify(log.entries())).not.toContain('abc');
  });
});
