// Values in program code (TypeScript/JavaScript, Python) as both evaluators report them: how an
// expression is named in a reason, how a value read through a name is traced, and a URL put
// together from pieces. What an expression means stays with its language's surface.
import type { Loc, Value } from '../../engine/types';
import { known, unknown, via } from '../../engine/value';
import type { SyntaxNode } from '../common';
import type { UrlPart } from './restCall';

export interface EvalOptions {
  /** Put values into trace labels (never for secrets). */
  reveal: boolean;
}

/** Expression text for messages: one line, at most 60 characters. */
export function short(n: SyntaxNode): string {
  const t = n.text.replace(/\s+/g, ' ');
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** An expression in a reason: its text for values that may be shown, else a neutral word (secrets never reach messages). */
export function shown(n: SyntaxNode, opts: EvalOptions): string {
  return opts.reveal ? `\`${short(n)}\`` : 'the value';
}

/** A value read through a name or property: one trace step at `loc`, labelled with the value when it may be shown. */
export function readThrough<T>(name: string, loc: Loc, v: Value<T>, opts: EvalOptions): Value<T> {
  const label = v.known && opts.reveal && isScalar(v.value) ? `${name} = ${JSON.stringify(v.value)}` : name;
  return via({ label, loc }, v);
}

function isScalar(v: unknown): boolean {
  return typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string';
}

/** Why a name is unknown when no value written in the file is bound to it: by what binds it (nothing, a parameter, a loop…). */
export function unboundReason(name: string, binding: { kind: string } | undefined): string {
  if (!binding) return `\`${name}\` is not defined in this file`;
  if (binding.kind === 'parameter') return `\`${name}\` is a parameter`;
  if (binding.kind === 'loop') return `\`${name}\` changes per loop iteration`;
  return `\`${name}\` is not a value written here`;
}

/** The string held by a known value, else undefined. */
export function knownString(v: Value<unknown> | undefined): string | undefined {
  return v?.known && typeof v.value === 'string' ? v.value : undefined;
}

/** The number held by a known value, else undefined. */
export function knownNumber(v: Value<unknown> | undefined): number | undefined {
  return v?.known && typeof v.value === 'number' ? v.value : undefined;
}

/** An evaluated expression as one URL piece at `loc` (a known value as its text). */
export function valuePart(v: Value<unknown>, loc: Loc): UrlPart {
  return { kind: 'value', value: v.known ? known(String(v.value), v.trace) : (v as Value<string>), loc };
}

/**
 * The pieces of a name bound once to an expression with pieces `bound`: a whole literal becomes one
 * value, located at the use (`loc`) and traced to the binding; anything else keeps its pieces.
 */
export function boundNameParts(bound: UrlPart[], evaluateName: () => Value<unknown>, loc: Loc): UrlPart[] {
  if (bound.length && allKnown(bound)) {
    const v = evaluateName();
    if (v.known) return [valuePart(v, loc)];
  }
  return bound;
}

/** Every piece is text or a known value. */
export function allKnown(parts: UrlPart[]): boolean {
  return parts.every((p) => p.kind === 'text' || p.value.known);
}

/** The text the pieces make, with their traces; unknown with the reason of the first unknown piece. */
export function joinParts(parts: UrlPart[]): Value<string> {
  const trace = parts.flatMap((p) => (p.kind === 'value' ? p.value.trace : []));
  const missing = parts.find((p) => p.kind === 'value' && !p.value.known);
  if (missing?.kind === 'value' && !missing.value.known) return unknown(missing.value.reason, trace);
  return known(parts.map((p) => (p.kind === 'text' ? p.text : String((p.value as { value: unknown }).value))).join(''), trace);
}

/** The URL of a call: the pieces joined; their traces stay with the pieces. */
export function urlValue(parts: UrlPart[]): Value<string> {
  const v = joinParts(parts);
  return v.known ? known(v.value) : unknown(v.reason);
}

const SCHEME = /^[a-z]+:\/\//i;

/** A path that replaces a base URL's path (`new URL(path, base)`, `urljoin(base, path)`): absolute, or a whole URL. */
export function replacesBasePath(parts: UrlPart[]): boolean {
  const first = parts[0];
  return first?.kind === 'text' && (first.text.startsWith('/') || SCHEME.test(first.text));
}

/** A client's base URL (`axios.create({ baseURL })`, `httpx.Client(base_url=…)`) in front of a call's URL, unless that is a whole URL. */
export function withBase(base: UrlPart[] | undefined, parts: UrlPart[]): UrlPart[] {
  const first = parts[0];
  if (!base || (first?.kind === 'text' && SCHEME.test(first.text))) return parts;
  const needsSlash = first?.kind === 'text' && !first.text.startsWith('/');
  return [...base, ...(needsSlash ? [{ kind: 'text' as const, text: '/' }] : []), ...parts];
}
