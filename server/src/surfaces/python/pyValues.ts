// Static values in Python: what a name is bound to in its function or module (an assignment
// made once, a parameter, a loop or `with … as` target, an import), what an expression
// evaluates to when written in the file, and a URL (f-string, concatenation) as pieces.
import type { Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { nodeLoc, type SyntaxNode } from '../common';
import { boundNameParts, joinParts, readThrough, replacesBasePath, shown, short, unboundReason, valuePart, type EvalOptions } from '../rest/clientValues';
import type { UrlPart } from '../rest/restCall';

export type PyBinding =
  | { kind: 'assign'; name: string; node: SyntaxNode; value?: SyntaxNode }
  | { kind: 'parameter' | 'loop' | 'function' | 'class'; name: string; node: SyntaxNode }
  | { kind: 'with'; name: string; node: SyntaxNode; value: SyntaxNode }
  | { kind: 'import'; name: string; node: SyntaxNode; module: string; imported: string };

const SCOPES = new Set(['function_definition', 'lambda', 'module']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const MAX_DEPTH = 12;

/** Binding sites per scope node id, built once per scope of the file being analysed. */
const scopeBindings = new Map<number, Map<string, PyBinding[]>>();

/** Forget cached scopes: node ids are only unique within one syntax tree (call once per file). */
export function resetBindings(): void {
  scopeBindings.clear();
}

function targets(pattern: SyntaxNode): SyntaxNode[] {
  if (pattern.type === 'identifier') return [pattern];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern'].includes(pattern.type)) return pattern.namedChildren.flatMap(targets);
  return [];
}

function bindingsOf(scope: SyntaxNode): Map<string, PyBinding[]> {
  const cached = scopeBindings.get(scope.id);
  if (cached) return cached;
  const map = new Map<string, PyBinding[]>();
  const add = (b: PyBinding) => {
    const list = map.get(b.name) ?? [];
    list.push(b);
    map.set(b.name, list);
  };
  if (scope.type === 'function_definition' || scope.type === 'lambda') {
    const params = scope.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      const nameNode = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
      if (nameNode) add({ kind: 'parameter', name: nameNode.text, node: nameNode });
    }
  }
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  const stack: SyntaxNode[] = body ? [...body.namedChildren] : [];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = n.childForFieldName('name');
        if (name) add({ kind: n.type === 'function_definition' ? 'function' : 'class', name: name.text, node: n });
        continue; // its body is another scope
      }
      case 'lambda':
        continue;
      case 'assignment': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right') ?? undefined;
        if (left?.type === 'identifier') add({ kind: 'assign', name: left.text, node: n, value: right });
        else if (left) for (const t of targets(left)) add({ kind: 'assign', name: t.text, node: n });
        break;
      }
      case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') add({ kind: 'assign', name: left.text, node: n });
        break;
      }
      case 'for_statement': {
        const left = n.childForFieldName('left');
        for (const t of left ? targets(left) : []) add({ kind: 'loop', name: t.text, node: t });
        break;
      }
      case 'as_pattern': {
        const alias = n.childForFieldName('alias');
        const value = n.namedChildren[0];
        const id = alias?.namedChildren[0] ?? alias;
        if (id?.type === 'identifier' && value && n.parent?.type === 'with_item') add({ kind: 'with', name: id.text, node: id, value });
        break;
      }
      case 'import_statement':
        for (const name of n.childrenForFieldName('name')) {
          if (name.type === 'aliased_import') {
            const mod = name.childForFieldName('name')?.text ?? '';
            const alias = name.childForFieldName('alias');
            if (alias) add({ kind: 'import', name: alias.text, node: name, module: mod, imported: '*' });
          } else {
            // `import a.b` binds `a` to package a.
            const mod = name.text;
            add({ kind: 'import', name: mod.split('.')[0], node: name, module: mod.split('.')[0], imported: '*' });
          }
        }
        continue;
      case 'import_from_statement': {
        const mod = n.childForFieldName('module_name')?.text ?? '';
        for (const name of n.childrenForFieldName('name')) {
          const imported = name.type === 'aliased_import' ? (name.childForFieldName('name')?.text ?? '') : name.text;
          const local = name.type === 'aliased_import' ? (name.childForFieldName('alias')?.text ?? imported) : imported;
          add({ kind: 'import', name: local, node: name, module: mod, imported });
        }
        continue;
      }
    }
    if (COMPREHENSIONS.has(n.type)) continue; // their own scope
    stack.push(...n.namedChildren);
  }
  scopeBindings.set(scope.id, map);
  return map;
}

