import type { Rule } from '../engine/rule';
import type { MaterialSource } from '../engine/types';
import { describeTrace } from '../engine/value';
import { keyLabel } from './ruleUtils';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+={0,2}$/;
const HEX = /^(0x)?[0-9a-fA-F]{32,}$/;
const MIN_KEY_BYTES = 16;

/** Raw key bytes written as text: base64 of at least 16 bytes, or 32+ hex digits. Placeholders are not. */
export function looksLikeKeyBytes(text: string): boolean {
  const t = text.trim();
  if (HEX.test(t)) return true;
  if (!BASE64.test(t) || t.replace(/=+$/, '').length % 4 === 1) return false;
  const decodedBytes = Math.floor((t.replace(/=+$/, '').length * 3) / 4);
  // Base64 of real key bytes mixes cases and digits; a word like "wrappedkeymaterialplaceholder" does not.
  const mixed = /[A-Z]/.test(t) && /[a-z]/.test(t) && /[0-9+/=_-]/.test(t);
  return decodedBytes >= MIN_KEY_BYTES && mixed;
}

/** A file name that says its content was wrapped off-platform (`key.wrapped`, `wrapped-key.b64`). */
export function looksWrapped(file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? file;
  return /(^|[._-])wrapped([._-]|$)/i.test(base);
}

function problem(source: MaterialSource): string | undefined {
  if (source.kind === 'literal' && looksLikeKeyBytes(source.text)) return 'is written into the code as a literal';
  if (source.kind === 'file' && !looksWrapped(source.path)) return `is read from "${source.path}", a file whose name does not say it holds wrapped material`;
  return undefined;
}

export const byokRawMaterialRule: Rule = {
  meta: {
    id: 'byok-raw-material',
    defaultSeverity: 'error',
    practice: 'handle-byok-securely',
    description: 'Raw (unwrapped) key material written into code or read from an unwrapped file.',
    docs: 'docs/rules/byok-raw-material.md',
    fixable: false,
  },
  check(ctx) {
    for (const key of ctx.index.keys) {
      const attr = key.importMaterial;
      if (!attr.present || !attr.value.known) continue;
      const what = problem(attr.value.value);
      if (!what) continue;
      ctx.report({
        message: `Imported key material for ${keyLabel(key)} ${what}. Wrap the material off-platform with the region's wrapping key (CLI or HSM) and pass only the wrapped blob from a protected source; raw key bytes in code end up in version control, CI logs and Terraform state.`,
        loc: attr.valueLoc ?? attr.loc ?? key.nameLoc,
        resolution: describeTrace(attr.value),
      });
    }
  },
};
