// Tree-sitter queries that find the few nodes worth a closer look, natively: calls named like an
// SDK method or a print/log function, and `X.KMS()` accessors. Everything else in a file is only
// read when one of these needs it.
import { Query, type Language } from 'web-tree-sitter';
import type { SyntaxNode } from '../common';
import { KMS_KEY_METHODS } from './goSdk';

/** Names a call must have to be an SDK call or a print sink (see goSinks). */
const SDK_METHODS = ['CreateKey', 'CreateSecret', 'SetDnssec', ...Object.keys(KMS_KEY_METHODS)];
const SINK_PREFIX = 'Print|Fprint|Trace|Debug|Info|Warn|Error|Fatal|Panic|Log|Msg|Send|Output|Write';
const CANDIDATE_CALLS = `
(call_expression function: (selector_expression field: (field_identifier) @name (#match? @name "^((${SDK_METHODS.join('|')})$|(${SINK_PREFIX}))"))) @call
(call_expression function: (identifier) @name (#any-of? @name "print" "println")) @call
`;
const KMS_ACCESSOR = `(call_expression function: (selector_expression field: (field_identifier) @name (#eq? @name "KMS")) arguments: (argument_list) @args) @call`;

const cache = new Map<Language, Map<string, Query>>();

function query(language: Language, source: string): Query {
  let byLanguage = cache.get(language);
  if (!byLanguage) cache.set(language, (byLanguage = new Map()));
  let q = byLanguage.get(source);
  if (!q) byLanguage.set(source, (q = new Query(language, source)));
  return q;
}

/** Calls that may be SDK calls or prints, in source order. */
export function candidateCalls(root: SyntaxNode): SyntaxNode[] {
  const seen = new Set<number>();
  const out: SyntaxNode[] = [];
  for (const c of query(root.tree.language, CANDIDATE_CALLS).captures(root)) {
    if (c.name !== 'call' || seen.has(c.node.id)) continue;
    seen.add(c.node.id);
    out.push(c.node);
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}

/** Whether the file calls `X.KMS()` (the facade accessor, usable without importing the kms package). */
export function callsKmsAccessor(root: SyntaxNode): boolean {
  return query(root.tree.language, KMS_ACCESSOR)
    .matches(root)
    .some((m) => m.captures.some((c) => c.name === 'args' && c.node.namedChildCount === 0));
}
