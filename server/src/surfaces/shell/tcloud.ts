// `tcloud` commands → facts: `kms keys create` defines a key; crypto, lifecycle, secrets and DNSSEC
// commands use one; `kms export` / `kms decrypt` to the terminal print secrets. Flags follow
// cobra/pflag: anywhere on the line, `--flag value` or `--flag=value`, booleans only take `=value`.
import type { Attr, KeyDefinition, KeyTarget, KeyUse, Loc, MaterialSource, Payload, SensitivePrint, TraceStep, UsePurpose, Value } from '../../engine/types';
import { known, unknown, via } from '../../engine/value';
import { environmentFromPath } from '../common';
import { literalPayload } from '../rest/payload';
import { afterLastArgument, insertBefore, loc, removeArgsLoc, wordLoc, writtenText, type CommandSite } from './commandLine';
import { displayText } from './shellSource';
import { holeMaterial, holePayload, type Product, type Word } from './words';

const KEY_GROUP = new Set(['keys', 'key', 'k']);

/** `tcloud kms keys <action>` (with cobra aliases). */
const KEY_ACTIONS: Record<string, UsePurpose | 'create' | 'list'> = {
  create: 'create',
  delete: 'delete',
  rm: 'delete',
  remove: 'delete',
  disable: 'disable',
  enable: 'enable',
  rotate: 'rotate',
  rotation: 'rotation-update',
  'cancel-deletion': 'cancel-deletion',
  view: 'get',
  get: 'get',
  show: 'get',
  list: 'list',
  ls: 'list',
};

/** `tcloud kms <operation> --key K`. */
const KEY_OPERATIONS: Record<string, UsePurpose> = {
  encrypt: 'encrypt',
  decrypt: 'decrypt',
  sign: 'sign',
  verify: 'verify',
  hmac: 'hmac',
  'verify-hmac': 'verify-hmac',
  export: 'export',
  'public-key': 'public-key',
};

/** Flags that take a value (every tcloud command's; a name means the same wherever it appears). */
const VALUE_FLAGS = new Set([
  '--region', '--name', '--key-type', '--description', '--labels', '--annotations', '--rotation-period-days',
  '--import-key-material', '--hash-function', '--period-days', '--key', '--plaintext', '--ciphertext', '--from-file',
  '--to-file', '--key-version', '--input', '--hash-algorithm', '--context', '--signature', '--signature-file', '--hmac',
  '--hmac-file', '--algorithm', '--version', '--path', '--kms-key', '--string', '--kv', '--policy-file', '--output',
  '--access-token', '--api', '--client-id', '--client-secret', '--organisation', '--project', '--token',
]);

const SHORT_FLAGS: Record<string, string> = { '-c': '--context', '-O': '--organisation', '-P': '--project', '-o': '--output', '-h': '--help' };

/** Global flags that pick the account/project a command runs against: a generated command needs them too. */
const CONNECTION_FLAGS = ['--context', '--organisation', '--project', '--api', '--access-token', '--token', '--client-id', '--client-secret', '--ignore-dir-config'];

/** Flags whose values are secrets: their traces never show the value. */
const SECRET_FLAGS = new Set(['--import-key-material', '--plaintext', '--ciphertext', '--input', '--signature', '--hmac', '--token', '--access-token', '--client-secret', '--string', '--kv']);

interface Flag {
  /** Long name (`-P` → `--project`). */
  name: string;
  /** Indices into the command's args of its first and last word. */
  first: number;
  last: number;
  /** `--flag value` / `--flag=value`: the value; absent for a bare boolean. */
  value?: Word;
}

interface ParsedArgs {
  flags: Flag[];
  positionals: { word: Word; index: number }[];
}

function parseArgs(args: Word[]): ParsedArgs {
  const flags: Flag[] = [];
  const positionals: ParsedArgs['positionals'] = [];
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const literal = word.literalPrefix;
    if (onlyPositionals || !literal.startsWith('-') || literal === '-') {
      positionals.push({ word, index: i });
      continue;
    }
    if (word.text === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = literal.indexOf('=');
    const written = eq > 0 ? literal.slice(0, eq) : literal;
    const name = SHORT_FLAGS[written] ?? written;
    if (eq > 0) flags.push({ name, first: i, last: i, value: word.sliceAfter(eq + 1) });
    else if (VALUE_FLAGS.has(name) && i + 1 < args.length) flags.push({ name, first: i, last: i + 1, value: args[++i] });
    else flags.push({ name, first: i, last: i });
  }
  return { flags, positionals };
}

