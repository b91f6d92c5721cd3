// The values the Terraform evaluator works with: richer than the engine's `Value` (lists, maps,
// references to resources and keys) and each carrying how it was resolved. Converted to the
// engine's `Value<T>` only when facts are built.
import type { KeyTarget, Loc, TraceStep } from '../../engine/types';

export type Primitive = string | number | boolean | null;

export type Data = Primitive | ListData | MapData | RefObject | KeyData | FileData;

export interface ListData {
  kind: 'list';
  items: Val[];
}
export interface MapData {
  kind: 'map';
  entries: Map<string, Val>;
}
/** A resource, data source or module call: attributes and instances resolved on access. */
export interface RefObject {
  kind: 'object';
  address: string;
  attr(name: string): Val;
  index?(key: Primitive): Val;
}
/** The `id` of a `thalassa_kms_key` resource or data source instance. */
export interface KeyData {
  kind: 'key';
  target: KeyTarget;
}
/** `file("…")` / `filebase64("…")`: a file's content, never read. */
export interface FileData {
  kind: 'file';
  path: string;
  reader: 'file' | 'filebase64';
}

/** One hop of a resolution: `var.x` written at `loc` has `data`. */
export interface Step {
  subject: string;
  loc?: Loc;
  data?: Data;
  /** The value is secret (a sensitive variable): its text never reaches a label. */
  secret?: boolean;
}

interface Common {
  trace: Step[];
  /** Where the value was assigned (tfvars line, default, local, map item …), for the step that reads it. */
  site?: Loc;
  /** Derived from a sensitive variable: its text never reaches a trace label. */
  secret?: boolean;
}
export type Val = (Common & { known: true; data: Data }) | (Common & { known: false; reason: string; variable?: string });

export function val(data: Data, trace: Step[] = [], site?: Loc): Val {
  return { known: true, data, trace, site };
}

export function unknownVal(reason: string, trace: Step[] = [], extra: { variable?: string; site?: Loc } = {}): Val {
  return { known: false, reason, trace, ...extra };
}

export function isPrimitive(data: Data): data is Primitive {
  return data === null || typeof data !== 'object';
}

/** Text of a primitive as a template interpolation renders it. */
export function stringOf(data: Data): string | undefined {
  if (typeof data === 'string') return data;
  if (typeof data === 'number' || typeof data === 'boolean') return String(data);
  return undefined;
}

export function numberOf(data: Data): number | undefined {
  if (typeof data === 'number') return data;
  if (typeof data === 'string' && data.trim() !== '' && Number.isFinite(Number(data))) return Number(data);
  return undefined;
}

export function boolOf(data: Data): boolean | undefined {
  if (typeof data === 'boolean') return data;
  if (data === 'true' || data === 'false') return data === 'true';
  return undefined;
}

export function describeData(data: Data): string {
  if (data === null) return 'null';
  if (typeof data === 'string') return JSON.stringify(data);
  if (typeof data !== 'object') return String(data);
  switch (data.kind) {
    case 'list':
      return '[…]';
    case 'map':
      return '{…}';
    case 'object':
      return data.address;
    case 'key':
      return `${data.target.address}.id`;
    case 'file':
      return `${data.reader}(${JSON.stringify(data.path)})`;
  }
}

const MAX_TRACE = 12;

/** The engine's trace: labels like `var.allow_export = true`; `redact` hides string values (key material). */
export function traceSteps(trace: Step[], redact = false): TraceStep[] {
  return trace.slice(0, MAX_TRACE).map((step) => ({ label: stepLabel(step, redact), ...(step.loc ? { loc: step.loc } : {}) }));
}

function stepLabel(step: Step, redact: boolean): string {
  if (step.data === undefined) return step.subject;
  if (typeof step.data === 'string' && (redact || step.secret)) return `${step.subject} (literal, ${step.data.length} chars)`;
  const shown = describeData(step.data);
  // `thalassa_kms_key.k.id` read inside a module names `module.m.thalassa_kms_key.k.id`: say it once.
  return shown === step.subject || (typeof step.data === 'object' && step.data?.kind === 'key' && shown.endsWith('.' + step.subject)) ? step.subject : `${step.subject} = ${shown}`;
}
