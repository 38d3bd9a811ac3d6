import { describe, expect, it, vi } from 'vitest';
import { loadRuntimeConfig } from './runtime-config';

const serve = (status: number, body = '') =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(status === 404 ? null : body, { status })),
  );

describe('loadRuntimeConfig', () => {
  it('takes the shipped empty list and a missing file as no deployment endpoints', async () => {
    serve(200, '{ "endpoints": [] }\n');
    expect(await loadRuntimeConfig('/config.json')).toEqual({ ok: true, config: { endpoints: [] } });
    serve(404);
    expect(await loadRuntimeConfig('/config.json')).toEqual({ ok: true, config: { endpoints: [] } });
  });

  it('validates anything more, and reports what is wrong', async () => {
    serve(200, '{ "endpoints": [], "defaultEndpoint": 3 }');
    expect(await loadRuntimeConfig('/config.json')).toMatchObject({ ok: false, problem: { code: 'fields' } });
    serve(200, '{ "endpoints": [');
    expect(await loadRuntimeConfig('/config.json')).toMatchObject({ ok: false, problem: { code: 'json' } });
    serve(500);
    expect(await loadRuntimeConfig('/config.json')).toEqual({ ok: false, problem: { code: 'http', status: 500 } });
  });
});
