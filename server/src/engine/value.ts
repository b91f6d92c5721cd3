// Helpers to build and read `Value`s and locations.
import * as path from 'path';
import type { Loc, Range, TraceStep, Value } from './types';

export function known<T>(value: T, trace: TraceStep[] = []): Value<T> {
  return { known: true, value, trace };
}

export function unknown<T = never>(reason: string, trace: TraceStep[] = []): Value<T> {
  return { known: false, reason, trace };
}

/** A value with one more step in front of its trace (the use site that led to it). */
export function via<T>(step: TraceStep, value: Value<T>): Value<T> {
  return { ...value, trace: [step, ...value.trace] };
}

export function isKnown<T>(v: Value<T> | undefined): v is { known: true; value: T; trace: TraceStep[] } {
  return !!v && v.known;
}

/** `value` when known, else undefined. */
export function valueOf<T>(v: Value<T> | undefined): T | undefined {
  return v && v.known ? v.value : undefined;
}

export function locLabel(loc: Loc, relativeTo?: string): string {
  const file = relativeTo ? path.relative(relativeTo, loc.file) || path.basename(loc.file) : path.basename(loc.file);
  return `${file}:${loc.range.start.line + 1}`;
}

/** Readable resolution lines for a finding: "`var.allow_export` = true (variables.tf:4)". */
export function describeTrace(v: Value<unknown> | undefined): string[] {
  if (!v) return [];
  return v.trace.filter((s) => s.label).map((s) => (s.loc ? `${s.label} (${locLabel(s.loc)})` : s.label));
}

export function rangeContains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

export function sameLoc(a: Loc, b: Loc): boolean {
  return (
    a.file === b.file &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