/** What a name is bound to at module level (undefined when unbound; the first of several bindings). */
export function moduleBinding(module: SyntaxNode, name: string): PyBinding | undefined {
  return bindingsOf(module).get(name)?.[0];
}

/** What the identifier refers to: comprehension variables, then function, then module bindings. */
export function resolveBinding(node: SyntaxNode): PyBinding | undefined {
  const name = node.text;
  for (let n = node.parent; n; n = n.parent) {
    if (COMPREHENSIONS.has(n.type)) {
      for (const clause of n.namedChildren.filter((c) => c.type === 'for_in_clause')) {
        const left = clause.childForFieldName('left');
        const hit = left && targets(left).find((t) => t.text === name);
        if (hit) return { kind: 'loop', name, node: hit };
      }
    }
    if (!SCOPES.has(n.type)) continue;
    const sites = bindingsOf(n).get(name);
    if (!sites?.length) continue;
    if (sites.length === 1) return sites[0];
    // Bound more than once: a loop or a reassignment; not one value.
    const loop = sites.find((s) => s.kind === 'loop');
    return loop ?? { kind: 'assign', name, node: sites[0].node };
  }
  return undefined;
}

export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

export function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0];
  return n;
}

/** Pieces of one string literal (f-string or not): text with exact locations, escapes decoded, interpolations. */
function stringPieces(node: SyntaxNode): ({ text: string; node?: SyntaxNode } | { interpolation: SyntaxNode })[] {
  const prefix = (node.namedChildren.find((c) => c.type === 'string_start')?.text ?? '').toLowerCase();
  const raw = prefix.includes('r');
  const pieces: ({ text: string; node?: SyntaxNode } | { interpolation: SyntaxNode })[] = [];
  for (const c of node.namedChildren) {
    if (c.type === 'interpolation') pieces.push({ interpolation: c });
    else if (c.type === 'string_content') {
      const escapes = c.namedChildren.filter((e) => e.type === 'escape_sequence' || e.type === 'escape_interpolation');
      if (!escapes.length || raw) pieces.push({ text: c.text, node: c });
      else pieces.push({ text: decodeEscapes(c.text) });
    }
  }
  return pieces;
}

function decodeEscapes(text: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', '{': '{', '}': '}' };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{' && text[i + 1] === '{') {
      out += '{';
      i++;
    } else if (text[i] === '}' && text[i + 1] === '}') {
      out += '}';
      i++;
    } else if (text[i] === '\\' && i + 1 < text.length) {
      const c = text[i + 1];
      if (c === 'x') {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 3;
      } else if (c === 'u') {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        out += simple[c] ?? `\\${c}`;
        i++;
      }
    } else out += text[i];
  }
  return out;
}

/** The text of a string literal without interpolations, decoded; undefined for anything else. */
export function stringLiteral(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'concatenated_string') {
    const parts = n.namedChildren.map(stringLiteral);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (n.type !== 'string') return undefined;
  const pieces = stringPieces(n);
  if (pieces.some((p) => 'interpolation' in p)) return undefined;
  return pieces.map((p) => (p as { text: string }).text).join('');
}

/** `b"..."` / `rb"..."`: bytes, not text. */
export function isBytesLiteral(node: SyntaxNode): boolean {
  const n = unwrap(node);
  return n.type === 'string' && (n.namedChildren.find((c) => c.type === 'string_start')?.text ?? '').toLowerCase().includes('b');
}

/** `x.name` → 'name'; `x["name"]` → 'name'. */
export function keyOf(node: SyntaxNode): string | undefined {
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text;
  if (node.type === 'subscript') {
    const index = node.childForFieldName('subscript');
    return index ? stringLiteral(index) : undefined;
  }
  return undefined;
}

/** The dict literal an expression stands for, when it is written in this file. */
export function resolveDict(node: SyntaxNode, depth = 0): SyntaxNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (n.type === 'dictionary') return n;
  if (n.type === 'call' && n.childForFieldName('function')?.text === 'dict') return n;
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    return b?.kind === 'assign' && b.value ? resolveDict(b.value, depth + 1) : undefined;
  }
  if (n.type === 'subscript') {
    const key = keyOf(n);
    const parent = n.childForFieldName('value');
    const dict = parent && key !== undefined ? resolveDict(parent, depth + 1) : undefined;
    const value = dict && dictValue(dict, key!);
    return value ? resolveDict(value, depth + 1) : undefined;
  }
  return undefined;
}

