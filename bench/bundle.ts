// The build output read from disk: which assets index.html loads at once (the cross-check for what
// Chromium fetched), and which packages the first-load JavaScript is made of, from its source map.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const gzipSize = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;

export interface Asset {
  file: string;
  kind: 'js' | 'css';
  raw: number;
  gzip: number;
  firstLoad: boolean;
}

export function distAssets(dist: string): Asset[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  // <script src>, <link rel=stylesheet|modulepreload href>: everything the HTML itself makes the browser fetch.
  const eager = new Set([...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1]));
  return readdirSync(path.join(dist, 'assets'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const data = readFileSync(path.join(dist, 'assets', f));
      return {
        file: `assets/${f}`,
        kind: f.endsWith('.css') ? 'css' : 'js',
        raw: data.length,
        gzip: gzipSize(data),
        firstLoad: eager.has(`assets/${f}`),
      } as Asset;
    });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes one source-map segment (base64 VLQ) into its fields. */
function decodeSegment(segment: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

function packageOf(source: string): string {
  const i = source.lastIndexOf('node_modules/');
  if (i < 0) {
    const src = source.match(/(?:^|\/)src\/([^/]+)\//);
    return src ? `app: src/${src[1]}` : `app: ${path.basename(source)}`;
  }
  const [first = '?', second = ''] = source.slice(i + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

export interface Contributor {
  name: string;
  raw: number;
  /** gzip of this package's code on its own: an approximation, as gzip shares context across packages. */
  gzip: number;
}

/** Bytes of a built JS file per package (or src/ folder), from the spans its source map gives each source. */
export function attribute(jsFile: string): Contributor[] {
  const code = readFileSync(jsFile, 'utf8');
  if (!existsSync(`${jsFile}.map`)) return [{ name: '(no source map)', raw: Buffer.byteLength(code), gzip: gzipSize(code) }];
  const map = JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const pieces = new Map<string, string[]>();
  const add = (name: string, text: string) => {
    if (!pieces.has(name)) pieces.set(name, []);
    pieces.get(name)!.push(text);
  };
  const lines = code.split('\n');
  let source = 0;
  map.mappings.split(';').forEach((lineMappings, lineNo) => {
    const line = lines[lineNo] ?? '';
    let col = 0;
    // Each segment owns the columns up to the next one; segments without a source are bundler glue.
    const spans: { col: number; name: string }[] = [];
    for (const segment of lineMappings.split(',')) {
      if (!segment) continue;
      const f = decodeSegment(segment);
      const [dCol = 0, dSource = 0] = f;
      col += dCol;
      if (f.length >= 4) source += dSource;
      spans.push({ col, name: f.length >= 4 ? packageOf(map.sources[source] ?? '?') : '(bundler glue)' });
    }
    if (!spans.length) return add('(bundler glue)', line);
    add('(bundler glue)', line.slice(0, spans[0]!.col));
    spans.forEach((s, i) => add(s.name, line.slice(s.col, spans[i + 1]?.col ?? line.length)));
  });
  return [...pieces]
    .map(([name, texts]) => {
      const text = texts.join('');
      return { name, raw: Buffer.byteLength(text), gzip: gzipSize(text) };
    })
    .sort((a, b) => b.raw - a.raw);
}

export interface OriginalPosition {
  source: string;
  line: number;
  name: string | null;
}

/** Maps a position in a built JS file (0-based line and column) back to its source, by the file's source map. */
export function sourceMapLookup(jsFile: string): (line: number, column: number) => OriginalPosition | null {
  if (!existsSync(`${jsFile}.map`)) return () => null;
  const map = JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as { sources: string[]; names?: string[]; mappings: string };
  const lines: { col: number; source: number; line: number; name: number | null }[][] = [];
  let source = 0;
  let srcLine = 0;
  let name = 0;
  for (const lineMappings of map.mappings.split(';')) {
    const segments: (typeof lines)[number] = [];
    let col = 0;
    for (const segment of lineMappings.split(',')) {
      if (!segment) continue;
      const f = decodeSegment(segment);
      col += f[0] ?? 0;
      if (f.length < 4) continue;
      source += f[1]!;
      srcLine += f[2]!;
      if (f.length >= 5) name += f[4]!;
      segments.push({ col, source, line: srcLine, name: f.length >= 5 ? name : null });
    }
    lines.push(segments);
  }
  return (line, column) => {
    const segment = lines[line]?.findLast((s) => s.col <= column);
    if (!segment) return null;
    return {
      source: (map.sources[segment.source] ?? '?').replace(/^(\.\.\/)+/, ''),
      line: segment.line + 1,
      name: segment.name === null ? null : (map.names?.[segment.name] ?? null),
    };
  };
}
