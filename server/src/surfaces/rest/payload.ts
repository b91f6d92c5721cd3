// How big a literal payload is. The API takes payloads as standard base64, so a literal that is
// valid base64 counts as its decoded bytes; anything else (a test string) as its UTF-8 bytes.
import type { Loc, Payload } from '../../engine/types';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Bytes a payload literal stands for. */
export function literalBytes(text: string): number {
  if (text.length && BASE64.test(text)) return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  return Buffer.byteLength(text, 'utf8');
}

export function literalPayload(text: string, loc: Loc, name?: string): Payload {
  return { source: 'literal', bytes: literalBytes(text), via: 'a literal', loc, ...(name ? { name } : {}) };
}
