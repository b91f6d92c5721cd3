// Dockerfiles: every `RUN` is a shell script of its own (shell form, BuildKit heredocs, and the
// exec form as the words it runs); `ENV` and `ARG` give the variables it starts with. Docker joins
// continued lines before the shell sees them and drops comment lines inside them; so does this.
import * as path from 'path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { emptyFacts } from '../../engine/engine';
import type { FactSet, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, lineSpans, mergeFacts, type LineSpan } from '../common';
import { analyzeShell } from '../shell/analyzer';
import { ShellTextBuilder, type HostVariable, type ShellSource } from '../shell/shellSource';
import { lineComment } from './embeddedShell';

/** `Dockerfile.prod` is a Dockerfile; `Dockerfile.md` or a source file named after Dockerfiles is not. */
const NOT_DOCKERFILE = /\.(md|markdown|rst|txt|json|ya?ml|toml|ini|cfg|xml|html|ts|tsx|js|mjs|cjs|go|py|rb|java|sh|bash|dockerignore)$/i;

export function isDockerfile(file: string): boolean {
  const base = path.basename(file);
  if (/^(Dockerfile|Containerfile)$/.test(base)) return true;
  if (/^(Dockerfile|Containerfile)\./.test(base)) return !NOT_DOCKERFILE.test(base);
  return /\.(dockerfile|containerfile)$/i.test(base);
}

interface Instruction {
  keyword: string;
  /** Host offset where the arguments start (after the keyword and its blanks). */
  argsStart: number;
  /** Content pieces in host order: each physical line's part, continuations and comment lines left out. */
  parts: LineSpan[];
  /** BuildKit heredocs (`<<EOF` … `EOF`) after the instruction, in order. */
  heredocs: { body: LineSpan[]; end: LineSpan }[];
}

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash']);

class Dockerfile {
  readonly facts: FactSet = emptyFacts();
  readonly lines: LineIndex;
  private readonly physical: LineSpan[] = [];
  private escape = '\\';
  readonly instructions: Instruction[] = [];

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

  /** The line ends with the escape character (trailing blanks allowed): the instruction continues. */
  private continued(l: LineSpan): number | undefined {
    let e = l.end;
    while (e > l.start && (this.text[e - 1] === ' ' || this.text[e - 1] === '\t')) e--;
    return e > l.start && this.text[e - 1] === this.escape ? e - 1 : undefined;
  }

