// Walks a bash syntax tree in execution order: variables are assigned as the script assigns them,
// branches and loops are merged, command substitutions are analysed where they run, and each
// simple command is handed to the interpreter for its program (tcloud, curl, echo, base64 …).
import type { Parser } from 'web-tree-sitter';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, Loc, SensitivePrint } from '../../engine/types';
import { unknown } from '../../engine/value';
import { parserFor } from '../../parsing/treeSitter';
import type { SyntaxNode } from '../common';
import type { CommandSite, Stdout } from './commandLine';
import { interpretCurl } from './curl';
import { Env } from './env';
import { commandOutput, type Stdin } from './products';
import { displayText, hostEnd, hostLoc, hostStart, ShellTextBuilder, whitespacePrefix, type HostVariable, type ShellSource } from './shellSource';
import { interpretTcloud } from './tcloud';
import { pieceRange, WordEvaluator, type Hole, type Piece, type Product, type Word, type WordScope } from './words';

export interface ShellAnalysisOptions {
  /** The script's scope (functions get their own inside it). */
  scope: string;
  /** Variables set before the script runs. */
  env?: ReadonlyMap<string, HostVariable>;
  /** Shared by the scripts of one scope (CI steps of a job) so `order` keeps increasing. */
  counter?: { next: number };
}

interface Flow {
  scope: string;
  inLoop: boolean;
  stdout: Stdout;
  stdin?: Stdin;
}

