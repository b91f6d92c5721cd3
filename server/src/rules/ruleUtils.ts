// Wording and joins several rules share.
import * as path from 'path';
import type { Fix, KeyDefinition, KeyTarget, KeyUse, Loc, TextEdit, UsePurpose, Value } from '../engine/types';
import { locLabel, valueOf } from '../engine/value';

/** How a message names a key after the word "key": its address and name, or where it is made. */
export function keyLabel(key: KeyDefinition): string {
  const name = valueOf(key.name);
  if (key.address) return name ? `${key.address} ("${name}")` : key.address;
  if (name) return `"${name}"`;
  return `${key.kind === 'data' ? 'looked up' : 'created'} at ${locLabel(key.loc)}`;
}

/** How a message names the key a use points at, from what is written there. */
export function targetLabel(use: KeyUse): string {
  const t = valueOf(use.key);
  if (t?.address) return t.address;
  if (t?.text) return `"${t.text}"`;
  return 'the key';
}

/** How a message starts when naming the key a use points at: `Key "app-secrets"`, or `The key`. */
export function targetSubject(use: KeyUse): string {
  const label = targetLabel(use);
  return label === 'the key' ? 'The key' : `Key ${label}`;
}

export function where(loc: Loc): string {
  return locLabel(loc);
}

export function fileLabel(loc: Loc): string {
  return path.basename(loc.file);
}

/** Two key targets name the same key (resolved definition, or the same text). */
export function sameTarget(a: Value<KeyTarget>, b: Value<KeyTarget>): boolean {
  if (!a.known || !b.known) return false;
  if (a.value.defId && b.value.defId) return a.value.defId === b.value.defId;
  if (a.value.text && b.value.text) return a.value.text === b.value.text;
  return false;
}

export const CONSUMER_PURPOSES: UsePurpose[] = ['secret', 'dnssec'];

export function isConsumer(use: KeyUse): boolean {
  return CONSUMER_PURPOSES.includes(use.purpose);
}

/** What a use is for, in the sense of "separate keys by purpose". */
export function purposeCategory(purpose: UsePurpose): 'secrets' | 'dnssec' | 'encryption' | 'signing' | undefined {
  switch (purpose) {
    case 'secret':
      return 'secrets';
    case 'dnssec':
      return 'dnssec';
    case 'encrypt':
    case 'decrypt':
      return 'encryption';
    case 'sign':
    case 'verify':
    case 'hmac':
    case 'verify-hmac':
      return 'signing';
    default:
      return undefined;
  }
}

export const CATEGORY_LABELS = {
  secrets: 'Secrets Manager',
  dnssec: 'DNSSEC signing',
  encryption: 'direct encrypt/decrypt',
  signing: 'application signing/HMAC',
} as const;

/** Created by this configuration (resource or API create), as opposed to looked up. */
export function isCreated(key: KeyDefinition): boolean {
  return key.kind !== 'data';
}

export function consumerLabel(use: KeyUse): string {
  const kind = use.purpose === 'secret' ? 'Secret' : use.purpose === 'dnssec' ? 'DNSSEC zone' : 'Use';
  return use.consumer ? `${kind} ${use.consumer}` : kind;
}

/** A rule's own fix, preferred and safe in bulk; none when any of its edits could not be built. */
export function preferredFix(title: string, ...edits: (TextEdit | undefined)[]): Fix[] {
  const defined = edits.filter((e): e is TextEdit => !!e);
  return defined.length && defined.length === edits.length ? [{ title, edits: defined, isPreferred: true, safe: true }] : [];
}

/** A fix an extractor built in the surface's syntax: preferred, but reviewed one at a time (it rewrites code). */
export function surfaceFix(fix: { title: string; edits: TextEdit[] } | undefined): Fix[] {
  return fix ? [{ ...fix, isPreferred: true, safe: false }] : [];
}