type Command =
  | { kind: 'create' }
  | { kind: 'use'; purpose: UsePurpose; keyFrom: 'flag' | 'positional' }
  | { kind: 'secret' }
  | { kind: 'dnssec' };

/** The command the positional words name, how many of them are the command path, and where its name starts. */
function resolveCommand(words: (string | undefined)[]): { command: Command; pathLength: number; nameStart: number } | undefined {
  const [group, second, third, fourth] = words;
  if (group === 'kms') {
    if (second && KEY_GROUP.has(second)) {
      const action = third ? KEY_ACTIONS[third] : undefined;
      if (!action || action === 'list') return undefined;
      if (action === 'create') return { command: { kind: 'create' }, pathLength: 3, nameStart: 1 };
      return { command: { kind: 'use', purpose: action, keyFrom: 'positional' }, pathLength: 3, nameStart: 1 };
    }
    const purpose = second ? KEY_OPERATIONS[second] : undefined;
    if (purpose) return { command: { kind: 'use', purpose, keyFrom: 'flag' }, pathLength: 2, nameStart: 1 };
    return undefined;
  }
  if ((group === 'secrets' || group === 'secret') && second === 'create') return { command: { kind: 'secret' }, pathLength: 2, nameStart: 0 };
  if (group === 'dns' && (second === 'zones' || second === 'zone') && third === 'dnssec' && fourth === 'enable') {
    return { command: { kind: 'dnssec' }, pathLength: 4, nameStart: 2 };
  }
  return undefined;
}

const ENVIRONMENT_LABELS = ['environment', 'env', 'stage'];

/** `prod-orders`, `staging.example.com` → the environment word among its parts. */
function environmentOfText(text: string): string | undefined {
  return environmentFromPath(text.split(/[^A-Za-z0-9]+/).join('/'));
}

/** Go's strconv.ParseBool, which pflag uses for `--flag=value`. */
function parseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/** Interprets one `tcloud …` command; returns what it writes to stdout when that matters. */
export function interpretTcloud(site: CommandSite): Product | undefined {
  const parsed = parseArgs(site.args);
  const resolved = resolveCommand(parsed.positionals.map((p) => p.word.text));
  if (!resolved) return undefined;
  return new TcloudCommand(site, parsed, resolved).facts();
}

class TcloudCommand {
  private readonly start: Loc;
  private readonly extra: ParsedArgs['positionals'];

  constructor(
    private readonly site: CommandSite,
    private readonly parsed: ParsedArgs,
    private readonly resolved: { command: Command; pathLength: number; nameStart: number },
  ) {
    this.start = loc(site, site.from, site.from);
    this.extra = parsed.positionals.slice(resolved.pathLength);
  }

  facts(): Product | undefined {
    const { command } = this.resolved;
    switch (command.kind) {
      case 'create': {
        const key = this.keyDefinition();
        this.site.facts.keys.push(key);
        return { kind: 'key', defId: key.id };
      }
      case 'use':
        return this.keyUse(command.purpose, command.keyFrom);
      case 'secret':
        return this.consumer('secret');
      case 'dnssec':
        return this.consumer('dnssec');
    }
  }

  // -------------------------------------------------------------------------
  // Flags

  private flag(name: string): Flag | undefined {
    // pflag: the last occurrence wins.
    for (let i = this.parsed.flags.length - 1; i >= 0; i--) if (this.parsed.flags[i].name === name) return this.parsed.flags[i];
    return undefined;
  }

  /** The flag with its value as written. */
  private flagLoc(flag: Flag): Loc {
    return loc(this.site, this.site.args[flag.first].from, this.site.args[flag.last].to);
  }

  /** The trace step of a flag: as written, without the value for secret flags. */
  private flagStep(flag: Flag): TraceStep {
    if (SECRET_FLAGS.has(flag.name) || !flag.value) return { label: flag.name, loc: this.flagLoc(flag) };
    return { label: displayText(this.site.src, this.site.args[flag.first].from, this.site.args[flag.last].to, 80), loc: this.flagLoc(flag) };
  }

  /** A flag's value, with the flag as the first trace step (values of secret flags left out). */
  private flagValue(flag: Flag): Value<string> {
    const value = flag.value ? flag.value.value(SECRET_FLAGS.has(flag.name)) : known('true');
    return via(this.flagStep(flag), value);
  }

