// Makefiles: recipe lines are shell, one shell per logical line (unless `.ONESHELL:`). make
// expands the line first: `$$` becomes `$`, `$(VAR)`/`${VAR}` the variable's value, taken from
// the simple assignments of the same Makefile (values under `ifeq`/`ifdef` or from `$(shell …)`
// stay unknown). The rest of the file is only read for variables, rules and `#` comments.
import * as path from 'path';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, Loc, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, lineSpans, mergeFacts, type LineSpan } from '../common';
import { analyzeShell } from '../shell/analyzer';
import { ShellTextBuilder, type HostValue, type HostVariable } from '../shell/shellSource';
import { lineComment } from './embeddedShell';

export function isMakefile(file: string): boolean {
  const base = path.basename(file);
  return base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile' || /\.(mk|make)$/i.test(base);
}

interface Assignment {
  op: string;
  value: string;
  conditional: boolean;
  label: string;
  loc: Loc;
}

interface Recipe {
  target: string;
  /** Logical recipe lines, each its physical lines; `inline` lines start after `;` on the rule line. */
  lines: { parts: LineSpan[]; inline: boolean }[];
}

const AUTOMATIC = new Set(['@', '<', '^', '?', '*', '+', '|', '%']);
const SIMPLE_VALUE = /^[A-Za-z0-9._/:@%+,=-]*$/;
const CONDITIONAL_START = /^(ifeq|ifneq|ifdef|ifndef)\b/;

/** Index of the matching `)`/`}` for the `$(`/`${` at `open`, or -1. */
function closingOf(text: string, open: number, limit: number): number {
  const openCh = text[open + 1];
  const closeCh = openCh === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open + 1; i < limit; i++) {
    if (text[i] === openCh) depth++;
    else if (text[i] === closeCh && --depth === 0) return i;
  }
  return -1;
}

/** The first `#` that starts a make comment in [start, end) (not escaped, not inside `$(…)`). */
function commentStart(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const close = closingOf(text, i, end);
      if (close > 0) i = close;
      continue;
    }
    if (text[i] === '#') return i;
  }
  return -1;
}

