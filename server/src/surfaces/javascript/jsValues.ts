// Static values in TypeScript/JavaScript: what a name is bound to (const, parameter, import,
// require), what an expression evaluates to when it is written in the file, and a URL as pieces.
// Only what is certain is known: a `let` that is reassigned, a parameter, `process.env.X` or a
// call result is unknown.
import type { Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { nodeLoc, type SyntaxNode } from '../common';
import { allKnown, boundNameParts, joinParts, readThrough, replacesBasePath, shown, short, unboundReason, valuePart, type EvalOptions } from '../rest/clientValues';
import type { UrlPart } from '../rest/restCall';

export type Binding =
  | { kind: 'declarator'; name: string; node: SyntaxNode; value?: SyntaxNode; constant: boolean; path: string[] }
  | { kind: 'parameter' | 'loop' | 'catch' | 'function'; name: string; node: SyntaxNode }
  | { kind: 'import'; name: string; node: SyntaxNode; module: string; imported: string };

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function', 'function']);
const MAX_DEPTH = 12;

export function isFunction(node: SyntaxNode): boolean {
  return FUNCTIONS.has(node.type);
}

/** Wrappers that do not change a value: parentheses, `as`, `!`, `satisfies`. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion'].includes(n.type)) {
    const inner = n.namedChildren.find((c) => !c.type.endsWith('type') && c.type !== 'type_arguments');
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The text of a string literal without substitutions, decoded; undefined for anything else. */
export function stringLiteral(node: SyntaxNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'string') return n.namedChildren.map(fragmentText).join('');
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c.type === 'template_substitution')) return n.namedChildren.map(fragmentText).join('');
  return undefined;
}

function fragmentText(n: SyntaxNode): string {
  return n.type === 'escape_sequence' ? decodeEscape(n.text) : n.text;
}

function decodeEscape(esc: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
  const c = esc.slice(1);
  if (c in simple) return simple[c];
  if (c.startsWith('u{')) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
  if (c.startsWith('u') || c.startsWith('x')) return String.fromCharCode(parseInt(c.slice(1), 16));
  if (c.startsWith('\n') || c.startsWith('\r')) return '';
  return c;
}

/** Names a pattern binds, each with the property path it takes from the value (`{ data: { plaintext } }` → plaintext ← data.plaintext). */
function patternNames(pattern: SyntaxNode, path: string[] = []): { name: string; node: SyntaxNode; path: string[] }[] {
  switch (pattern.type) {
    case 'identifier':
      return [{ name: pattern.text, node: pattern, path }];
    case 'shorthand_property_identifier_pattern':
      return [{ name: pattern.text, node: pattern, path: [...path, pattern.text] }];
    case 'object_assignment_pattern': {
      const left = pattern.childForFieldName('left');
      return left ? patternNames(left, path) : [];
    }
    case 'assignment_pattern': {
      const left = pattern.childForFieldName('left');
      return left ? patternNames(left, path) : [];
    }
    case 'pair_pattern': {
      const key = pattern.childForFieldName('key');
      const value = pattern.childForFieldName('value');
      if (!key || !value) return [];
      const keyText = key.type === 'property_identifier' ? key.text : stringLiteral(key);
      return keyText === undefined ? [] : patternNames(value, [...path, keyText]);
    }
    case 'object_pattern':
      return pattern.namedChildren.flatMap((c) => patternNames(c, path));
    case 'array_pattern':
    case 'rest_pattern':
      // Positions and rests are not properties we can name.
      return pattern.namedChildren.flatMap((c) => patternNames(c, [...path, '?']));
    case 'required_parameter':
    case 'optional_parameter': {
      const inner = pattern.childForFieldName('pattern');
      return inner ? patternNames(inner, path) : [];
    }
    default:
      return [];
  }
}

/** `require('m')` → 'm'. */
function requiredModule(value: SyntaxNode | null | undefined): string | undefined {
  if (!value) return undefined;
  const v = unwrap(value);
  if (v.type !== 'call_expression' || v.childForFieldName('function')?.text !== 'require') return undefined;
  const arg = v.childForFieldName('arguments')?.namedChildren[0];
  return arg ? stringLiteral(arg) : undefined;
}