  private parse(): void {
    let directives = true;
    for (let i = 0; i < this.physical.length; i++) {
      const line = this.physical[i];
      const text = this.lineText(line);
      const trimmed = text.trimStart();
      if (trimmed.startsWith('#')) {
        const directive = directives ? /^#\s*escape\s*=\s*(\S)\s*$/i.exec(trimmed) : null;
        if (directive) this.escape = directive[1];
        this.facts.comments.push(lineComment(this.file, this.lines, this.text, line.start + text.length - trimmed.length));
        continue;
      }
      directives = false;
      if (trimmed === '') continue;
      const keyword = /^([A-Za-z]+)(\s+|$)/.exec(trimmed);
      if (!keyword) continue;
      const argsStart = line.start + (text.length - trimmed.length) + keyword[0].length;
      const parts: LineSpan[] = [];
      let current: LineSpan = { start: argsStart, end: line.end };
      for (;;) {
        const cont = this.continued(current);
        if (cont === undefined || i + 1 >= this.physical.length) {
          parts.push(current);
          break;
        }
        parts.push({ start: current.start, end: cont });
        // Comment lines and empty lines inside a continued instruction are dropped by Docker.
        i++;
        while (i < this.physical.length) {
          const t = this.lineText(this.physical[i]).trimStart();
          if (t.startsWith('#')) this.facts.comments.push(lineComment(this.file, this.lines, this.text, this.physical[i].end - t.length));
          else if (t !== '') break;
          i++;
        }
        if (i >= this.physical.length) break;
        current = this.physical[i];
      }
      const ins: Instruction = { keyword: keyword[1].toUpperCase(), argsStart, parts, heredocs: [] };
      this.instructions.push(ins);
      // Heredoc bodies are the instruction's, not instructions of their own.
      const joined = parts.map((p) => this.text.slice(p.start, p.end)).join('');
      for (const m of joined.matchAll(/<<(-?)(["']?)([A-Za-z_][\w-]*)\2/g)) {
        const body: LineSpan[] = [];
        while (++i < this.physical.length) {
          const l = this.physical[i];
          const t = this.lineText(l);
          if ((m[1] ? t.replace(/^\t+/, '') : t) === m[3]) {
            ins.heredocs.push({ body, end: l });
            break;
          }
          body.push(l);
        }
      }
    }
  }

  get windowsEscape(): boolean {
    return this.escape !== '\\';
  }

  /** The instruction's arguments as one string (continuations joined), with the host offset of each character. */
  joined(ins: Instruction): { text: string; offsets: number[] } {
    let text = '';
    const offsets: number[] = [];
    for (const part of ins.parts) {
      for (let i = part.start; i < part.end; i++) {
        text += this.text[i];
        offsets.push(i);
      }
    }
    return { text, offsets };
  }
}

/** ENV/ARG words: `K=V K2="v 2"` (quotes and escapes removed, `$VAR` from what is set before). */
function assignments(text: string, env: Map<string, HostVariable>): { name: string; value?: Value<string> }[] {
  const out: { name: string; value?: Value<string> }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    let word = '';
    let dynamic: string | undefined;
    let quote: string | undefined;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (!quote && /\s/.test(ch)) break;
      if (ch === '\\' && quote !== "'" && i + 1 < text.length) {
        word += text[++i];
        continue;
      }
      if ((ch === '"' || ch === "'") && (!quote || quote === ch)) {
        quote = quote ? undefined : ch;
        continue;
      }
      if (ch === '$' && quote !== "'") {
        const m = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(text.slice(i));
        const name = m?.[1] ?? m?.[2];
        const v = name ? env.get(name)?.value : undefined;
        if (m && v?.known) {
          word += v.value;
          i += m[0].length - 1;
          continue;
        }
        dynamic = name ? `refers to $${name}, unknown here` : 'uses a substitution';
      }
      word += ch;
    }
    const eq = word.indexOf('=');
    if (eq > 0) out.push({ name: word.slice(0, eq), value: dynamic ? unknown(dynamic) : known(word.slice(eq + 1)) });
    else out.push({ name: word });
  }
  return out;
}

/** A JSON string node's content with the host offset of each character (escapes decoded). */
function jsonString(builder: ShellTextBuilder, text: string, node: JsonNode, base: number): void {
  const start = base + node.offset + 1;
  const end = base + node.offset + node.length - 1;
  for (let i = start; i < end; i++) {
    if (text[i] !== '\\') {
      builder.copy(i, i + 1);
      continue;
    }
    const next = text[i + 1];
    if (next === 'u') {
      builder.put(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
      i += 5;
      continue;
    }
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
    builder.put(map[next] ?? next, i, i + 2);
    i++;
  }
}

/** A new `RUN` line may go above a `RUN` that holds nothing but the command. */
function runPrefix(prefix: string): string | undefined {
  return /^[ \t]*RUN[ \t]+$/i.test(prefix) ? prefix : undefined;
}

export async function extractDockerfile(file: string, text: string): Promise<FactSet> {
  const docker = new Dockerfile(file, text);
  if (docker.windowsEscape) {
    docker.facts.notes.push({ file, message: 'RUN instructions not checked: the escape directive makes this a Windows Dockerfile' });
    return docker.facts;
  }
  const scope = `docker:${file}`;
  const counter = { next: 0 };
  const globalArgs = new Map<string, HostVariable>();
  let env = new Map<string, HostVariable>();
  let posixShell = true;
  let seenFrom = false;
  for (const ins of docker.instructions) {
    const { text: args, offsets } = docker.joined(ins);
    const loc = offsets.length ? docker.lines.loc(file, offsets[0], offsets[offsets.length - 1] + 1) : undefined;
    const variable = (name: string, value: Value<string>, label: string): HostVariable => ({ name, value, label, ...(loc ? { loc } : {}) });
    switch (ins.keyword) {
      case 'FROM':
        // A new stage starts with only the global ARG defaults (and only once re-declared).
        env = new Map();
        seenFrom = true;
        posixShell = true;
        continue;
      case 'ARG':
        for (const a of assignments(args, env)) {
          const global = globalArgs.get(a.name);
          const inherited = global && { ...global.value, trace: [{ label: global.label, ...(global.loc ? { loc: global.loc } : {}) }] };
          const value = a.value ?? inherited ?? unknown(`build argument ${a.name} has no default`);
          const v = variable(a.name, value, `ARG ${a.name}${a.value?.known ? `=${a.value.value}` : ''}`);
          if (seenFrom) env.set(a.name, v);
          else globalArgs.set(a.name, v);
        }
        continue;
      case 'ENV': {
        const list = assignments(args, env);
        // Legacy `ENV NAME value`.
        if (list.length >= 2 && list[0].value === undefined) {
          const name = list[0].name;
          const rest = args.slice(args.indexOf(name) + name.length).trim();
          env.set(name, variable(name, known(rest), `ENV ${name} ${rest}`));
          continue;
        }
        for (const a of list) if (a.value) env.set(a.name, variable(a.name, a.value, `ENV ${a.name}=${a.value.known ? a.value.value : '…'}`));
        continue;
      }
      case 'SHELL': {
        const tree = parseTree(args);
        const program = tree?.type === 'array' ? tree.children?.[0]?.value : undefined;
        posixShell = typeof program === 'string' && POSIX_SHELLS.has(path.posix.basename(program));
        continue;
      }
      case 'RUN': {
        const source = posixShell ? runSource(docker, ins, args, offsets) : undefined;
        if (source) mergeFacts(docker.facts, await analyzeShell(source, { scope, env, counter }));
        continue;
      }
    }
  }
  return docker.facts;
}

/** The shell script of one RUN: shell form, heredoc, or exec form. */
function runSource(docker: Dockerfile, ins: Instruction, args: string, offsets: number[]): ShellSource | undefined {
  const builder = new ShellTextBuilder(docker.file, docker.text, docker.lines);
  // Options before the command: `--mount=type=secret,id=x`, `--network=none`.
  let skip = 0;
  for (;;) {
    const m = /^--[\w-]+(=\S*)?\s+/.exec(args.slice(skip));
    if (!m) break;
    skip += m[0].length;
  }
  const command = args.slice(skip);
  if (command.startsWith('[')) return execForm(docker, builder, command, offsets[skip]);

  if (/^<<-?(["']?)[A-Za-z_][\w-]*\1\s*$/.test(command)) {
    // `RUN <<EOF` alone: the body is the script.
    const heredoc = ins.heredocs[0];
    if (!heredoc) return undefined;
    for (const l of heredoc.body) builder.copy(l.start, l.end).put('\n', l.end, l.end);
    return builder.build(runPrefix);
  }
  for (let i = skip; i < args.length; i++) builder.copy(offsets[i], offsets[i] + 1);
  // `RUN cat <<EOF > f`: the heredoc lines are the shell's, as written.
  if (ins.heredocs.length) {
    const last = offsets[offsets.length - 1] + 1;
    builder.put('\n', last, last);
    for (const h of ins.heredocs) for (const l of [...h.body, h.end]) builder.copy(l.start, l.end).put('\n', l.end, l.end);
  }
  return builder.build(runPrefix);
}

/**
 * `RUN ["tcloud", "kms", …]` runs the words without a shell; `RUN ["sh", "-c", "script"]` runs the
 * script. Words are rebuilt as single-quoted shell words, so fixes may not edit them as shell text.
 */
function execForm(docker: Dockerfile, builder: ShellTextBuilder, command: string, base: number): ShellSource | undefined {
  const tree = parseTree(command);
  const items = tree?.type === 'array' ? tree.children ?? [] : [];
  if (!items.length || items.some((n) => n.type !== 'string')) return undefined;
  const words = items.map((n) => String(n.value));
  if (POSIX_SHELLS.has(path.posix.basename(words[0])) && /^-\w*c$/.test(words[1] ?? '') && items[2]) {
    jsonString(builder, docker.text, items[2], base);
    return builder.build(runPrefix);
  }
  // Each word becomes one single-quoted shell word (a quote inside would need rewriting: skipped).
  if (words.some((w) => w.includes("'"))) return undefined;
  items.forEach((node, n) => {
    const open = base + node.offset;
    const close = base + node.offset + node.length - 1;
    if (n > 0) builder.put(' ', open, open);
    builder.put("'", open, open + 1);
    jsonString(builder, docker.text, node, base);
    builder.put("'", close, close + 1);
  });
  return builder.build(runPrefix, false);
}