  private stringFlag(name: string, missing: string): Value<string> {
    const flag = this.flag(name);
    return flag?.value ? this.flagValue(flag) : unknown(missing);
  }

  /** Words the shell may split into more arguments (`$EXTRA_ARGS`) where no argument is expected: they may hold any flag. */
  private get opaque(): boolean {
    const expected = this.resolved.command.kind === 'use' && this.resolved.command.keyFrom === 'positional' ? 1 : this.resolved.command.kind === 'dnssec' ? 1 : 0;
    return this.extra.slice(expected).some((p) => p.word.text === undefined);
  }

  private attrLocs(flag: Flag): Pick<Attr<unknown>, 'present' | 'loc' | 'valueLoc' | 'removeLoc'> {
    return {
      present: true,
      loc: this.flagLoc(flag),
      ...(flag.value ? { valueLoc: wordLoc(this.site, flag.value) } : {}),
      ...(this.site.src.rewritable ? { removeLoc: removeArgsLoc(this.site, flag.first, flag.last) } : {}),
    };
  }

  private absent<T>(name: string, whenAbsent: Value<T>): Attr<T> {
    if (this.opaque) return { present: false, value: unknown(`arguments only known at run time may set ${name}`) };
    return { present: false, value: whenAbsent };
  }

  private boolAttr(name: string): Attr<boolean> {
    const flag = this.flag(name);
    if (!flag) return this.absent(name, known(false, [{ label: `${name} not set: the default is false` }]));
    const value = this.flagValue(flag);
    let result: Value<boolean>;
    if (!flag.value) result = known(true, value.trace);
    else if (!value.known) result = unknown(value.reason, value.trace);
    else {
      const b = parseBool(value.value);
      result = b === undefined ? unknown(`${name}=${value.value} is not a boolean`, value.trace) : known(b, value.trace);
    }
    return { ...this.attrLocs(flag), value: result };
  }

  private numberAttr(name: string): Attr<number> {
    const flag = this.flag(name);
    if (!flag?.value) return this.absent(name, unknown(`${name} not set`));
    const value = this.flagValue(flag);
    let result: Value<number>;
    if (!value.known) result = unknown(value.reason, value.trace);
    else result = /^-?\d+$/.test(value.value) ? known(Number(value.value), value.trace) : unknown(`${name} ${value.value} is not a number`, value.trace);
    return { ...this.attrLocs(flag), value: result };
  }

  private materialAttr(): Attr<MaterialSource> {
    const name = '--import-key-material';
    const flag = this.flag(name);
    if (!flag?.value) return this.absent(name, unknown(`${name} not set`));
    const value = this.flagValue(flag);
    const word = flag.value;
    const hole = word.soleHole;
    const material = hole && holeMaterial(hole);
    let result: Value<MaterialSource>;
    if (value.known) result = known({ kind: 'literal', text: value.value }, value.trace);
    else if (material) result = known(material, value.trace);
    else result = unknown(value.reason, value.trace);
    return { ...this.attrLocs(flag), value: result };
  }

  // -------------------------------------------------------------------------
  // Facts

  private nameLoc(): Loc {
    const path = this.parsed.positionals.slice(this.resolved.nameStart, this.resolved.pathLength);
    return loc(this.site, path[0].word.from, path[path.length - 1].word.to);
  }

  private id(kind: string): string {
    const at = this.start.range.start;
    return `shell:${this.site.src.file}:${at.line}:${at.character}:${kind}`;
  }

  private region(): { value: Value<string>; loc?: Loc; literal?: boolean } {
    const flag = this.flag('--region');
    if (!flag?.value) return { value: this.opaque ? unknown('arguments only known at run time may set --region') : unknown('no --region') };
    const literal = flag.value.pieces.every((p) => p.text !== undefined && !p.steps.length);
    return { value: this.flagValue(flag), loc: wordLoc(this.site, flag.value), literal };
  }

  /** The environment a created key is for: an `env`/`environment`/`stage` label, else a word of its name. */
  private environment(name: Value<string>): Value<string> | undefined {
    for (const flag of this.parsed.flags) {
      if (flag.name !== '--labels' || !flag.value) continue;
      const labels = this.flagValue(flag);
      if (!labels.known) continue;
      for (const pair of labels.value.split(',')) {
        const eq = pair.indexOf('=');
        if (eq < 0 || !ENVIRONMENT_LABELS.includes(pair.slice(0, eq).trim().toLowerCase())) continue;
        const env = environmentOfText(pair.slice(eq + 1));
        if (env) return known(env, labels.trace);
      }
    }
    const env = name.known ? environmentOfText(name.value) : undefined;
    return env ? known(env, name.trace) : undefined;
  }