/** Nodes that can declare names directly. */
const SCOPE_TYPES = new Set(['program', 'statement_block', 'switch_case', 'switch_default', 'for_statement', 'for_in_statement', 'catch_clause', 'class_static_block']);

/** Names declared directly in each scope node, by node id; ids are per syntax tree, so reset per file. */
const scopeBindings = new Map<number, Map<string, Binding>>();

/** Forget cached scopes (call once per parsed file). */
export function resetBindings(): void {
  scopeBindings.clear();
}

/** Bindings declared directly in a scope node (not in nested functions); the first declaration of a name wins. */
function bindingsOf(scope: SyntaxNode): Map<string, Binding> {
  const cached = scopeBindings.get(scope.id);
  if (cached) return cached;
  const map = new Map<string, Binding>();
  const add = (b: Binding) => {
    if (!map.has(b.name)) map.set(b.name, b);
  };
  if (isFunction(scope)) {
    const params = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter');
    const names = !params ? [] : params.type === 'identifier' ? [{ name: params.text, node: params }] : params.namedChildren.flatMap((p) => patternNames(p));
    for (const n of names) add({ kind: 'parameter', name: n.name, node: n.node });
  } else if (scope.type === 'for_in_statement') {
    const left = scope.childForFieldName('left');
    for (const n of left ? patternNames(left) : []) add({ kind: 'loop', name: n.name, node: n.node });
  } else if (scope.type === 'catch_clause') {
    const param = scope.childForFieldName('parameter');
    for (const n of param ? patternNames(param) : []) add({ kind: 'catch', name: n.name, node: n.node });
  }
  const statements = scope.type === 'for_statement' ? [scope.childForFieldName('initializer')].filter((n): n is SyntaxNode => !!n) : SCOPE_TYPES.has(scope.type) ? scope.namedChildren : [];
  let reassigned: Set<string> | undefined;
  for (let statement of statements) {
    if (statement.type === 'export_statement') statement = statement.childForFieldName('declaration') ?? statement;
    if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      const constant = statement.firstChild?.text === 'const';
      for (const declarator of statement.namedChildren.filter((c) => c.type === 'variable_declarator')) {
        const pattern = declarator.childForFieldName('name');
        const value = declarator.childForFieldName('value') ?? undefined;
        const module = requiredModule(value);
        for (const hit of pattern ? patternNames(pattern) : []) {
          if (module !== undefined) {
            add({ kind: 'import', name: hit.name, node: hit.node, module, imported: hit.path.length ? hit.path[0] : '*' });
            continue;
          }
          reassigned ??= constant ? new Set() : reassignedNames(scope);
          const changed = !constant && reassigned.has(hit.name);
          add({ kind: 'declarator', name: hit.name, node: declarator, value: changed ? undefined : value, constant: !changed, path: hit.path });
        }
      }
    } else if (statement.type === 'function_declaration') {
      const name = statement.childForFieldName('name')?.text;
      if (name) add({ kind: 'function', name, node: statement });
    } else if (statement.type === 'import_statement') {
      const module = stringLiteral(statement.childForFieldName('source') ?? statement);
      const clause = statement.namedChildren.find((c) => c.type === 'import_clause');
      if (module === undefined || !clause) continue;
      for (const part of clause.namedChildren) {
        if (part.type === 'identifier') add({ kind: 'import', name: part.text, node: part, module, imported: 'default' });
        if (part.type === 'namespace_import' && part.namedChildren[0]) add({ kind: 'import', name: part.namedChildren[0].text, node: part, module, imported: '*' });
        if (part.type === 'named_imports') {
          for (const spec of part.namedChildren.filter((sp) => sp.type === 'import_specifier')) {
            const imported = spec.childForFieldName('name')?.text;
            const local = spec.childForFieldName('alias')?.text ?? imported;
            if (local && imported) add({ kind: 'import', name: local, node: spec, module, imported });
          }
        }
      }
    }
  }
  scopeBindings.set(scope.id, map);
  return map;
}

