import { readFileSync } from 'node:fs';
import { findSourceMap, SourceMap } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { reportError } from './debug.js';
import { normalizeFile, type RawFrame } from './frames.js';
import type { Frame } from './types.js';

const MAX_CACHED = 500;
const SOURCE_MAPPING_URL = /\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$/m;

type Mapper = { map: SourceMap; base: string } | null;

// Maps generated positions back to sources. Node's own cache (`module.findSourceMap`) is used when the
// process runs with --enable-source-maps; otherwise Node does not keep maps, so the `sourceMappingURL`
// comment is followed and the map parsed with Node's `SourceMap`, once per file. That read happens only
// after a stall, when the loop has already lost far more time than the read costs.
export class SourceMapper {
  readonly #cache = new Map<string, Mapper>();

  mapStack(raw: RawFrame[]): Frame[] {
    return raw.map((frame) => this.mapFrame(frame));
  }

  plainStack(raw: RawFrame[]): Frame[] {
    return raw.map(([functionName, file, line, column]) => ({ functionName, file: normalizeFile(file), line, column }));
  }

  mapFrame([functionName, rawFile, line, column, mapped]: RawFrame): Frame {
    const file = normalizeFile(rawFile);
    const frame: Frame = { functionName, file, line, column };
    if (mapped === true || !isAbsolute(file) || line < 1) return frame;
    const mapper = this.#mapper(file, rawFile);
    if (mapper === null) return frame;
    try {
      const entry = mapper.map.findEntry(line - 1, Math.max(0, column - 1)) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
      };
      if (entry.originalSource === undefined || entry.originalLine === undefined) return frame;
      return {
        functionName,
        file: resolveSource(mapper.base, entry.originalSource),
        line: entry.originalLine + 1,
        column: (entry.originalColumn ?? 0) + 1,
        generated: { file, line, column },
      };
    } catch (error) {
      reportError('source map lookup', error);
      return frame;
    }
  }

  // The text of `source` as the map of `generated` holds it (`sourcesContent`), when it was read already.
  sourceContent(generated: string, source: string): string | undefined {
    const mapper = this.#cache.get(generated);
    if (mapper === undefined || mapper === null) return undefined;
    const { sources = [], sourcesContent = [] } = mapper.map.payload as { sources?: string[]; sourcesContent?: (string | null)[] };
    const index = sources.findIndex((entry) => resolveSource(mapper.base, entry) === source);
    return index < 0 ? undefined : (sourcesContent[index] ?? undefined);
  }

  #mapper(file: string, rawFile: string): Mapper {
    const cached = this.#cache.get(file);
    if (cached !== undefined) return cached;
    let mapper: Mapper = null;
    try {
      mapper = fromNode(rawFile) ?? fromNode(file) ?? fromComment(file);
    } catch (error) {
      reportError(`source map for ${file}`, error);
    }
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(file, mapper);
    return mapper;
  }
}

function fromNode(file: string): Mapper {
  const map = findSourceMap(file);
  // Node resolves `sources` to absolute URLs before caching a map.
  return map === undefined ? null : { map, base: dirname(file) };
}

function fromComment(file: string): Mapper {
  if (!/\.[cm]?js$/.test(file)) return null;
  const text = readFileSync(file, 'utf8');
  const match = SOURCE_MAPPING_URL.exec(text.slice(-65536)) ?? SOURCE_MAPPING_URL.exec(text);
  if (match === null) return null;
  const url = match[1];
  let json: string;
  let base: string;
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    const body = url.slice(comma + 1);
    json = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
    base = dirname(file);
  } else {
    const mapFile = url.startsWith('file://') ? fileURLToPath(url) : resolve(dirname(file), decodeURIComponent(url));
    json = readFileSync(mapFile, 'utf8');
    base = dirname(mapFile);
  }
  const payload = JSON.parse(json) as { sourceRoot?: string; sources?: string[] };
  if (payload.sourceRoot) base = resolveSource(base, payload.sourceRoot);
  delete payload.sourceRoot;
  return { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), base };
}

function resolveSource(base: string, source: string): string {
  if (source.startsWith('file://')) return normalizeFile(source);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^[A-Za-z]:[\\/]/.test(source)) return source;
  return resolve(base, source);
}