  private keyDefinition(): KeyDefinition {
    const region = this.region();
    const keyType = this.flag('--key-type');
    const name = this.stringFlag('--name', 'no --name');
    const environment = this.environment(name);
    return {
      id: this.id('key'),
      kind: 'api-create',
      surface: 'shell',
      loc: loc(this.site, this.site.from, this.site.to),
      nameLoc: this.nameLoc(),
      name,
      ...(environment ? { environment } : {}),
      region: region.value,
      ...(region.loc ? { regionLoc: region.loc } : {}),
      keyType: keyType?.value ? this.flagValue(keyType) : known('aes256-gcm96', [{ label: '--key-type not set: the API default is aes256-gcm96' }]),
      exportAllowed: this.boolAttr('--export-allowed'),
      rotationEnabled: this.boolAttr('--rotation-enabled'),
      rotationDays: this.numberAttr('--rotation-period-days'),
      importMaterial: this.materialAttr(),
      allowRotation: this.boolAttr('--allow-rotation'),
      status: { present: false, value: known('active', [{ label: 'a created key is active' }]) },
      ...(this.site.src.rewritable ? { writer: { style: 'cli' as const, insertAt: afterLastArgument(this.site), before: ' ', after: '' } } : {}),
      scope: this.site.scope,
      order: this.site.order(),
    };
  }

  /** What a word names as a key: the key a captured create returned, or the text written. */
  private target(word: Word | undefined, step: TraceStep | undefined, missing: string): Value<KeyTarget> {
    if (!word) return unknown(missing);
    const value = word.value();
    const trace = step ? [step, ...value.trace] : value.trace;
    const product = word.soleHole?.product;
    if (product?.kind === 'key') return known({ defId: product.defId }, trace);
    if (!value.known) return unknown(value.reason, trace);
    return known({ text: value.value }, trace);
  }

  private baseUse(purpose: UsePurpose, keyWord: Word | undefined, keyStep: TraceStep | undefined, missing: string): KeyUse {
    const region = this.region();
    const nameLoc = this.nameLoc();
    return {
      id: this.id(purpose),
      surface: 'shell',
      purpose,
      key: this.target(keyWord, keyStep, missing),
      keyLoc: keyWord ? wordLoc(this.site, keyWord) : nameLoc,
      region: region.value,
      ...(region.loc ? { regionLoc: region.loc } : {}),
      // A region written as a literal can be replaced by the key's region.
      ...(region.loc && region.literal && this.site.src.rewritable ? { regionWriter: { style: 'cli' as const, insertAt: region.loc, before: '', after: '' } } : {}),
      loc: loc(this.site, this.site.from, this.site.to),
      nameLoc,
      inLoop: this.site.inLoop,
      scope: this.site.scope,
      order: this.site.order(),
    };
  }

  private keyUse(purpose: UsePurpose, keyFrom: 'flag' | 'positional'): Product | undefined {
    let keyWord: Word | undefined;
    let keyStep: TraceStep | undefined;
    const keyFlag = this.flag('--key');
    if (keyFrom === 'flag' && keyFlag?.value) {
      keyWord = keyFlag.value;
      keyStep = this.flagStep(keyFlag);
    } else {
      keyWord = this.extra[0]?.word;
    }
    const use = this.baseUse(purpose, keyWord, keyStep, keyFrom === 'flag' ? 'no --key' : 'no key argument');
    if (purpose === 'encrypt' || purpose === 'decrypt') {
      const payload = this.payload(purpose);
      if (payload) use.payload = payload;
    }
    if (purpose === 'delete' && keyWord && this.site.src.rewritable) use.statementStart = insertBefore(this.site, this.disableCommand(keyWord));
    this.site.facts.uses.push(use);
    return this.output(purpose);
  }

  private consumer(purpose: 'secret' | 'dnssec'): Product | undefined {
    const keyFlag = this.flag('--kms-key');
    // Without --kms-key the platform picks or provisions the key: nothing in the workspace is referenced.
    if (!keyFlag?.value) return undefined;
    const use = this.baseUse(purpose, keyFlag.value, this.flagStep(keyFlag), 'no --kms-key');
    if (purpose === 'secret') {
      const pathFlag = this.flag('--path');
      const path = pathFlag?.value ? this.flagValue(pathFlag) : undefined;
      if (path?.known) {
        use.consumer = path.value;
        const env = environmentFromPath(path.value);
        if (env) use.environment = known(env, path.trace);
      }
    } else {
      const zone = this.extra[0]?.word.value();
      if (zone?.known) {
        use.consumer = `DNS zone ${zone.value}`;
        const env = environmentOfText(zone.value);
        if (env) use.environment = known(env, zone.trace);
      }
    }
    this.site.facts.uses.push(use);
    return undefined;
  }