class Makefile {
  readonly facts: FactSet = emptyFacts();
  readonly lines: LineIndex;
  readonly physical: LineSpan[] = [];
  readonly variables = new Map<string, Assignment[]>();
  readonly recipes: Recipe[] = [];
  /** Variables make puts in the recipes' environment (`export VAR = …`, `export VAR`). */
  readonly exported = new Set<string>();
  exportAll = false;
  oneShell = false;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    this.physical.push(...lineSpans(text));
    this.parse();
  }

  private lineText(l: LineSpan): string {
    return this.text.slice(l.start, l.end);
  }

  private continues(l: LineSpan): boolean {
    let n = 0;
    for (let i = l.end - 1; i >= l.start && this.text[i] === '\\'; i--) n++;
    return n % 2 === 1;
  }

  private parse(): void {
    let recipe: Recipe | undefined;
    let conditionalDepth = 0;
    let inDefine = false;
    for (let i = 0; i < this.physical.length; i++) {
      const first = this.physical[i];
      const firstText = this.lineText(first);
      if (inDefine) {
        if (/^\s*endef\b/.test(firstText)) inDefine = false;
        continue;
      }
      // A logical line: physical lines joined by `\` continuations.
      const parts = [first];
      while (this.continues(parts[parts.length - 1]) && i + 1 < this.physical.length) parts.push(this.physical[++i]);
      if (firstText.startsWith('\t') && recipe) {
        recipe.lines.push({ parts, inline: false });
        continue;
      }
      if (firstText.trim() === '') continue;
      const start = first.start;
      const end = parts[parts.length - 1].end;
      const hash = commentStart(this.text, start, end);
      if (hash >= 0) this.facts.comments.push(lineComment(this.file, this.lines, this.text, hash));
      const codeEnd = hash >= 0 ? hash : end;
      // Continuations outside recipes join with a space.
      const code = this.text.slice(start, codeEnd).replace(/\\\r?\n\s*/g, ' ');
      const trimmed = code.trim();
      if (trimmed === '') continue;
      if (CONDITIONAL_START.test(trimmed)) {
        conditionalDepth++;
        recipe = undefined;
        continue;
      }
      if (/^endif\b/.test(trimmed)) {
        conditionalDepth = Math.max(0, conditionalDepth - 1);
        continue;
      }
      if (/^else\b/.test(trimmed)) continue;
      const exportOnly = /^export((?:\s+[^\s:=+?!]+)*)\s*$/.exec(trimmed);
      if (exportOnly) {
        const names = exportOnly[1].trim().split(/\s+/).filter(Boolean);
        if (names.length) for (const n of names) this.exported.add(n);
        else this.exportAll = true;
        continue;
      }
      const define = /^(?:override\s+|export\s+)*define\s+([^\s:=+?!]+)/.exec(trimmed);
      if (define) {
        inDefine = true;
        this.addVariable(define[1], { op: '!=', value: '', conditional: true, label: `define ${define[1]}`, loc: this.lines.loc(this.file, start, codeEnd) });
        recipe = undefined;
        continue;
      }
      recipe = this.statement(code, start, codeEnd, conditionalDepth > 0, parts);
    }
  }

  private addVariable(name: string, assignment: Assignment): void {
    const list = this.variables.get(name) ?? [];
    list.push(assignment);
    this.variables.set(name, list);
  }

  /** An assignment or a rule line; returns the rule's recipe (which the following tab lines join). */
  private statement(code: string, start: number, codeEnd: number, conditional: boolean, parts: LineSpan[]): Recipe | undefined {
    let i = 0;
    for (; i < code.length; i++) {
      const ch = code[i];
      if (ch === '$' && (code[i + 1] === '(' || code[i + 1] === '{')) {
        const close = closingOf(code, i, code.length);
        if (close < 0) break;
        i = close;
        continue;
      }
      if (ch === '=' || ch === ':' || ch === ';') break;
    }
    const at = code[i];
    const assignmentOp = at === '=' ? (/[?+!]/.test(code[i - 1] ?? '') ? `${code[i - 1]}=` : '=') : at === ':' ? /^(:{1,3}=)/.exec(code.slice(i))?.[1] : undefined;
    let end = codeEnd;
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    const loc = this.lines.loc(this.file, start, end);
    if (assignmentOp) {
      const opStart = at === '=' && assignmentOp.length === 2 ? i - 1 : i;
      const written = code.slice(0, opStart).trim();
      const name = written.replace(/^(?:override\s+|export\s+|private\s+)+/, '');
      if (!/^[^\s:#=]+$/.test(name)) return undefined;
      if (/^(?:override\s+)?export\s/.test(written)) this.exported.add(name);
      const value = code.slice(opStart + assignmentOp.length).trim();
      this.addVariable(name, { op: assignmentOp, value, conditional, label: code.trim().replace(/\s+/g, ' '), loc });
      return undefined;
    }
    if (at !== ':') return undefined;
    const target = code.slice(0, i).trim();
    if (target === '.ONESHELL') this.oneShell = true;
    if (target === '.EXPORT_ALL_VARIABLES') this.exportAll = true;
    const rest = code.slice(i + 1);
    // `target: VAR = value` sets a variable for the target; no recipe follows.
    if (/^[^;]*[^:]=/.test(rest.replace(/\$\([^)]*\)/g, ''))) return undefined;
    const recipe: Recipe = { target: target.split(/\s+/)[0], lines: [] };
    this.recipes.push(recipe);
    const semicolon = this.text.indexOf(';', start + i);
    if (semicolon >= 0 && semicolon < codeEnd) {
      const first = parts[0];
      const inlineParts = [{ start: semicolon + 1, end: Math.min(first.end, codeEnd) }, ...parts.slice(1)];
      recipe.lines.push({ parts: inlineParts, inline: true });
    }
    return recipe;
  }

  /** A make variable's value as recipes see it (final assignments, references expanded). */
  variable(name: string, seen = new Set<string>()): { value: Value<string>; label?: string; loc?: Loc } {
    const assignments = this.variables.get(name);
    if (!assignments) return { value: unknown(`$(${name}) is not set in this Makefile`) };
    const last = assignments[assignments.length - 1];
    if (assignments.some((a) => a.conditional)) return { value: unknown(`$(${name}) is set under a make conditional`), label: last.label, loc: last.loc };
    if (seen.has(name)) return { value: unknown(`$(${name}) refers to itself`) };
    let text: string | undefined;
    for (const a of assignments) {
      if (a.op === '!=') return { value: unknown(`$(${name}) is the output of a shell command`), label: a.label, loc: a.loc };
      if (a.op === '?=' && text !== undefined) continue;
      text = a.op === '+=' && text !== undefined ? (text ? `${text} ${a.value}` : a.value) : a.value;
    }
    const expanded = this.expand(text ?? '', new Set([...seen, name]));
    return { value: expanded.known ? known(expanded.value) : unknown(expanded.reason), label: last.label, loc: last.loc };
  }

  /** Expands make references in a variable's value. */
  private expand(text: string, seen: Set<string>): Value<string> {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== '$') {
        out += text[i];
        continue;
      }
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      let name: string | undefined;
      if (next === '(' || next === '{') {
        const close = closingOf(text, i, text.length);
        if (close < 0) return unknown('an unclosed make reference');
        name = text.slice(i + 2, close);
        i = close;
      } else {
        name = next;
        i++;
      }
      if (!name || !/^[A-Za-z0-9_.-]+$/.test(name)) return unknown(`make $(${name?.split(/\s/)[0] ?? ''} …) is only known when make runs`);
      const v = this.variable(name, seen).value;
      if (!v.known) return v;
      out += v.value;
    }
    return known(out);
  }

  /** A `$(…)`/`${…}`/`$X` reference in a recipe: how it stands in the shell text. */
  private reference(inner: string): { value: HostValue; textual?: string } {
    if (AUTOMATIC.has(inner)) return { value: { name: `$${inner}`, value: unknown(`make automatic variable $${inner}`) } };
    if (!/^[A-Za-z0-9_.-]+$/.test(inner)) {
      const fn = inner.split(/[\s:]/)[0];
      return { value: { name: `$(${fn} …)`, value: unknown(`make $(${fn} …) is only known when make runs`) } };
    }
    const v = this.variable(inner);
    const trace = v.label ? [{ label: v.label, ...(v.loc ? { loc: v.loc } : {}) }] : [];
    const value: Value<string> = v.value.known ? known(v.value.value, trace) : unknown(v.value.reason, trace);
    // A value with spaces or shell syntax is pasted in as text, as make does; a plain one stays one word with its trace.
    if (value.known && !SIMPLE_VALUE.test(value.value)) return { value: { name: inner, value }, textual: value.value };
    return { value: { name: inner, value } };
  }

  /** The environment recipes start with: the exported make variables. */
  environment(): Map<string, HostVariable> {
    const env = new Map<string, HostVariable>();
    const names = this.exportAll ? [...this.variables.keys()] : [...this.exported];
    for (const name of names) {
      if (!/^[A-Za-z_]\w*$/.test(name)) continue;
      const v = this.variable(name);
      if (!v.label) continue;
      env.set(name, { name, value: v.value, label: v.label, ...(v.loc ? { loc: v.loc } : {}) });
    }
    return env;
  }

  /** The shell text of recipe lines, with make's expansion applied. */
  source(lines: Recipe['lines']) {
    const builder = new ShellTextBuilder(this.file, this.text, this.lines);
    lines.forEach((line, n) => {
      if (n > 0) builder.put('\n', line.parts[0].start, line.parts[0].start);
      line.parts.forEach((part, k) => {
        let i = part.start;
        if (!line.inline && this.text[i] === '\t') i++;
        // `@`, `-` and `+` before the command are make's, not the shell's.
        if (k === 0 && !line.inline) while (i < part.end && /[@+\- \t]/.test(this.text[i])) i++;
        for (; i < part.end; i++) {
          const ch = this.text[i];
          if (ch !== '$' || i + 1 >= part.end) {
            builder.copy(i, i + 1);
            continue;
          }
          const next = this.text[i + 1];
          if (next === '$') {
            builder.put('$', i, i + 2);
            i++;
            continue;
          }
          let end = i + 2;
          let inner = next;
          if (next === '(' || next === '{') {
            const close = closingOf(this.text, i, part.end);
            if (close < 0) {
              builder.copy(i, i + 1);
              continue;
            }
            inner = this.text.slice(i + 2, close);
            end = close + 1;
          }
          const ref = this.reference(inner);
          if (ref.textual !== undefined) builder.put(ref.textual, i, end);
          else if (!builder.marker(ref.value, i, end)) builder.copy(i, end);
          i = end - 1;
        }
        // make keeps `\` and the line break of a continued recipe line; the shell joins them.
        if (k < line.parts.length - 1) builder.copy(part.end, line.parts[k + 1].start);
      });
    });
    return builder.build(recipePrefix);
  }
}

/** A new recipe line goes above with the same tab and make prefix (`\t@`). */
function recipePrefix(prefix: string): string | undefined {
  return /^\t[@+\- \t]*$/.test(prefix) ? prefix : undefined;
}

export async function extractMakefile(file: string, text: string): Promise<FactSet> {
  const make = new Makefile(file, text);
  const env = make.environment();
  for (const recipe of make.recipes) {
    const scope = `make:${file}#${recipe.target}`;
    const counter = { next: 0 };
    // Without .ONESHELL every logical line runs in its own shell: variables do not carry over.
    const units = make.oneShell ? [recipe.lines] : recipe.lines.map((l) => [l]);
    for (const unit of units) {
      if (!unit.length) continue;
      mergeFacts(make.facts, await analyzeShell(make.source(unit), { scope, env, counter }));
    }
  }
  return make.facts;
}