/** Programs that run the command after their own options. */
const WRAPPERS: Record<string, { valueFlags: string[]; positionals?: number; assignments?: boolean; loop?: boolean }> = {
  sudo: { valueFlags: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group', '--host', '--prompt', '--chdir'] },
  doas: { valueFlags: ['-u', '-C'] },
  env: { valueFlags: ['-u', '--unset', '-C', '--chdir'], assignments: true },
  command: { valueFlags: [] },
  exec: { valueFlags: ['-a'] },
  nohup: { valueFlags: [] },
  time: { valueFlags: ['-f', '-o'] },
  nice: { valueFlags: ['-n'] },
  timeout: { valueFlags: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  xargs: { valueFlags: ['-I', '-n', '-P', '-L', '-d', '-a', '-E', '-s', '--max-args', '--max-procs', '--arg-file', '--delimiter', '--replace'], loop: true },
};

const READ_VALUE_FLAGS = new Set(['-p', '-d', '-n', '-N', '-t', '-u', '-i']);
const STDOUT_DEVICES = new Set(['/dev/stdout', '/dev/tty', '/dev/stderr', '/dev/fd/1', '/dev/fd/2']);

/** The programs this analysis interprets are named somewhere (the script, a host value, a variable). */
function mentionsInterpretedProgram(src: ShellSource, options: ShellAnalysisOptions): boolean {
  const mentions = (text: string) => text.includes('tcloud') || text.includes('curl');
  if (mentions(src.text)) return true;
  if (src.hostValues.some((v) => v.value.known && mentions(v.value.value))) return true;
  return [...(options.env?.values() ?? [])].some((v) => v.value.known && mentions(v.value.value));
}

/** Parse and analyse one script. Never throws: a failure becomes a note. */
export async function analyzeShell(written: ShellSource, options: ShellAnalysisOptions): Promise<FactSet> {
  const facts = emptyFacts();
  // A CRLF checkout: the shell would see `\r` as part of the last word; the author meant a line break.
  const src = written.text.includes('\r') ? { ...written, text: written.text.replace(/\r(?=\n)/g, ' ') } : written;
  const interpret = mentionsInterpretedProgram(src, options);
  // Nothing to interpret and no suppression comment to collect: skip parsing.
  if (!interpret && !src.text.includes('kms-lint')) return facts;
  let tree;
  try {
    const parser = await parserFor('bash');
    tree = parser.parse(src.text);
    if (!tree) return facts;
    new ShellAnalyzer(src, facts, options, parser).run(tree.rootNode, interpret);
  } catch (err) {
    facts.notes.push({ file: src.file, message: `shell analysis stopped: ${(err as Error).message}` });
  } finally {
    tree?.delete();
  }
  return facts;
}

class ShellAnalyzer implements WordScope {
  private env: Env;
  private flow: Flow;
  private readonly counter: { next: number };
  private sites = 0;
  private readonly words: WordEvaluator;

  constructor(
    readonly src: ShellSource,
    private readonly facts: FactSet,
    options: ShellAnalysisOptions,
    private readonly parser: Parser,
    flow?: Partial<Flow>,
  ) {
    this.env = Env.fromHost(options.env);
    this.flow = { scope: options.scope, inLoop: false, stdout: 'terminal', ...flow };
    this.counter = options.counter ?? { next: 0 };
    this.words = new WordEvaluator(this);
  }

  run(root: SyntaxNode, interpret: boolean): void {
    for (const comment of root.descendantsOfType('comment')) {
      if (comment) this.facts.comments.push({ loc: this.loc(comment.startIndex, comment.endIndex), text: comment.text });
    }
    if (!interpret) return;
    // One statement too deep to follow must not cost the facts of the others.
    let failed = false;
    for (const statement of root.namedChildren) {
      if (!statement) continue;
      try {
        this.walk(statement);
      } catch (err) {
        if (!failed) this.facts.notes.push({ file: this.src.file, message: `shell analysis skipped a statement: ${(err as Error).message}` });
        failed = true;
      }
    }
  }

  // -------------------------------------------------------------------------
  // WordScope

  site(): number {
    return ++this.sites;
  }

  loc(from: number, to: number): Loc {
    return hostLoc(this.src, from, to);
  }

  lookup(name: string, from: number, to: number, site: number): Piece[] {
    const binding = this.env.get(name);
    if (!binding) return [{ hole: { reason: `$${name} is not set in the script`, variable: name }, from, to, exact: false, site, steps: [] }];
    if (binding.host) {
      const host = binding.host;
      const steps = [{ label: host.label, redacted: host.name, loc: host.loc }, ...host.value.trace.map((t) => ({ label: t.label, redacted: host.name, loc: t.loc }))];
      if (host.value.known) return [{ text: host.value.value, from, to, exact: false, site, steps }];
      return [{ hole: { reason: host.value.reason, variable: host.name }, from, to, exact: false, site, steps }];
    }
    const pieces = binding.pieces ?? [];
    const step = binding.step;
    const withStep = pieces.map((p) => ({ ...p, steps: step ? [step, ...p.steps] : p.steps, use: { from, to } }));
    // A variable holding one unknown value: messages name the variable it was last held in.
    if (withStep.length === 1 && withStep[0].hole) withStep[0] = { ...withStep[0], hole: { ...withStep[0].hole, variable: name } };
    return withStep;
  }

  isAssigned(name: string): boolean | undefined {
    const binding = this.env.get(name);
    if (!binding) return false;
    if (binding.pieces?.length === 1 && binding.pieces[0].site === -1) return undefined;
    return true;
  }

  assign(name: string, pieces: Piece[], node: SyntaxNode): void {
    const label = `${displayText(this.src, node.startIndex, node.endIndex)} ($${name} is not set in the script)`;
    this.env.set(name, { pieces, step: { label, redacted: `${name} default`, loc: this.loc(node.startIndex, node.endIndex) } });
  }

  substitute(node: SyntaxNode): Hole {
    const saved = { env: this.env, flow: this.flow };
    this.env = this.env.fork();
    this.flow = { ...this.flow, stdout: 'captured', stdin: undefined };
    let product: Product | undefined;
    const inner = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    const program = node.descendantsOfType('command_name')[0]?.text;
    try {
      const only = inner.length === 1 ? inner[0] : undefined;
      if (only?.type === 'file_redirect' && operatorOf(only) === '<') {
        // `$(< file)`: bash reads the file itself.
        const path = this.words.word(only.childForFieldName('destination') ?? only).text;
        if (path) product = { kind: 'file', path, reader: '<', via: `$(< ${path})` };
      } else {
        for (const statement of inner) product = this.walk(statement);
      }
    } finally {
      this.env = saved.env;
      this.flow = saved.flow;
    }
    const what = program ? `\`${program} …\`` : 'a command';
    return { reason: `the output of ${what} is only known at run time`, product };
  }

  // -------------------------------------------------------------------------
  // Statements

  /** Runs a statement; returns what it writes to stdout, when that is known to matter. */
  private walk(node: SyntaxNode): Product | undefined {
    switch (node.type) {
      case 'program':
      case 'compound_statement':
      case 'do_group':
        return this.sequence(node.namedChildren);
      case 'comment':
        return undefined;
      case 'subshell':
        return this.isolated(() => this.sequence(node.namedChildren));
      case 'list':
        return this.list(node);
      case 'pipeline':
        return this.pipeline(node.namedChildren);
      case 'redirected_statement':
        return this.redirected(node);
      case 'command':
        return this.command(node);
      case 'variable_assignment':
        this.assignment(node);
        return undefined;
      case 'variable_assignments':
        for (const child of node.namedChildren) if (child) this.walk(child);
        return undefined;
      case 'declaration_command':
        this.declaration(node);
        return undefined;
      case 'unset_command':
        this.unset(node);
        return undefined;
      case 'if_statement':
        this.ifStatement(node);
        return undefined;
      case 'case_statement':
        this.caseStatement(node);
        return undefined;
      case 'for_statement':
      case 'select_statement':
      case 'c_style_for_statement':
      case 'while_statement':
      case 'until_statement':
        this.loop(node);
        return undefined;
      case 'function_definition':
        this.functionDefinition(node);
        return undefined;
      case 'negated_command':
        return this.sequence(node.namedChildren);
      case 'command_substitution':
      case 'process_substitution':
      case 'string':
      case 'concatenation':
      case 'expansion':
      case 'simple_expansion':
        this.words.word(node);
        return undefined;
      default:
        this.generic(node);
        return undefined;
    }
  }

  private sequence(nodes: (SyntaxNode | null)[]): Product | undefined {
    let product: Product | undefined;
    for (const node of nodes) if (node) product = this.walk(node);
    return product;
  }

  /** Anything else (test expressions, arithmetic, parse errors): run what it contains. */
  private generic(node: SyntaxNode): void {
    for (const child of node.namedChildren) if (child) this.walk(child);
  }

  /** A subshell: assignments inside do not survive it. */
  private isolated<T>(fn: () => T): T {
    const saved = this.env;
    this.env = saved.fork();
    try {
      return fn();
    } finally {
      this.env = saved;
    }
  }

  private withFlow<T>(patch: Partial<Flow>, fn: () => T): T {
    const saved = this.flow;
    this.flow = { ...saved, ...patch };
    try {
      return fn();
    } finally {
      this.flow = saved;
    }
  }

  /** Runs `fn` on a copy of `before` and returns the copy as it ends up. */
  private branch(before: Env, fn: () => void): Env {
    const saved = this.env;
    this.env = before.fork();
    try {
      fn();
      return this.env;
    } finally {
      this.env = saved;
    }
  }

  /** `a && b || c`: the first always runs, the rest may not. */
  private list(node: SyntaxNode): Product | undefined {
    // The grammar nests long lists to the left; walk them as one sequence (no deep recursion).
    const rest: SyntaxNode[] = [];
    let first: SyntaxNode | undefined = node;
    while (first?.type === 'list') {
      const operands: SyntaxNode[] = first.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      rest.unshift(...operands.slice(1));
      first = operands[0];
    }
    let product = first ? this.walk(first) : undefined;
    for (const next of rest) {
      const before = this.env;
      let out: Product | undefined;
      const after = this.branch(before, () => (out = this.walk(next)));
      this.env = Env.merge(before, [after], false);
      product = out;
    }
    return product;
  }

  private pipeline(stages: (SyntaxNode | null)[], input?: Product): Product | undefined {
    const list = stages.filter((s): s is SyntaxNode => !!s);
    let product = input;
    list.forEach((stage, i) => {
      const last = i === list.length - 1;
      const stdin: Stdin | undefined = i === 0 && input === undefined ? this.flow.stdin : { product };
      product = this.isolated(() => this.withFlow({ stdout: last ? this.flow.stdout : 'piped', stdin }, () => this.walk(stage)));
    });
    return product;
  }

  private redirected(node: SyntaxNode): Product | undefined {
    let stdout = this.flow.stdout;
    let stdin = this.flow.stdin;
    const trailing: SyntaxNode[] = [];
    for (const redirect of node.childrenForFieldName('redirect')) {
      if (!redirect) continue;
      if (redirect.type === 'file_redirect') {
        const op = operatorOf(redirect);
        const fd = redirect.childForFieldName('descriptor')?.text;
        const destNode = redirect.childForFieldName('destination');
        const dest = destNode ? this.words.word(destNode).text : undefined;
        const target: Stdout = dest !== undefined && STDOUT_DEVICES.has(dest) ? 'terminal' : 'file';
        if ((op === '<' || op === '<>') && (!fd || fd === '0')) stdin = dest !== undefined ? { file: dest } : {};
        else if ((op === '>' || op === '>>' || op === '>|') && (!fd || fd === '1')) stdout = target;
        else if (op === '&>' || op === '&>>') stdout = target;
        else if (op === '>&' && (!fd || fd === '1')) {
          // `>&2` sends stdout to stderr (still the terminal); `>& file` (no number) to a file.
          if (destNode?.type !== 'number') stdout = target;
          else if (dest === '2') stdout = 'terminal';
        }
      } else if (redirect.type === 'herestring_redirect') {
        const node = redirect.namedChildren.find((c) => c && c.type !== 'file_descriptor');
        const word = node ? this.words.word(node) : undefined;
        stdin = { product: word?.soleHole?.product, text: word };
      } else if (redirect.type === 'heredoc_redirect') {
        stdin = {};
        // `<<'EOF'` / `<<"EOF"` / `<<\EOF`: the body is taken as written, no expansions.
        const quoted = /['"\\]/.test(redirect.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '');
        for (const child of redirect.namedChildren) {
          if (!child) continue;
          if (child.type === 'heredoc_body') stdin = { text: this.words.heredoc(child, quoted) };
          else if (child.type !== 'heredoc_start' && child.type !== 'heredoc_end') trailing.push(child);
        }
      }
    }
    const body = node.childForFieldName('body');
    let product = body ? this.withFlow({ stdout: trailing.length ? 'piped' : stdout, stdin }, () => this.walk(body)) : undefined;
    // `cat <<EOF | tcloud …`: the grammar puts the rest of the pipeline inside the heredoc redirect.
    for (const rest of trailing) {
      product = rest.type === 'pipeline' ? this.withFlow({ stdout }, () => this.pipeline(rest.namedChildren, product)) : this.walk(rest);
    }
    return product;
  }

  private ifStatement(node: SyntaxNode): void {
    const { condition, body } = splitAtThen(node);
    this.sequence(condition);
    const before = this.env;
    const branches = [this.branch(before, () => this.sequence(body))];
    let exhaustive = false;
    for (const clause of node.namedChildren) {
      if (clause?.type === 'elif_clause') {
        const parts = splitAtThen(clause);
        branches.push(this.branch(before, () => (this.sequence(parts.condition), this.sequence(parts.body))));
      } else if (clause?.type === 'else_clause') {
        exhaustive = true;
        branches.push(this.branch(before, () => this.sequence(clause.namedChildren)));
      }
    }
    this.env = Env.merge(before, branches, exhaustive);
  }

  private caseStatement(node: SyntaxNode): void {
    const value = node.childForFieldName('value');
    if (value) this.words.word(value);
    const before = this.env;
    const branches: Env[] = [];
    let exhaustive = false;
    for (const item of node.namedChildren) {
      if (item?.type !== 'case_item') continue;
      const body: SyntaxNode[] = [];
      for (let i = 0; i < item.childCount; i++) {
        const child = item.child(i);
        if (!child?.isNamed) continue;
        if (item.fieldNameForChild(i) === 'value') {
          if (child.text === '*') exhaustive = true;
        } else body.push(child);
      }
      branches.push(this.branch(before, () => this.sequence(body)));
    }
    this.env = Env.merge(before, branches, exhaustive);
  }

  /** Loop bodies run zero or more times, in a loop (every use inside is per record). */
  private loop(node: SyntaxNode): void {
    const variable = node.childForFieldName('variable');
    const body = node.childForFieldName('body');
    const before = this.env;
    for (let i = 0; i < node.childCount; i++) {
      const child = node.child(i);
      const field = node.fieldNameForChild(i);
      // `for x in $(…)` runs once, before the loop.
      if (child && field === 'value') this.words.word(child);
    }
    const after = this.branch(before, () =>
      this.withFlow({ inLoop: true }, () => {
        if (variable) this.env.set(variable.text, { pieces: [{ hole: { reason: 'a loop variable', variable: variable.text }, from: variable.startIndex, to: variable.endIndex, exact: false, site: this.site(), steps: [] }] });
        for (let i = 0; i < node.childCount; i++) {
          const child = node.child(i);
          const field = node.fieldNameForChild(i);
          if (!child?.isNamed || child.id === variable?.id || child.id === body?.id || field === 'value') continue;
          this.walk(child);
        }
        if (body) this.walk(body);
      }),
    );
    this.env = Env.merge(before, [after], false);
  }

  private functionDefinition(node: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? 'function';
    const body = node.childForFieldName('body');
    if (!body) return;
    this.isolated(() => this.withFlow({ scope: `${this.flow.scope}#${name}()`, inLoop: false, stdout: 'terminal', stdin: undefined }, () => this.walk(body)));
  }

  // -------------------------------------------------------------------------
  // Assignments

  private assignmentStep(name: string, valueNode: SyntaxNode | null, at: SyntaxNode, operator = '=') {
    const shown = valueNode ? displayText(this.src, valueNode.startIndex, valueNode.endIndex) : '';
    return { label: `${name}${operator}${shown}`, redacted: `${name}${operator}…`, loc: this.loc(at.startIndex, at.endIndex) };
  }

  private assignment(node: SyntaxNode, array = false): void {
    const nameNode = node.childForFieldName('name');
    const valueNode = node.childForFieldName('value');
    if (!nameNode) return;
    if (nameNode.type !== 'variable_name') {
      // `arr[0]=…`: still run what the value contains.
      if (valueNode) this.words.word(valueNode);
      return;
    }
    const name = nameNode.text;
    let pieces: Piece[];
    if (!valueNode) pieces = [];
    else if (valueNode.type === 'array' || array) {
      this.generic(valueNode);
      pieces = [{ hole: { reason: `$${name} is an array`, variable: name }, from: valueNode.startIndex, to: valueNode.endIndex, exact: false, site: this.site(), steps: [] }];
    } else pieces = this.words.word(valueNode).pieces;
    const append = node.children.some((c) => c?.type === '+=');
    if (append) pieces = [...this.lookup(name, node.startIndex, node.endIndex, this.site()), ...pieces];
    this.env.set(name, { pieces, step: this.assignmentStep(name, valueNode, node, append ? '+=' : '=') });
  }

  private declaration(node: SyntaxNode): void {
    const keyword = node.child(0)?.type;
    const flags = node.namedChildren.filter((c) => c?.type === 'word').map((c) => c!.text);
    const array = flags.some((f) => /^-\w*[aA]/.test(f));
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') this.assignment(child, array);
      else if (child.type === 'variable_name' && (keyword === 'local' || keyword === 'declare' || keyword === 'typeset')) {
        // `local x`: declared, empty.
        this.env.set(child.text, { pieces: [], step: { label: `${keyword} ${child.text}`, redacted: `${keyword} ${child.text}`, loc: this.loc(node.startIndex, node.endIndex) } });
      } else if (child.type !== 'variable_name' && child.type !== 'word') this.walk(child);
    }
  }

  private unset(node: SyntaxNode): void {
    const names = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    if (names.some((n) => n.text === '-f')) return;
    for (const n of names) {
      if (n.text.startsWith('-')) continue;
      this.env.set(n.text, { pieces: [], step: { label: `unset ${n.text}`, redacted: `unset ${n.text}`, loc: this.loc(node.startIndex, node.endIndex) } });
    }
  }

  // -------------------------------------------------------------------------
  // Commands

  private command(node: SyntaxNode): Product | undefined {
    const nameNode = node.childForFieldName('name');
    const prefixes: SyntaxNode[] = [];
    const redirects: SyntaxNode[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment' && (!nameNode || child.startIndex < nameNode.startIndex)) prefixes.push(child);
      else if (child.type === 'file_redirect' || child.type === 'herestring_redirect') redirects.push(child);
    }
    if (!nameNode) {
      for (const a of prefixes) this.assignment(a);
      return undefined;
    }
    // `FOO=1 cmd` sets FOO for cmd only; a prefix on an earlier line is a separate assignment the grammar glued on.
    for (const a of prefixes) {
      if (this.src.text.slice(a.endIndex, nameNode.startIndex).replace(/\\\r?\n/g, '').includes('\n')) this.assignment(a);
      else {
        const value = a.childForFieldName('value');
        if (value) this.words.word(value);
      }
    }
    const program = this.words.word(nameNode.namedChild(0) ?? nameNode);
    const args = node.childrenForFieldName('argument').filter((a): a is SyntaxNode => !!a).map((a) => this.words.word(a));
    if (redirects.length) {
      const wrapper = { ...this.flow };
      // Redirects written among the arguments: same meaning as after them.
      for (const r of redirects) {
        const op = operatorOf(r);
        const dest = r.childForFieldName('destination');
        const destText = dest ? this.words.word(dest).text : undefined;
        if ((op === '>' || op === '>>' || op === '&>') && !r.childForFieldName('descriptor')) wrapper.stdout = destText && STDOUT_DEVICES.has(destText) ? 'terminal' : 'file';
        if (op === '<' && destText) wrapper.stdin = { file: destText };
      }
      return this.withFlow(wrapper, () => this.simpleCommand(node, program, args));
    }
    return this.simpleCommand(node, program, args);
  }

  private simpleCommand(node: SyntaxNode, program: Word, args: Word[]): Product | undefined {
    let inLoop = this.flow.inLoop;
    // Unwrap `sudo -E tcloud …`, `xargs -I{} tcloud …`.
    for (;;) {
      const name = baseName(program.text);
      const wrapper = name ? WRAPPERS[name] : undefined;
      if (!wrapper) break;
      let i = 0;
      let positionals = wrapper.positionals ?? 0;
      while (i < args.length) {
        const t = args[i].text;
        if (t === undefined) break;
        if (t.startsWith('-') && t !== '-') {
          if (t === '--') {
            i++;
            break;
          }
          i += wrapper.valueFlags.includes(t) ? 2 : 1;
          continue;
        }
        if (wrapper.assignments && /^[A-Za-z_]\w*=/.test(t)) {
          i++;
          continue;
        }
        if (positionals > 0) {
          positionals--;
          i++;
          continue;
        }
        break;
      }
      if (i >= args.length) return undefined;
      if (wrapper.loop) inLoop = true;
      program = args[i];
      args = args.slice(i + 1);
    }
    const name = baseName(program.text);
    if (!name) return undefined;
    const site: CommandSite = {
      src: this.src,
      facts: this.facts,
      scope: this.flow.scope,
      inLoop,
      stdout: this.flow.stdout,
      ...(this.flow.stdin ? { stdin: this.flow.stdin } : {}),
      order: () => this.counter.next++,
      from: node.startIndex,
      to: node.endIndex,
      program,
      args,
    };
    switch (name) {
      case 'tcloud':
        return interpretTcloud(site);
      case 'curl':
        return interpretCurl(site);
      case 'echo':
      case 'printf':
      case 'logger':
        return this.print(name, site);
      case 'read':
        this.read(args);
        return undefined;
      case 'sh':
      case 'bash':
      case 'dash':
      case 'ash':
      case 'ksh':
        this.nestedShell(site);
        return undefined;
      default: {
        const stdin = this.flow.stdin;
        const out = commandOutput(name, args, stdin, displayText(this.src, node.startIndex, node.endIndex));
        if (out === 'pass') {
          const product = stdin?.product;
          // A secret passed through a filter (`| base64 -d`) to the terminal is still printed.
          if (product?.kind === 'sensitive' && this.flow.stdout === 'terminal' && (product.value === 'plaintext' || product.value === 'key-material')) {
            this.pushPrint({ value: product.value, sink: 'stdout', loc: product.loc });
          }
          return product;
        }
        return out?.product;
      }
    }
  }

  /** echo/printf/logger of a captured secret. Returns what it writes, for the next pipeline stage. */
  private print(name: string, site: CommandSite): Product | undefined {
    const data = site.args.filter((a) => !(name === 'echo' && /^-[neE]+$/.test(a.text ?? '')));
    // `echo "::add-mask::$SECRET"` tells GitHub Actions to hide the value in its logs: the fix, not the leak.
    const masking = data[0]?.literalPrefix.startsWith('::add-mask::');
    const printed = !masking && (name === 'logger' || site.stdout === 'terminal');
    if (printed) {
      for (const arg of data) {
        const secret = arg.holes.find((h) => h.product?.kind === 'sensitive')?.product;
        if (secret?.kind === 'sensitive') this.pushPrint({ value: secret.value, sink: name, loc: hostLoc(this.src, arg.from, arg.to) });
      }
    }
    // What goes down a pipe: the last argument (printf's data after its format).
    const last = data[data.length - 1];
    if (!last || name === 'logger') return undefined;
    const text = last.text;
    if (text !== undefined) return { kind: 'literal', bytes: Buffer.byteLength(text, 'utf8') };
    const hole = last.soleHole;
    return hole?.product ?? (hole?.variable ? { kind: 'variable', name: hole.variable } : undefined);
  }

  private pushPrint(print: { value: SensitivePrint['value']; sink: string; loc: Loc }): void {
    const at = print.loc.range.start;
    const id = `shell:${print.loc.file}:${at.line}:${at.character}:print`;
    if (this.facts.prints.some((p) => p.id === id)) return;
    this.facts.prints.push({ id, surface: 'shell', ...print });
  }

  /**
   * `sh -c 'tcloud …'`, `bash -ec "…"`: the string is a script of its own, analysed in place (its
   * characters keep their host positions; parts only known at run time stay unknown).
   */
  private nestedShell(site: CommandSite): void {
    const flag = site.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text ?? ''));
    const script = flag >= 0 ? site.args[flag + 1] : undefined;
    if (!script) return;
    const builder = new ShellTextBuilder(this.src.file, this.src.hostText, this.src.hostLines);
    let exact = true;
    for (const piece of script.pieces) {
      if (piece.text !== undefined && piece.exact) {
        // Text written elsewhere (`sh -c "$SCRIPT"`) is mapped, but fixes there would change every use.
        if (piece.site !== script.site) exact = false;
        for (let i = 0; i < piece.text.length; i++) builder.put(piece.text[i], hostStart(this.src, piece.from + i), hostEnd(this.src, piece.from + i + 1));
        continue;
      }
      exact = false;
      const r = pieceRange(piece);
      if (piece.text !== undefined) builder.put(piece.text, hostStart(this.src, r.from), hostEnd(this.src, r.to));
      else builder.marker({ value: unknown(piece.hole?.reason ?? 'only known at run time'), name: piece.hole?.variable ?? 'a value' }, hostStart(this.src, r.from), hostEnd(this.src, r.to));
    }
    const nested = builder.build(whitespacePrefix, exact && this.src.rewritable);
    const tree = this.parser.parse(nested.text);
    if (!tree) return;
    try {
      const flow = { inLoop: site.inLoop, stdout: this.flow.stdout };
      new ShellAnalyzer(nested, this.facts, { scope: this.flow.scope, counter: this.counter }, this.parser, flow).run(tree.rootNode, true);
    } finally {
      tree.delete();
    }
  }

  /** `read [-r] [-p prompt] NAME…`: the names get values only known at run time. */
  private read(args: Word[]): void {
    for (let i = 0; i < args.length; i++) {
      const t = args[i].text;
      if (t === undefined) continue;
      if (t.startsWith('-')) {
        if (READ_VALUE_FLAGS.has(t)) i++;
        continue;
      }
      if (/^[A-Za-z_]\w*$/.test(t)) {
        const w = args[i];
        this.env.set(t, { pieces: [{ hole: { reason: `$${t} is read at run time`, variable: t }, from: w.from, to: w.to, exact: false, site: w.site, steps: [] }] });
      }
    }
  }
}

function operatorOf(redirect: SyntaxNode): string | undefined {
  for (const child of redirect.children) if (child && !child.isNamed) return child.type;
  return undefined;
}

/** `if c; then body`: the named children before and after `then`. */
function splitAtThen(node: SyntaxNode): { condition: SyntaxNode[]; body: SyntaxNode[] } {
  const condition: SyntaxNode[] = [];
  const body: SyntaxNode[] = [];
  let seenThen = false;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'then') seenThen = true;
    else if (child.isNamed && child.type !== 'elif_clause' && child.type !== 'else_clause') (seenThen ? body : condition).push(child);
  }
  return { condition, body };
}

function baseName(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const name = text.slice(text.lastIndexOf('/') + 1);
  return name.endsWith('.exe') ? name.slice(0, -4) : name;
}