/** The value node of `key` in a dict literal or `dict(key=…)` call. */
export function dictValue(dict: SyntaxNode, key: string): SyntaxNode | undefined {
  for (const m of [...dictMembers(dict)].reverse()) {
    if (m.type === 'pair' && stringLiteral(m.childForFieldName('key') ?? m) === key) return m.childForFieldName('value') ?? undefined;
    if (m.type === 'keyword_argument' && m.childForFieldName('name')?.text === key) return m.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

export function dictMembers(dict: SyntaxNode): SyntaxNode[] {
  const container = dict.type === 'call' ? dict.childForFieldName('arguments') : dict;
  return (container?.namedChildren ?? []).filter((c) => c.type !== 'comment');
}

/** The value of an expression as written; unknown with the reason otherwise. */
export function evaluate(node: SyntaxNode, file: string, opts: EvalOptions, depth = 0): Value<unknown> {
  if (depth > MAX_DEPTH) return unknown('too many indirections');
  const n = unwrap(node);
  switch (n.type) {
    case 'true':
      return known(true);
    case 'false':
      return known(false);
    case 'none':
      return known(null);
    case 'integer':
    case 'float': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isNaN(v) ? unknown('not a number') : known(v);
    }
    case 'unary_operator': {
      const arg = n.childForFieldName('argument');
      const v = arg ? evaluate(arg, file, opts, depth + 1) : unknown('no operand');
      if (v.known && typeof v.value === 'number' && n.text.trimStart().startsWith('-')) return known(-v.value, v.trace);
      return unknown(`${shown(n, opts)} is computed`);
    }
    case 'string':
    case 'concatenated_string':
    case 'binary_operator': {
      if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text !== '+') return unknown(`${shown(n, opts)} is computed`);
      return joinParts(urlParts(n, file, depth + 1));
    }
    case 'identifier': {
      const b = resolveBinding(n);
      if (b?.kind !== 'assign') return unknown(unboundReason(n.text, b));
      if (!b.value) return unknown(`\`${n.text}\` is assigned more than once`);
      return readThrough(n.text, nodeLoc(file, b.node), evaluate(b.value, file, opts, depth + 1), opts);
    }
    case 'subscript':
    case 'attribute': {
      const env = environmentName(n);
      if (env) return unknown(`environment variable ${env}`);
      const key = keyOf(n);
      const parent = n.childForFieldName(n.type === 'subscript' ? 'value' : 'object');
      const dict = n.type === 'subscript' && parent && key !== undefined ? resolveDict(parent, depth + 1) : undefined;
      const value = dict && dictValue(dict, key!);
      if (!value) return unknown(`\`${short(n)}\` is not a value written here`);
      return readThrough(short(n), nodeLoc(file, value), evaluate(value, file, opts, depth + 1), opts);
    }
    case 'call': {
      const env = environmentName(n);
      return unknown(env ? `environment variable ${env}` : `${shown(n, opts)} is computed at run time`);
    }
    default:
      return unknown(`${shown(n, opts)} is computed at run time`);
  }
}

/** `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")` → X. */
function environmentName(n: SyntaxNode): string | undefined {
  if (n.type === 'subscript' && n.childForFieldName('value')?.text === 'os.environ') return keyOf(n) ?? '?';
  if (n.type === 'call') {
    const fn = n.childForFieldName('function')?.text;
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    if (fn === 'os.getenv' || fn === 'os.environ.get' || fn === 'getenv') return (arg && stringLiteral(arg)) ?? '?';
  }
  return undefined;
}

/**
 * A string expression as pieces (see the JS counterpart): f-string text with exact positions,
 * interpolations as values, concatenations, and names bound once read through to their value.
 */
