import type { Rule } from '../engine/rule';
import type { KeyUse, Payload } from '../engine/types';
import { surfaceFix } from './ruleUtils';

/** Names that say the payload is a key (wrapping it is exactly what KMS is for). */
const KEY_NAME = /^(dek|deks|cek|key|keys|datakey|data_?key|data_?encryption_?key|keybytes|key_?bytes|wrappedkey|wrapped_?key|wrappeddek|encrypteddek|encrypted_?dek|encrypteddatakey|plainkey|rawkey)$/i;
const KEY_SUFFIX = /(dek|datakey|data_key|keybytes|key_bytes|wrappedkey|wrapped_key)$/i;
/** Names that say it is application data. */
const DATA_WORDS = ['payload', 'body', 'data', 'content', 'contents', 'document', 'doc', 'record', 'records', 'file', 'blob', 'message', 'msg', 'row', 'rows'];

function nameSaysKey(name: string): boolean {
  return KEY_NAME.test(name) || KEY_SUFFIX.test(name);
}

/** A file named for a (wrapped) key: `dek.enc`, `wrapped-key.bin`, `data_key.b64`. Unwrapping one is what KMS is for. */
function fileSaysKey(file: string): boolean {
  const base = (file.split(/[\\/]/).pop() ?? file).toLowerCase();
  const words = base.split(/[^a-z0-9]+/).filter(Boolean);
  return words.some((w) => ['dek', 'cek', 'datakey', 'wrapped', 'wrappedkey'].includes(w)) || /(^|[^a-z])(data[_-]?key|wrapped[_-]?key)/.test(base);
}

function nameSaysData(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => DATA_WORDS.includes(w));
}

const API_CAP = '65,535';

/** Why this payload is bulk data, or undefined when it looks like a key (or we cannot tell). */
function bulkReason(use: KeyUse, payload: Payload, maxPayloadBytes: number): string | undefined {
  const name = payload.name;
  if (name && nameSaysKey(name)) return undefined;
  if (payload.path && fileSaysKey(payload.path)) return undefined;
  switch (payload.source) {
    case 'file':
      return `reads a whole file${payload.via ? ` (${payload.via})` : ''}`;
    case 'stream':
      return `reads a whole stream${payload.via ? ` (${payload.via})` : ''}`;
    case 'request-body':
      return `sends a request body${payload.via ? ` (${payload.via})` : ''}`;
    case 'literal':
      return payload.bytes !== undefined && payload.bytes > maxPayloadBytes ? `sends a ${payload.bytes}-byte literal` : undefined;
    case 'random':
      return payload.bytes !== undefined && payload.bytes > maxPayloadBytes ? `sends ${payload.bytes} random bytes, more than a data key needs` : undefined;
    default:
      if (use.inLoop) return 'runs once per record in a loop';
      if (name && nameSaysData(name)) return `sends \`${name}\`, which by its name is application data`;
      return undefined;
  }
}

export const envelopeEncryptionRule: Rule = {
  meta: {
    id: 'envelope-encryption',
    defaultSeverity: 'warning',
    practice: 'use-envelope-encryption',
    description: 'KMS encrypt/decrypt of bulk data instead of a data encryption key (DEK).',
    docs: 'docs/rules/envelope-encryption.md',
    fixable: true,
  },
  check(ctx) {
    for (const use of ctx.index.uses) {
      if ((use.purpose !== 'encrypt' && use.purpose !== 'decrypt') || !use.payload) continue;
      const reason = bulkReason(use, use.payload, ctx.configFor(use.loc.file).envelope.maxPayloadBytes);
      if (!reason) continue;
      const verb = use.purpose === 'encrypt' ? 'encrypt' : 'decrypt';
      ctx.report({
        message: `This KMS ${verb} call ${reason}. KMS accepts at most ${API_CAP} bytes per call and every call is billed and audited: encrypt the data locally with a fresh data key (DEK) and send only the DEK through KMS (envelope encryption).`,
        loc: use.payload.loc,
        fixes: surfaceFix(use.envelopeFix),
      });
    }
  },
};