/** Names assigned (`x = …`, `x += …`, `x++`) anywhere under a scope. */
function reassignedNames(scope: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const a of scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression', 'update_expression'])) {
    const target = a?.childForFieldName('left') ?? a?.childForFieldName('argument');
    if (target?.type === 'identifier') names.add(target.text);
  }
  return names;
}

/** What the identifier `node` refers to, from its innermost enclosing scope outwards. */
export function resolveBinding(node: SyntaxNode): Binding | undefined {
  const name = node.text;
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (!SCOPE_TYPES.has(scope.type) && !isFunction(scope)) continue;
    const hit = bindingsOf(scope).get(name);
    if (hit) return hit;
  }
  return undefined;
}

/** The enclosing function (or undefined at module level). */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return n;
  return undefined;
}

/** The object literal an expression stands for (`opts`, `config.kms`), when it is written in this file. */
export function resolveObject(node: SyntaxNode, depth = 0): SyntaxNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (n.type === 'object') return n;
  if (n.type === 'identifier') {
    const b = resolveBinding(n);
    if (b?.kind !== 'declarator' || !b.constant || !b.value) return undefined;
    return followPath(b.value, b.path, depth + 1, resolveObject);
  }
  if (n.type === 'member_expression' || n.type === 'subscript_expression') {
    const prop = propertyName(n);
    const obj = n.childForFieldName('object');
    const parent = prop !== undefined && obj ? resolveObject(obj, depth + 1) : undefined;
    const value = parent && objectProperty(parent, prop!);
    return value ? resolveObject(value, depth + 1) : undefined;
  }
  return undefined;
}

function followPath<T>(value: SyntaxNode, path: string[], depth: number, then: (n: SyntaxNode, depth: number) => T | undefined): T | undefined {
  let node: SyntaxNode | undefined = value;
  for (const key of path) {
    const obj: SyntaxNode | undefined = resolveObject(node, depth);
    node = obj && objectProperty(obj, key);
    if (!node) return undefined;
  }
  return then(node, depth);
}

/** `obj.name` / `obj['name']` → 'name'. */
export function propertyName(member: SyntaxNode): string | undefined {
  if (member.type === 'member_expression') return member.childForFieldName('property')?.text;
  if (member.type === 'subscript_expression') {
    const index = member.childForFieldName('index');
    return index ? stringLiteral(index) : undefined;
  }
  return undefined;
}

/** The value node of property `name` in an object literal (a shorthand property is its identifier). */
export function objectProperty(obj: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const member of [...obj.namedChildren].reverse()) {
    if (member.type === 'pair' && memberKey(member) === name) return member.childForFieldName('value') ?? undefined;
    if (member.type === 'shorthand_property_identifier' && member.text === name) return member;
  }
  return undefined;
}

export function memberKey(pair: SyntaxNode): string | undefined {
  const key = pair.childForFieldName('key');
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'number') return key.text;
  return stringLiteral(key);
}

