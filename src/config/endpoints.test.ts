import { describe, expect, it } from 'vitest';
import { parseEndpoint, parseRuntimeConfig } from './endpoints';
import { hasUserinfo, withoutUserinfo } from './schema';
import { builtInEndpoints, isDemoJudge, judgeEndpoints, mergeEndpoints } from './presets';

describe('runtime config.json', () => {
  it('accepts the documented shape and fills defaults', () => {
    const result = parseRuntimeConfig(
      JSON.stringify({
        endpoints: [
          {
            id: 'tanuki-8b',
            label: 'Tanuki-8B-vision',
            protocol: 'openai-chat',
            url: 'https://host/v1',
            model: 'weblab-GENIAC/Tanuki-8B-vision',
            imagePolicy: { shortSide: 768 },
          },
        ],
        defaultEndpoint: 'tanuki-8b',
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.endpoints[0]).toMatchObject({ maxImagesPerMessage: 4, systemPrompt: '' });
  });

  it('says what is wrong with a bad file', () => {
    expect(parseRuntimeConfig('{')).toMatchObject({ ok: false, problem: { code: 'json' } });
    const bad = parseRuntimeConfig(JSON.stringify({ endpoints: [{ id: 'x', label: 'X', protocol: 'grpc', url: 'ftp://h' }] }));
    expect(bad).toMatchObject({ ok: false, problem: { code: 'fields', fields: [{ path: 'endpoints[0].protocol', code: 'invalid' }] } });
    const scheme = parseRuntimeConfig(JSON.stringify({ endpoints: [{ id: 'x', label: 'X', protocol: 'openai-chat', url: 'ftp://h' }] }));
    expect(scheme).toEqual({ ok: false, problem: { code: 'fields', fields: [{ path: 'endpoints[0].url', code: 'url-scheme' }] } });
    const policy = parseRuntimeConfig(
      JSON.stringify({
        endpoints: [{ id: 'x', label: 'X', protocol: 'openai-chat', url: 'https://h', imagePolicy: { shortSide: 'big' } }],
      }),
    );
    expect(policy.ok).toBe(false);
  });

  it('a config endpoint with a preset id gives the preset its URL and keeps the rest', () => {
    const presets = builtInEndpoints({});
    const merged = mergeEndpoints(presets, [{ ...presets[1]!, url: 'https://tanuki.example/v1' }]);
    const tanuki = merged.find((e) => e.id === 'tanuki-8b');
    expect(tanuki?.url).toBe('https://tanuki.example/v1');
    expect(tanuki?.imagesPerConversation).toBe(1);
    expect(merged).toHaveLength(presets.length);
  });
});

describe('endpoint URLs with a user name and password', () => {
  const endpoint = (url: string) => ({ id: 'x', label: 'X', protocol: 'openai-chat', url, model: 'm' });

  it('are refused in config.json and in the Settings form, naming the field and never the password', () => {
    for (const url of ['https://user:hunter2@h.example/v1', 'http://hunter2@h.example/v1', '//user:hunter2@h.example/v1']) {
      const result = parseRuntimeConfig(JSON.stringify({ endpoints: [endpoint(url)] }));
      expect(result).toEqual({ ok: false, problem: { code: 'fields', fields: [expect.objectContaining({ path: 'endpoints[0].url' })] } });
      expect(JSON.stringify(result)).not.toContain('hunter2');
    }
    const form = parseEndpoint(endpoint('https://user:hunter2@h.example/v1'));
    expect(form.success).toBe(false);
    expect(form.error?.issues.map((i) => i.message)).toEqual(['url-credentials']);
  });

  it('are told apart from an @ in the path or query, which stays allowed', () => {
    expect(hasUserinfo('https://h.example/v1/@models?who=a@b')).toBe(false);
    expect(hasUserinfo('/demo/v1?x=@')).toBe(false);
    expect(parseEndpoint(endpoint('https://h.example/v1/@org')).success).toBe(true);
    expect(withoutUserinfo('https://user:pw@h.example/v1?a=@')).toBe('https://h.example/v1?a=@');
  });
});

describe('a config.json with too many endpoints', () => {
  it('names the limit and the count', () => {
    const endpoints = Array.from({ length: 10_000 }, (_, i) => ({ id: `e${i}`, label: 'E', protocol: 'openai-chat', url: '/v1' }));
    expect(parseRuntimeConfig(JSON.stringify({ endpoints }))).toEqual({
      ok: false,
      problem: { code: 'too-many', count: 10_000, limit: 50 },
    });
  });
});

describe('the judges on offer', () => {
  const builtIn = builtInEndpoints({ tanuki8bUrl: 'https://host/v1' });
  const vqa = { ...builtIn[0]!, id: 'vqa', protocol: 'hf-vqa' as const, url: 'https://vqa/' };

  it('are the chat endpoints with a URL, the demo as the demo judge last, under an id no endpoint has', () => {
    const judges = judgeEndpoints([...builtIn, vqa]);
    expect(judges.map((e) => [e.id, e.model])).toEqual([
      ['tanuki-8b', 'weblab-GENIAC/Tanuki-8B-vision'],
      ['demo-judge', 'demo-judge'],
    ]);
    expect(judges[1]).toMatchObject({ url: '/demo/v1', label: 'Demo judge (not a model)' });
    expect(judges.filter(isDemoJudge)).toHaveLength(1);
    expect(builtIn.map((e) => e.id)).not.toContain(judges[1]!.id);
  });

  it('leave the demo judge out without the demo endpoint, or when an endpoint of that id is configured', () => {
    expect(judgeEndpoints(builtIn.slice(1)).map((e) => e.id)).toEqual(['tanuki-8b']);
    const own = { ...builtIn[1]!, id: 'demo-judge', label: 'Mine' };
    expect(judgeEndpoints([...builtIn, own]).map((e) => e.label)).toEqual(['Tanuki-8B-vision', 'Mine']);
  });
});
