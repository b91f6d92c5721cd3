// How big a literal payload is. The API takes payloads as standard base64, so a literal that is
// valid base64 counts as its decoded bytes; anything else (a test string) as its UTF-8 bytes.
import type { Loc, MaterialSource, Payload } from '../../engine/types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes a payload literal stands for. */
export function literalBytes(text: string): number {
  if (text.length && BASE64.test(text)) return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  return Buffer.byteLength(text, 'utf8');
}

export function literalPayload(text: string, loc: Loc, name?: string): Payload {
  return { source: 'literal', bytes: literalBytes(text), via: 'a literal', loc, ...(name ? { name } : {}) };
}

/** Where a value came from, as a host language's data-flow found it. */
export interface Provenance {
  source: Payload['source'];
  bytes?: number;
  /** The first name the value was held in, from the use site back. */
  name?: string;
  via?: string;
  /** For a file read: the path, when written as a literal. */
  path?: string;
}

/** `p`, naming the variable the value was first held in unless it names one already. */
export function withName(p: Provenance, name: string | undefined): Provenance {
  return name && !p.name ? { ...p, name } : p;
}

/** A literal payload: base64 text counts as its decoded bytes unless the literal is the bytes themselves (`decodeBase64` false). */
export function literalProvenance(text: string, decodeBase64: boolean): Provenance {
  return { source: 'literal', bytes: decodeBase64 ? literalBytes(text) : Buffer.byteLength(text, 'utf8'), via: 'a literal' };
}

/** A value held in a name the data-flow does not follow further (`written` as it appears in the code). */
export function variableProvenance(name: string, written: string, isParameter: boolean): Provenance {
  return { source: 'variable', name, via: isParameter ? `parameter \`${written}\`` : `\`${written}\`` };
}

/** The result of a call we do not model, described by its callee only: arguments may be literals of the payload itself. */
export function unknownCallProvenance(callee: string): Provenance {
  return { source: 'unknown', via: `${callee}(…)` };
}

export function payloadFrom(p: Provenance, loc: Loc): Payload {
  return { source: p.source, loc, ...(p.bytes !== undefined ? { bytes: p.bytes } : {}), ...(p.name ? { name: p.name } : {}), ...(p.via ? { via: p.via } : {}), ...(p.path ? { path: p.path } : {}) };
}

/** BYOK material that is not a literal: a file it is read from, or the name it is held in. */
export function materialFrom(p: Provenance): MaterialSource | undefined {
  if (p.source === 'file' && p.path) return { kind: 'file', path: p.path, reader: p.via ?? 'a file read' };
  return p.name ? { kind: 'variable', name: p.name } : undefined;
}