export function urlParts(node: SyntaxNode, file: string, depth = 0): UrlPart[] {
  if (depth > MAX_DEPTH) return [{ kind: 'value', value: unknown('too many indirections'), loc: nodeLoc(file, node) }];
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
      return stringPieces(n).flatMap((p): UrlPart[] => {
        if (!('interpolation' in p)) return [{ kind: 'text', text: p.text, loc: p.node ? nodeLoc(file, p.node) : undefined }];
        const expr = p.interpolation.childForFieldName('expression');
        return expr ? [valuePart(evaluate(expr, file, { reveal: true }, depth + 1), nodeLoc(file, p.interpolation))] : [];
      });
    case 'concatenated_string':
      return n.namedChildren.flatMap((c) => urlParts(c, file, depth + 1));
    case 'binary_operator': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (n.childForFieldName('operator')?.text !== '+' || !left || !right) break;
      return [...urlParts(left, file, depth + 1), ...urlParts(right, file, depth + 1)];
    }
    case 'identifier': {
      const b = resolveBinding(n);
      if (b?.kind === 'assign' && b.value) return boundNameParts(urlParts(b.value, file, depth + 1), () => evaluate(n, file, { reveal: true }, depth + 1), nodeLoc(file, n));
      break;
    }
    case 'call': {
      // urljoin(base, "/v1/kms/…"): an absolute path replaces the base's path.
      const fn = n.childForFieldName('function')?.text ?? '';
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if ((fn === 'urljoin' || fn.endsWith('.urljoin')) && args.length === 2) {
        const pathParts = urlParts(args[1], file, depth + 1);
        return replacesBasePath(pathParts) ? pathParts : [...urlParts(args[0], file, depth + 1), ...pathParts];
      }
      // "{}/v1/kms/{}/keys".format(base, region)
      const callee = n.childForFieldName('function');
      const template = callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format' ? callee.childForFieldName('object') : undefined;
      if (template && unwrap(template).type === 'string') {
        const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
        const named = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
        const parts = formatParts(unwrap(template), file, 'format', (field, index) => (field === '' ? positional[index] : /^\d+$/.test(field) ? positional[Number(field)] : named(field)), depth);
        if (parts) return parts;
      }
      break;
    }
  }
  // "%s/v1/kms/%s/keys" % (base, region)
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '%') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left && right && unwrap(left).type === 'string') {
      const r = unwrap(right);
      const items = r.type === 'tuple' ? r.namedChildren : [r];
      const dict = r.type === 'dictionary' ? r : undefined;
      const parts = formatParts(unwrap(left), file, 'percent', (field, index) => (field ? (dict ? dictValue(dict, field) : undefined) : items[index]), depth);
      if (parts) return parts;
    }
  }
  return [valuePart(evaluate(n, file, { reveal: true }, depth + 1), nodeLoc(file, n))];
}

/**
 * A `str.format` / `%` template literal as URL pieces: its text with exact positions (when the
 * literal is one escape-free line) and each placeholder as the value of its argument.
 * Undefined when the template has a placeholder we do not read (`%d` is fine, `%*d` is not).
 */
function formatParts(literal: SyntaxNode, file: string, style: 'format' | 'percent', argFor: (field: string, index: number) => SyntaxNode | undefined, depth: number): UrlPart[] | undefined {
  const pieces = stringPieces(literal);
  if (pieces.length !== 1 || 'interpolation' in pieces[0]) return pieces.length ? undefined : [];
  const { text, node } = pieces[0];
  const exact = node && node.startPosition.row === node.endPosition.row ? node : undefined;
  const at = (from: number, to: number) =>
    exact ? { file, range: { start: { line: exact.startPosition.row, character: exact.startPosition.column + from }, end: { line: exact.startPosition.row, character: exact.startPosition.column + to } } } : undefined;
  const parts: UrlPart[] = [];
  let textStart = 0;
  let buffer = '';
  let auto = 0;
  const flushText = (end: number) => {
    if (buffer) parts.push({ kind: 'text', text: buffer, loc: buffer.length === end - textStart ? at(textStart, end) : undefined });
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const doubled = style === 'format' ? (ch === '{' || ch === '}') && text[i + 1] === ch : ch === '%' && text[i + 1] === '%';
    if (doubled) {
      buffer += ch;
      i++;
      continue;
    }
    let field: string | undefined;
    let end = i;
    if (style === 'format' && ch === '{') {
      end = text.indexOf('}', i);
      if (end < 0) return undefined;
      field = text.slice(i + 1, end).split(/[!:]/)[0].trim();
    } else if (style === 'percent' && ch === '%') {
      const m = /^%(\(([^)]*)\))?[-#0 +]*(\d+)?(\.\d+)?[sdirfxXeEgGoac]/.exec(text.slice(i));
      if (!m) return undefined;
      field = m[2] ?? '';
      end = i + m[0].length - 1;
    } else {
      if (!buffer) textStart = i;
      buffer += ch;
      continue;
    }
    flushText(i);
    const arg = argFor(field, field === '' ? auto++ : 0);
    if (!arg) return undefined;
    parts.push(valuePart(evaluate(arg, file, { reveal: true }, depth + 1), nodeLoc(file, arg)));
    i = end;
    textStart = end + 1;
  }
  flushText(text.length);
  return parts;
}
