import { describe, expect, it } from 'vitest';
import { parseRuntimeConfig } from './endpoints';
import { builtInEndpoints, mergeEndpoints } from './presets';

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
    expect(parseRuntimeConfig('{')).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    const bad = parseRuntimeConfig(JSON.stringify({ endpoints: [{ id: 'x', label: 'X', protocol: 'grpc', url: 'ftp://h' }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/protocol/);
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
