// Facts from HTTP client calls in program code (TypeScript/JavaScript, Python), the same for every
// language: each call's REST facts; a use linked to the key an earlier create call in the file
// returned; the disable-before-delete and envelope fixes, written by the language's surface; and
// sensitive responses (decrypted plaintext, exported key material, signatures, HMACs) written to a
// log. The surface says which call is a client call and how a value flows through its syntax.
import type { SourceFile } from '../../engine/engine';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, FixSuggestion, KeyUse, Loc, SensitivePrint, SurfaceId } from '../../engine/types';
import type { GrammarId } from '../../parsing/treeSitter';
import { parserFor } from '../../parsing/treeSitter';
import { mergeFacts, nodeLoc, type SyntaxNode } from '../common';
import type { CodeFile } from './clientCalls';
import { restCallFacts, restOperation, type RestCall } from './restCall';

/** What the response of an operation holds that must not be logged. */
const SENSITIVE_RESPONSES: Partial<Record<KeyUse['purpose'], { fields: string[]; value: SensitivePrint['value'] }>> = {
  decrypt: { fields: ['plaintext'], value: 'plaintext' },
  export: { fields: ['keyMaterial'], value: 'key-material' },
  sign: { fields: ['signature'], value: 'signature' },
  hmac: { fields: ['hmac'], value: 'hmac' },
};
/** Fields of a create response that name the created key. */
const KEY_FIELDS = ['identity', 'slug', 'name'];

/** A call whose response matters: which response fields count, what they are, and what the surface knows of its client (`C`). */
export type Origin<T, C> = C & { fields: string[]; value: T };
/** How far an expression is from such a response: the response, its parsed body, or one of its fields. */
export type Flow<T, C> = Origin<T, C> & { what: 'response' | 'body' | 'secret' };
/** Calls whose response matters, by syntax node id. */
export type Origins<T, C> = Map<number, Origin<T, C>>;

/** What a language's surface tells the shared analysis. */
export interface ClientSyntax<H extends { call: RestCall; node: SyntaxNode }, C extends object> {
  surface: SurfaceId;
  /** The client call a call node makes, if it is one; may throw on a construct the surface does not model. */
  httpCall(node: SyntaxNode): H | undefined;
  /** What a flow from the call's response needs to know about its client. */
  origin(call: H): C;
  /** The flow from a create call's response shown by the URL substitution or body value found at a location. */
  keyFlow(node: SyntaxNode, created: Origins<string, C>): Flow<string, C> | undefined;
  /** The disable-before-delete insertion, in the file's syntax. */
  disableBefore(call: H): KeyUse['statementStart'];
  envelopeFix(call: H, purpose: 'encrypt' | 'decrypt'): FixSuggestion | undefined;
  /** The sink a call writes to (`console.log`, `logger.info`, `print`), when it is one. */
  sinkName(call: SyntaxNode): string | undefined;
  /** The arguments a sink call prints. */
  printedArgs(call: SyntaxNode): SyntaxNode[];
  /** The sensitive flow a printed argument shows. */
  leak(arg: SyntaxNode, sensitive: Origins<SensitivePrint['value'], C>): Flow<SensitivePrint['value'], C> | undefined;
}

/**
 * Parses a program file and analyses its syntax tree. A file that names no KMS, Secrets or DNSSEC
 * API is skipped unparsed: every API path, client and suppression directive we look for names
 * kms, secrets or dnssec. A failure becomes a Note, never an exception.
 */
export async function analyseProgramFile(source: SourceFile, grammar: GrammarId, language: string, resetBindings: () => void, analyse: (root: SyntaxNode) => FactSet): Promise<FactSet> {
  const facts = emptyFacts();
  const lower = source.text.toLowerCase();
  if (!lower.includes('kms') && !lower.includes('secrets') && !lower.includes('dnssec')) return facts;
  try {
    const tree = (await parserFor(grammar)).parse(source.text);
    if (!tree) throw new Error('no syntax tree');
    try {
      // Binding caches are keyed by node ids, which are unique within one syntax tree only.
      resetBindings();
      return analyse(tree.rootNode);
    } finally {
      resetBindings();
      tree.delete();
    }
  } catch (err) {
    facts.notes.push({ file: source.path, message: `${language} analysis skipped: ${(err as Error).message}` });
    return facts;
  }
}