/** The value of an expression as written in the file; unknown (with the reason) when it is not. */
export function evaluate(node: SyntaxNode, file: string, opts: EvalOptions, depth = 0): Value<unknown> {
  if (depth > MAX_DEPTH) return unknown('too many indirections');
  const n = unwrap(node);
  switch (n.type) {
    case 'true':
      return known(true);
    case 'false':
      return known(false);
    case 'null':
      return known(null);
    case 'number': {
      const v = Number(n.text.replace(/_/g, ''));
      return Number.isNaN(v) ? unknown('not a number') : known(v);
    }
    case 'unary_expression': {
      const arg = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text ?? n.firstChild?.text;
      const v = arg ? evaluate(arg, file, opts, depth + 1) : unknown('no operand');
      if (v.known && typeof v.value === 'number' && op === '-') return known(-v.value, v.trace);
      if (v.known && op === '!') return known(!v.value, v.trace);
      return unknown(`${shown(n, opts)} is computed`);
    }
    case 'string':
    case 'template_string':
    case 'binary_expression': {
      if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text !== '+') return unknown(`${shown(n, opts)} is computed`);
      return joinParts(urlParts(n, file, depth + 1));
    }
    case 'identifier':
    case 'shorthand_property_identifier': {
      if (n.text === 'undefined') return known(undefined);
      const b = resolveBinding(n);
      if (b?.kind !== 'declarator') return unknown(unboundReason(n.text, b));
      if (!b.value) return unknown(b.constant ? `\`${n.text}\` has no initial value` : `\`${n.text}\` is reassigned`);
      const v = followPath(b.value, b.path, depth + 1, (valueNode, d) => evaluate(valueNode, file, opts, d + 1)) ?? unknown(`\`${n.text}\` is not a value written here`);
      return readThrough(n.text, nodeLoc(file, b.node), v, opts);
    }
    case 'member_expression':
    case 'subscript_expression': {
      const obj = n.childForFieldName('object');
      const prop = propertyName(n);
      if (obj && unwrap(obj).type === 'member_expression' && unwrap(obj).text.replace(/\s/g, '') === 'process.env') return unknown(`environment variable ${prop ?? '?'}`);
      const parent = obj && prop !== undefined ? resolveObject(obj, depth + 1) : undefined;
      const value = parent && objectProperty(parent, prop!);
      if (!value) return unknown(`\`${short(n)}\` is not a value written here`);
      return readThrough(short(n), nodeLoc(file, value), evaluate(value, file, opts, depth + 1), opts);
    }
    case 'object':
    case 'array':
      return known(n.text);
    default:
      return unknown(`${shown(n, opts)} is computed at run time`);
  }
}

/**
 * A string expression as pieces: literal text with its exact location, and substituted values.
 * A const used in a URL is read through to its initializer, so `const url = \`${API}/v1/kms/…\``
 * still shows its path (positions then point into the declaration).
 */
export function urlParts(node: SyntaxNode, file: string, depth = 0): UrlPart[] {
  if (depth > MAX_DEPTH) return [{ kind: 'value', value: unknown('too many indirections'), loc: nodeLoc(file, node) }];
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
    case 'template_string':
      return n.namedChildren.flatMap((c): UrlPart[] => {
        if (c.type === 'string_fragment') return [{ kind: 'text', text: c.text, loc: nodeLoc(file, c) }];
        if (c.type === 'escape_sequence') return [{ kind: 'text', text: decodeEscape(c.text) }];
        if (c.type === 'template_substitution') {
          const inner = c.namedChildren[0];
          if (!inner) return [];
          // A substituted const string is a value at the substitution; its own pieces matter only for a base URL.
          const parts = urlParts(inner, file, depth + 1);
          if (allKnown(parts) && unwrap(inner).type === 'identifier') return [valuePart(evaluate(inner, file, { reveal: true }, depth + 1), nodeLoc(file, c))];
          return parts.length === 1 && parts[0].kind === 'value' ? [{ ...parts[0], loc: nodeLoc(file, c) }] : parts;
        }
        return [];
      });
    case 'binary_expression': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (n.childForFieldName('operator')?.text !== '+' || !left || !right) break;
      return [...urlParts(left, file, depth + 1), ...urlParts(right, file, depth + 1)];
    }
    case 'identifier': {
      const b = resolveBinding(n);
      // A const holding a whole literal: one value, located at the use, traced to the declaration.
      if (b?.kind === 'declarator' && b.value && !b.path.length) return boundNameParts(urlParts(b.value, file, depth + 1), () => evaluate(n, file, { reveal: true }, depth + 1), nodeLoc(file, n));
      break;
    }
    case 'new_expression': {
      // new URL(path, base)
      const ctor = n.childForFieldName('constructor');
      const args = n.childForFieldName('arguments')?.namedChildren ?? [];
      if (ctor?.text === 'URL' && args.length) {
        const pathParts = urlParts(args[0], file, depth + 1);
        if (replacesBasePath(pathParts) || args.length < 2) return pathParts;
        return [...urlParts(args[1], file, depth + 1), ...pathParts];
      }
      break;
    }
  }
  return [valuePart(evaluate(n, file, { reveal: true }, depth + 1), nodeLoc(file, n))];
}