  /** `tcloud kms keys disable <key> --region <region>` with the connection flags of this command, as written. */
  private disableCommand(keyWord: Word): string {
    const parts = [writtenText(this.site, this.site.program), 'kms', 'keys', 'disable', writtenText(this.site, keyWord)];
    const region = this.flag('--region');
    if (region?.value) parts.push('--region', writtenText(this.site, region.value));
    for (const flag of this.parsed.flags) {
      if (!CONNECTION_FLAGS.includes(flag.name)) continue;
      for (let i = flag.first; i <= flag.last; i++) parts.push(writtenText(this.site, this.site.args[i]));
    }
    return parts.join(' ');
  }

  /** Where an encrypt/decrypt payload comes from. */
  private payload(purpose: 'encrypt' | 'decrypt'): Payload | undefined {
    const fromFile = this.flag('--from-file');
    if (fromFile?.value) {
      const path = fromFile.value.text;
      const where = wordLoc(this.site, fromFile.value);
      if (path === '-') return { source: 'stream', via: '--from-file - (stdin)', loc: where };
      return { source: 'file', via: `--from-file ${displayText(this.site.src, fromFile.value.from, fromFile.value.to)}`, ...(path !== undefined ? { path } : {}), loc: where };
    }
    const flag = this.flag(purpose === 'encrypt' ? '--plaintext' : '--ciphertext');
    if (!flag?.value) return undefined;
    const word = flag.value;
    const where = wordLoc(this.site, word);
    const name = word.variable;
    const named = name ? { name } : {};
    const text = word.text;
    if (text !== undefined) {
      // A ciphertext's length says nothing about the data behind it; only plaintext sizes count.
      if (purpose === 'decrypt') return { source: 'literal', via: 'a literal', loc: where, ...named };
      return literalPayload(text, where, name);
    }
    const hole = word.soleHole;
    return (hole && holePayload(hole, where, name)) ?? { source: 'unknown', loc: where, ...named };
  }

  /** What the command prints, and a finding when it prints a secret to the terminal. */
  private output(purpose: UsePurpose): Product | undefined {
    const printed: Partial<Record<UsePurpose, SensitivePrint['value']>> = { decrypt: 'plaintext', export: 'key-material', sign: 'signature', hmac: 'hmac' };
    const value = printed[purpose];
    if (!value) return undefined;
    if (this.flag('--to-file')) return undefined;
    const words = this.parsed.positionals.slice(0, this.resolved.pathLength);
    const commandLoc = loc(this.site, this.site.program.from, words[words.length - 1].word.to);
    if (this.site.stdout === 'terminal' && (purpose === 'decrypt' || purpose === 'export')) {
      this.site.facts.prints.push({
        id: this.id('print'),
        surface: 'shell',
        value,
        sink: 'stdout',
        loc: commandLoc,
        ...(this.site.src.rewritable ? { fix: this.toFileFix(purpose) } : {}),
      });
    }
    return { kind: 'sensitive', value, loc: commandLoc };
  }

  /**
   * decrypt has `--to-file` (written with mode 0600); export has no such flag, so its output is
   * redirected to a file instead.
   */
  private toFileFix(purpose: UsePurpose) {
    const insertAt = afterLastArgument(this.site);
    const edit = (text: string) => ({ file: insertAt.file, range: insertAt.range, newText: text });
    if (purpose === 'decrypt') return { title: 'Write the output to a file with --to-file', edits: [edit(` --to-file ${this.outputName(purpose)}.bin`)] };
    return { title: 'Redirect the output to a file', edits: [edit(` > ${this.outputName(purpose)}.bin`)] };
  }

  /** A file name for the output: decrypt's input file with another extension, else what it holds. */
  private outputName(purpose: UsePurpose): string {
    if (purpose === 'export') return 'key-material';
    const input = this.flag('--from-file')?.value?.text;
    const base = input && /^[A-Za-z0-9._-]+$/.test(input) ? input.replace(/\.[^.]*$/, '') : undefined;
    return base || 'plaintext';
  }
}