/** The facts of the client calls among `calls` (every call node of the file, in order) and of their sensitive responses printed by others. */
export function clientCallFacts<H extends { call: RestCall; node: SyntaxNode }, C extends object>(ctx: CodeFile, root: SyntaxNode, calls: SyntaxNode[], syntax: ClientSyntax<H, C>): FactSet {
  const facts = emptyFacts();
  const sensitive: Origins<SensitivePrint['value'], C> = new Map();
  /** Create calls: their response names the key they define. */
  const created: Origins<string, C> = new Map();
  for (const node of calls) {
    let found: H | undefined;
    try {
      found = syntax.httpCall(node);
    } catch {
      // A construct we do not model (half-typed code): this call only.
      continue;
    }
    if (!found) continue;
    if (created.size) {
      linkCreatedKeys(found.call, (loc) => {
        const at = root.descendantForIndex(ctx.lines.offset(loc.range.start), ctx.lines.offset(loc.range.end));
        const flow = at ? syntax.keyFlow(at, created) : undefined;
        return flow?.what === 'secret' ? flow.value : undefined;
      });
    }
    const op = restOperation(found.call);
    if (op?.kind === 'key' && op.purpose === 'delete') found.call.statementStart = syntax.disableBefore(found);
    if (op?.kind === 'key' && (op.purpose === 'encrypt' || op.purpose === 'decrypt')) found.call.envelopeFix = syntax.envelopeFix(found, op.purpose);
    const callFacts = restCallFacts(found.call);
    mergeFacts(facts, callFacts);
    const use = callFacts.uses[0];
    const secret = use && SENSITIVE_RESPONSES[use.purpose];
    if (secret) sensitive.set(node.id, { ...syntax.origin(found), ...secret });
    if (callFacts.keys[0]) created.set(node.id, { ...syntax.origin(found), fields: KEY_FIELDS, value: callFacts.keys[0].id });
  }
  if (sensitive.size) facts.prints.push(...sensitivePrints(ctx.file, calls, sensitive, syntax));
  return facts;
}

/**
 * `${key.identity}` in a URL or `kmsKeyIdentity: key.identity` in a body, where `key` is the
 * response of a create call earlier in the file: the use names that created key.
 */
function linkCreatedKeys(call: RestCall, createdKeyAt: (loc: Loc) => string | undefined): void {
  for (const part of call.urlParts ?? []) {
    if (part.kind === 'value' && !part.value.known && !part.defId) part.defId = createdKeyAt(part.loc);
  }
  const body = call.body;
  const keyField = body?.kind === 'fields' ? body.fields.find((f) => f.name === 'kmsKeyIdentity') : undefined;
  if (keyField && !keyField.value.known) keyField.defId = createdKeyAt(keyField.valueLoc);
}

function sensitivePrints<H extends { call: RestCall; node: SyntaxNode }, C extends object>(file: string, calls: SyntaxNode[], sensitive: Origins<SensitivePrint['value'], C>, syntax: ClientSyntax<H, C>): SensitivePrint[] {
  const prints: SensitivePrint[] = [];
  for (const call of calls) {
    const sink = syntax.sinkName(call);
    if (!sink) continue;
    for (const arg of syntax.printedArgs(call)) {
      const flow = syntax.leak(arg, sensitive);
      if (!flow) continue;
      const at = arg.startPosition;
      prints.push({ id: `${syntax.surface}:${file}:${at.row}:${at.column}`, surface: syntax.surface, value: flow.value, sink, loc: nodeLoc(file, arg) });
      break;
    }
  }
  return prints;
}

/**
 * `code` inserted as a statement of its own before the statement holding `node` (the ancestor
 * whose parent is one of `blockTypes`), indented alike; undefined when that statement does not
 * start its line (the indentation is then not what precedes it).
 */
export function statementBefore(ctx: CodeFile, node: SyntaxNode, blockTypes: string[], code: string): KeyUse['statementStart'] {
  let statement: SyntaxNode | null = node;
  while (statement && !(statement.parent && blockTypes.includes(statement.parent.type))) statement = statement.parent;
  if (!statement) return undefined;
  const start = ctx.lines.pos(statement.startIndex);
  const indent = ctx.text.slice(statement.startIndex - start.character, statement.startIndex);
  if (indent.trim()) return undefined;
  return { loc: ctx.lines.loc(ctx.file, statement.startIndex, statement.startIndex), indent, text: `${code}\n${indent}` };
}

/** The call is awaited (through parentheses) by a node of `awaitType`: a call inserted before it is awaited too. */
export function isAwaited(node: SyntaxNode, awaitType: string): boolean {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === awaitType;
}
