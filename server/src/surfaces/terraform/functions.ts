// The few pure Terraform functions worth evaluating statically. Anything else is unknown.
import { boolOf, isPrimitive, numberOf, stringOf, unknownVal, val, type Data, type MapData, type Step, type Val } from './values';

type Fn = (args: Val[]) => Val;

export function callFunction(name: string, args: Val[]): Val {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) return unknownVal(`function ${name}() is not evaluated`, traceOf(args));
  const unknownArg = args.find((a) => !a.known);
  // coalesce and lookup only need the arguments they read; the rest need all of them.
  if (unknownArg && name !== 'coalesce' && name !== 'lookup') return unknownArg;
  return fn(args);
}

function traceOf(args: Val[]): Step[] {
  return args.flatMap((a) => a.trace);
}

function result(data: Data, args: Val[]): Val {
  const value = val(data, traceOf(args));
  return args.some((a) => a.secret) ? { ...value, secret: true } : value;
}

function fail(reason: string, args: Val[]): Val {
  return unknownVal(reason, traceOf(args));
}

function stringFn(name: string, f: (s: string) => string): Fn {
  return (args) => {
    const s = args.length === 1 && args[0].known ? stringOf(args[0].data) : undefined;
    return s === undefined ? fail(`${name}() needs one string`, args) : result(f(s), args);
  };
}

/** Terraform's `format` for the verbs kms-lint needs: %s, %d, %v, %q and %%. */
function format(args: Val[]): Val {
  const spec = args[0]?.known ? stringOf(args[0].data) : undefined;
  if (spec === undefined) return fail('format() needs a format string', args);
  let next = 1;
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const verb = spec[++i];
    if (verb === '%') {
      out += '%';
      continue;
    }
    const arg = args[next++];
    const data = arg?.known ? arg.data : undefined;
    if (data === undefined) return fail('format() has too few arguments', args);
    if (verb === 's' || verb === 'v') {
      const s = stringOf(data);
      if (s === undefined) return fail(`format() %${verb} of a non-primitive`, args);
      out += s;
    } else if (verb === 'd') {
      const n = numberOf(data);
      if (n === undefined || !Number.isInteger(n)) return fail('format() %d needs a whole number', args);
      out += String(n);
    } else if (verb === 'q') {
      const s = stringOf(data);
      if (s === undefined) return fail('format() %q of a non-primitive', args);
      out += JSON.stringify(s);
    } else {
      return fail(`format() verb %${verb ?? ''} is not evaluated`, args);
    }
  }
  return result(out, args);
}

function lookup(args: Val[]): Val {
  const [map, key, fallback] = args;
  if (!map?.known || !key?.known) return map && !map.known ? map : fail('lookup() key is not known', args);
  const k = stringOf(key.data);
  if (typeof map.data !== 'object' || map.data === null || map.data.kind !== 'map' || k === undefined) return fail('lookup() needs a map and a key', args);
  const hit = map.data.entries.get(k);
  if (hit) return { ...hit, trace: [...map.trace, ...key.trace, ...hit.trace] };
  if (fallback) return { ...fallback, trace: [...map.trace, ...key.trace, ...fallback.trace] };
  return fail('lookup() key is not in the map and there is no default', args);
}

function merge(args: Val[]): Val {
  const entries = new Map<string, Val>();
  for (const arg of args) {
    if (arg.known && arg.data === null) continue;
    if (!arg.known || typeof arg.data !== 'object' || arg.data === null || arg.data.kind !== 'map') return fail('merge() needs maps', args);
    for (const [k, v] of arg.data.entries) entries.set(k, v);
  }
  return result({ kind: 'map', entries } satisfies MapData, args);
}

function coalesce(args: Val[]): Val {
  for (const arg of args) {
    if (!arg.known) return arg;
    if (arg.data === null || arg.data === '') continue;
    return arg;
  }
  return fail('coalesce() has no non-empty argument', args);
}

function listOf(name: string, unique: boolean): Fn {
  return (args) => {
    const data = args[0]?.known ? args[0].data : undefined;
    if (args.length !== 1 || typeof data !== 'object' || data === null || data.kind !== 'list') return fail(`${name}() needs one list`, args);
    if (!unique) return result(data, args);
    const seen = new Set<string>();
    const items: Val[] = [];
    for (const item of data.items) {
      if (!item.known || !isPrimitive(item.data)) return fail(`${name}() of values not known`, args);
      const key = JSON.stringify(item.data);
      if (!seen.has(key)) items.push(item);
      seen.add(key);
    }
    return result({ kind: 'list', items }, args);
  };
}

function identity(name: string): Fn {
  return (args) => (args.length === 1 ? args[0] : fail(`${name}() needs one argument`, args));
}

function reader(name: 'file' | 'filebase64'): Fn {
  return (args) => {
    const path = args.length === 1 && args[0].known ? stringOf(args[0].data) : undefined;
    return path === undefined ? fail(`${name}() path is not known`, args) : result({ kind: 'file', path, reader: name }, args);
  };
}

const FUNCTIONS: Record<string, Fn> = {
  lower: stringFn('lower', (s) => s.toLowerCase()),
  upper: stringFn('upper', (s) => s.toUpperCase()),
  trimspace: stringFn('trimspace', (s) => s.trim()),
  format,
  tostring: (args) => {
    const s = args.length === 1 && args[0].known ? stringOf(args[0].data) : undefined;
    return s === undefined ? fail('tostring() needs a primitive', args) : result(s, args);
  },
  tonumber: (args) => {
    const n = args.length === 1 && args[0].known ? numberOf(args[0].data) : undefined;
    return n === undefined ? fail('tonumber() needs a number', args) : result(n, args);
  },
  tobool: (args) => {
    const b = args.length === 1 && args[0].known ? boolOf(args[0].data) : undefined;
    return b === undefined ? fail('tobool() needs a bool', args) : result(b, args);
  },
  lookup,
  merge,
  coalesce,
  toset: listOf('toset', true),
  tolist: listOf('tolist', false),
  tomap: (args) => {
    const data = args[0]?.known ? args[0].data : undefined;
    return args.length === 1 && typeof data === 'object' && data !== null && data.kind === 'map' ? args[0] : fail('tomap() needs one map', args);
  },
  sensitive: identity('sensitive'),
  nonsensitive: identity('nonsensitive'),
  file: reader('file'),
  filebase64: reader('filebase64'),
};
