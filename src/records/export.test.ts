import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, exportCsv, exportZip, toJsonLine } from './export';
import type { RecordsError } from './errors';
import type { Vote } from './schema';
import { makeRating, makeRecord, makeVote } from '../../test-support/records';

/** A small RFC 4180 reader, enough to check what exportCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

const IMAGE = { sha256: 'c'.repeat(64), mime: 'image/jpeg', width: 768, height: 768, bytes: 3 };
const TOKEN = 'hf_SUPERSECRETTOKEN1234567890abcd';

describe('exportCsv', () => {
  const rated = makeRecord({
    output: 'He said "hi", then\nleft',
    messages: [{ role: 'user', text: '=HYPERLINK("http://evil")', images: [IMAGE, { ...IMAGE, sha256: 'd'.repeat(64) }] }],
  });
  const unrated = makeRecord({
    output: '-1 は負の数です',
    timings: { ttftMs: null, totalMs: 10, outputTokens: null, tokensPerSecond: null },
  });
  const ratings = [
    makeRating(rated.id, 'bob', { score: 2, tags: ['ocr-error', 'hallucination'], note: '@mention, 日本語', thumb: 'down' }),
    makeRating(rated.id, 'alice', { score: 5 }),
  ];
  const csv = exportCsv([rated, unrated], ratings);
  const rows = parseCsv(csv.slice(1));

  it('starts with a UTF-8 BOM and the header, with CRLF line ends', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes one row per rating, and one row for a record without ratings', () => {
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.slice(1).map((r) => r[col('annotator')])).toEqual(['alice', 'bob', '']);
    expect(rows[2]![col('tags')]).toBe('ocr-error;hallucination');
    expect(rows[2]![col('score')]).toBe('2');
    expect(rows[1]![col('image_sha256s')]).toBe(`${'c'.repeat(64)};${'d'.repeat(64)}`);
    expect(rows[3]![col('ttft_ms')]).toBe('');
  });

  it('quotes per RFC 4180 and guards against formula injection', () => {
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('output')]).toBe('He said "hi", then\nleft');
    expect(rows[1]![col('question')]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[2]![col('note')]).toBe(`'@mention, 日本語`);
    expect(rows[3]![col('output')]).toBe(`'-1 は負の数です`);
    expect(csvCell('+1')).toBe(`'+1`);
    expect(csvCell('＝1+1')).toBe(`'＝1+1`);
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(null)).toBe('');
  });
});

describe('exportZip', () => {
  it('refuses an export beyond what one zip holds before it reads an image, saying how large it would be', async () => {
    // Three images of 2 GiB each, as their records declare them: 6 GiB, past the 4 GiB a zip written here holds.
    const big = (n: number) => ({ ...IMAGE, sha256: String(n).repeat(64), bytes: 2 ** 31 });
    const records = [1, 2, 3].map((n) => makeRecord({ messages: [{ role: 'user', text: 'q', images: [big(n)] }] }));
    let reads = 0;
    const getImageBytes = async () => {
      reads += 1;
      return undefined;
    };
    const refused = exportZip({ records, ratings: [], getImageBytes });
    await expect(refused).rejects.toMatchObject({ code: 'export-too-large', params: { limitBytes: 2 ** 32 - 1 } });
    await expect(refused).rejects.toHaveProperty('params.sizeBytes', expect.any(Number));
    expect(((await refused.catch((e: RecordsError) => e)) as RecordsError).params.sizeBytes).toBeGreaterThan(6 * 2 ** 30);
    expect(reads).toBe(0);
  });

  it('refuses too when the lines carry it past the limit (a smaller one here: a test cannot write 4 GiB)', async () => {
    const records = Array.from({ length: 200 }, (_, i) =>
      makeRecord({ output: `${i} ${Array.from({ length: 20 }, () => crypto.randomUUID()).join(' ')}` }),
    );
    await expect(exportZip({ records, ratings: [], getImageBytes: async () => undefined, maxBytes: 20_000 })).rejects.toMatchObject({
      code: 'export-too-large',
      params: { limitBytes: 20_000 },
    });
    await expect(exportZip({ records, ratings: [], getImageBytes: async () => undefined, maxBytes: 10_000_000 })).resolves.toBeInstanceOf(
      Blob,
    );
  });

  it('writes records.jsonl with embedded ratings and image paths, votes.jsonl, images and a README', async () => {
    const withImage = makeRecord({ messages: [{ role: 'user', text: 'q', images: [IMAGE] }], usage: null, conversationId: undefined });
    const missingImage = makeRecord({
      messages: [{ role: 'user', text: 'q', images: [{ ...IMAGE, sha256: 'e'.repeat(64), mime: 'image/png' }] }],
      params: { maxTokens: 10, temperature: 0.7, topP: 0.9, repetitionPenalty: 1.15, noRepeatNgramSize: 3, seed: 42 },
      status: 'error',
      error: { code: 'server', message: 'boom' },
      groupId: 'cmp-1',
    });
    const vote: Vote = makeVote([withImage.id, missingImage.id], { id: 'v1', groupId: 'cmp-1', endpointIds: ['a', 'b'] });
    const blob = await exportZip({
      records: [withImage, missingImage],
      ratings: [makeRating(withImage.id, 'alice', { tags: ['good'] })],
      votes: [vote],
      getImageBytes: async (h) => (h === IMAGE.sha256 ? new Uint8Array([1, 2, 3]) : undefined),
      now: new Date('2025-03-05T00:00:00Z'),
    });
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['README.md', `images/${IMAGE.sha256}.jpg`, 'records.jsonl', 'votes.jsonl']);
    expect(files[`images/${IMAGE.sha256}.jpg`]).toEqual(new Uint8Array([1, 2, 3]));
    const readme = strFromU8(files['README.md']!);
    expect(readme).toContain('load_dataset("json", data_files="records.jsonl"');
    expect(readme).toContain('pd.read_json("records.jsonl", lines=True)');

    const text = strFromU8(files['records.jsonl']!);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The same keys, in the same order, on every line.
    expect(Object.keys(a!)).toEqual(Object.keys(b!));
    for (const key of ['endpoint', 'params', 'timings']) expect(Object.keys(a![key] as object)).toEqual(Object.keys(b![key] as object));
    expect(a).toMatchObject({
      conversationId: null,
      groupId: null,
      usage: null,
      error: null,
      question: 'q',
      imagePaths: [`images/${IMAGE.sha256}.jpg`],
    });
    expect(a!.ratings).toEqual([expect.objectContaining({ annotator: 'alice', tags: ['good'], score: 4 })]);
    expect(b).toMatchObject({ groupId: 'cmp-1', error: { code: 'server', message: 'boom' }, ratings: [], imagePaths: [] });
    expect((b!.messages as { images: { path: unknown }[] }[])[0]!.images[0]!.path).toBeNull();
    // Fractional fields stay floats even when whole, so `datasets` sees one type per column.
    expect(lines[0]).toContain('"temperature":0.0,"topP":1.0,"repetitionPenalty":1.0');
    expect(lines[0]).toContain('"ttftMs":300.0');
    expect(lines[0]).toContain('"maxTokens":200,');
    expect(lines[1]).toContain('"seed":42');
    const voteLine = JSON.parse(strFromU8(files['votes.jsonl']!)) as Record<string, unknown>;
    expect(voteLine).toEqual(vote);
    // The README documents every field of a vote line.
    const documented = readme.slice(readme.indexOf('## votes.jsonl fields'));
    for (const key of Object.keys(voteLine)) expect(documented).toContain(`| ${key} |`);
  });

  it('leaves votes.jsonl out when there are none', async () => {
    const blob = await exportZip({ records: [makeRecord()], ratings: [], getImageBytes: async () => undefined });
    expect(Object.keys(unzipSync(new Uint8Array(await blob.arrayBuffer()))).sort()).toEqual(['README.md', 'records.jsonl']);
  });

  it('never writes a token, even for a record that bypassed validation', async () => {
    const leaky = makeRecord({
      endpoint: {
        id: 'x',
        label: 'X',
        url: `https://u:${TOKEN}@h.example/v1?api_key=${TOKEN}&access_token=${TOKEN}#${TOKEN}`,
        model: 'm',
        protocol: 'openai-chat',
      },
    });
    const zip = await exportZip({ records: [leaky], ratings: [makeRating(leaky.id, 'a')], getImageBytes: async () => undefined });
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    for (const data of Object.values(files)) expect(strFromU8(data)).not.toContain(TOKEN);
    expect(exportCsv([leaky], [])).not.toContain(TOKEN);
  });

  it('writes JSON that round-trips through JSON.parse, including awkward strings', () => {
    const value = { s: 'a\u2028b"\\\n\u0000', n: -0.5, big: 1e21, nan: Number.NaN, arr: [1, 'x', null], nested: { temperature: 2 } };
    expect(JSON.parse(toJsonLine(value))).toEqual({
      s: value.s,
      n: -0.5,
      big: 1e21,
      nan: null,
      arr: [1, 'x', null],
      nested: { temperature: 2 },
    });
    expect(toJsonLine({ temperature: 2 })).toBe('{"temperature":2.0}');
  });
});
