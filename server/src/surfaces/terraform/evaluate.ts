// Static evaluation of a Terraform module instance: variables (defaults, tfvars, module call
// arguments), locals, resource/data attributes, module outputs, for_each/count instances and a
// few pure functions. Whatever cannot be decided statically is unknown with a reason.
import * as path from 'path';
import type { Loc } from '../../engine/types';
import { callFunction } from './functions';
import { attribute, referenceText, spanLoc, type AccessStep, type Attribute, type Block, type Expr, type HclFile, type Span } from './hclAst';
import { boolOf, numberOf, stringOf, unknownVal, val, type Data, type Primitive, type RefObject, type Step, type Val } from './values';

export const KMS_KEY_TYPE = 'thalassa_kms_key';
const MAX_MODULE_DEPTH = 16;
const MAX_INSTANCES = 256;
/** Deeper expression/reference nesting than this is unknown (and keeps the stack safe). */
const MAX_EVALUATION_DEPTH = 300;
/** Current nesting of `evaluate` calls; evaluation is synchronous, so one counter serves all modules. */
let evaluationDepth = 0;
/** Arguments of a module block that are not input variables. */
const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** The code of one module directory: its configuration files and what they declare. */
export class ModuleCode {
  readonly variables = new Map<string, Block>();
  readonly locals = new Map<string, Attribute>();
  readonly resources = new Map<string, Block[]>();
  readonly dataSources = new Map<string, Block[]>();
  readonly moduleCalls = new Map<string, Block>();
  readonly outputs = new Map<string, Block>();
  readonly blocks: Block[] = [];

  constructor(
    readonly dir: string,
    readonly files: HclFile[],
  ) {
    for (const file of files) {
      for (const block of file.body.blocks) {
        this.blocks.push(block);
        const [a, b] = block.labels.map((l) => l.value);
        if (block.type === 'variable' && a !== undefined) setFirst(this.variables, a, block);
        else if (block.type === 'locals') for (const attr of block.body.attributes) setFirst(this.locals, attr.name, attr);
        else if (block.type === 'resource' && b !== undefined) push(this.resources, `${a}.${b}`, block);
        else if (block.type === 'data' && b !== undefined) push(this.dataSources, `${a}.${b}`, block);
        else if (block.type === 'module' && a !== undefined) setFirst(this.moduleCalls, a, block);
        else if (block.type === 'output' && a !== undefined) setFirst(this.outputs, a, block);
      }
    }
  }
}

function setFirst<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key)) map.set(key, value);
}
function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What the evaluator needs from the workspace. */
export interface ModuleLookup {
  moduleAt(dir: string): ModuleCode | undefined;
}

/** The root module being evaluated: the unit facts are scoped to. */
export interface RootModule {
  dir: string;
  /** Names the root in definition ids: its folder, or the scope of a standalone text. */
  key: string;
  /** Scope of the root module's facts; a child module's is this plus `:module.NAME`. */
  scope: string;
  /** Values from terraform.tfvars and *.auto.tfvars, in load order (later wins). */
  tfvars: Map<string, Attribute>;
}

/** One instance of a resource/data/module block: its address key and `each`/`count` values. */
export interface Instance {
  key?: string | number;
  each?: { key: Val; value: Val };
  countIndex?: Val;
  /** count/for_each could not be evaluated: each.* / count.index are unknown for this reason. */
  unknownReason?: string;
}

export interface Env {
  module: ModuleInstance;
  instance?: Instance;
}

export interface ChildModule {
  instance: Instance;
  call: Block;
  module?: ModuleInstance;
  /** Why the child module cannot be evaluated (remote source, cycle …). */
  reason?: string;
}

interface Input {
  value: () => Val;
  site: Loc;
}

export function instanceKeyText(key: string | number | undefined): string {
  return key === undefined ? '' : `[${JSON.stringify(key)}]`;
}

/** A module evaluated at one address (`''` for the root, `module.kms`, `module.kms["a"].module.b` …). */
export class ModuleInstance {
  private readonly memo = new Map<string, Val>();
  private readonly active = new Set<string>();
  private readonly instanceMemo = new Map<Block, Instance[]>();
  private readonly childMemo = new Map<Block, ChildModule[]>();

  constructor(
    readonly lookup: ModuleLookup,
    readonly root: RootModule,
    readonly code: ModuleCode,
    /** Address prefix of everything in this module: `''` or `module.kms.`. */
    readonly prefix: string,
    private readonly inputs: Map<string, Input> | undefined,
    private readonly ancestors: string[],
  ) {}

  get isRoot(): boolean {
    return this.inputs === undefined;
  }

  private memoized(key: string, compute: () => Val): Val {
    const hit = this.memo.get(key);
    if (hit) return hit;
    if (this.active.has(key)) return unknownVal(`${key} depends on itself`);
    this.active.add(key);
    try {
      const value = compute();
      this.memo.set(key, value);
      return value;
    } finally {
      this.active.delete(key);
    }
  }

  variable(name: string): Val {
    return this.memoized(`var.${name}`, () => {
      const decl = this.code.variables.get(name);
      const secret = decl ? isSensitive(decl) : false;
      const mark = (v: Val): Val => (secret ? { ...v, secret, trace: v.trace.map((s) => ({ ...s, secret })) } : v);
      const input = this.isRoot ? this.tfvarsInput(name) : this.inputs!.get(name);
      if (input) return mark({ ...input.value(), site: input.site });
      const fallback = decl ? attribute(decl.body, 'default') : undefined;
      if (fallback) return mark({ ...this.evaluate(fallback.expr, {}), site: spanLoc(fallback.span) });
      if (!decl) return unknownVal(`variable "${name}" is not declared`);
      const where = this.isRoot ? 'no default and not set in terraform.tfvars or *.auto.tfvars' : 'no default and not set by the module call';
      return unknownVal(`var.${name} has ${where}`, [], { variable: name, site: spanLoc(decl.headerSpan) });
    });
  }

  private tfvarsInput(name: string): Input | undefined {
    const attr = this.root.tfvars.get(name);
    if (!attr) return undefined;
    return { value: () => this.evaluate(attr.expr, {}), site: spanLoc(attr.span) };
  }

  local(name: string): Val {
    return this.memoized(`local.${name}`, () => {
      const attr = this.code.locals.get(name);
      if (!attr) return unknownVal(`local.${name} is not defined`);
      return { ...this.evaluate(attr.expr, {}), site: spanLoc(attr.span) };
    });
  }

  output(name: string): Val {
    return this.memoized(`output.${name}`, () => {
      const block = this.code.outputs.get(name);
      const value = block ? attribute(block.body, 'value') : undefined;
      if (!value) return unknownVal(`output "${name}" is not defined in ${this.code.dir}`);
      return { ...this.evaluate(value.expr, {}), site: spanLoc(value.span) };
    });
  }

  /** An attribute of a block instance, evaluated where it is written. */
  blockAttribute(block: Block, instance: Instance, name: string): Val | undefined {
    const attr = attribute(block.body, name);
    if (!attr) return undefined;
    return this.memoized(`${block.span.file}:${block.span.start}${instanceKeyText(instance.key)}.${name}`, () => ({
      ...this.evaluate(attr.expr, { instance }),
      site: spanLoc(attr.span),
    }));
  }

  /** The instances of a resource, data or module block: one per count index or for_each key. */
  instancesOf(block: Block): Instance[] {
    let instances = this.instanceMemo.get(block);
    if (!instances) {
      // Placeholder while computing: count/for_each that reads its own block ends here.
      this.instanceMemo.set(block, [{ unknownReason: 'count/for_each depends on its own block' }]);
      instances = this.computeInstances(block);
      this.instanceMemo.set(block, instances);
    }
    return instances;
  }

  private computeInstances(block: Block): Instance[] {
    const count = attribute(block.body, 'count');
    const forEach = attribute(block.body, 'for_each');
    if (count) {
      const n = this.evaluate(count.expr, {});
      const value = n.known ? numberOf(n.data) : undefined;
      if (value === undefined || !Number.isInteger(value) || value < 0 || value > MAX_INSTANCES) {
        return [{ unknownReason: n.known ? 'count is not a small whole number' : `count is not known: ${n.reason}` }];
      }
      return Array.from({ length: value }, (_, i) => ({ key: i, countIndex: val(i, [...n.trace], spanLoc(count.span)) }));
    }
    if (forEach) {
      const collection = this.evaluate(forEach.expr, {});
      if (!collection.known) return [{ unknownReason: `for_each is not known: ${collection.reason}` }];
      const data = collection.data;
      if (typeof data !== 'object' || data === null || (data.kind !== 'map' && data.kind !== 'list')) {
        return [{ unknownReason: 'for_each is not a map or set' }];
      }
      const instances: Instance[] = [];
      if (data.kind === 'map') {
        for (const [key, value] of data.entries) {
          instances.push({ key, each: { key: val(key, [], value.site), value } });
        }
      } else {
        for (const item of data.items) {
          const key = item.known ? stringOf(item.data) : undefined;
          if (key === undefined) return [{ unknownReason: 'for_each set has an element that is not a known string' }];
          const element = val(key, item.trace, item.site);
          instances.push({ key, each: { key: element, value: element } });
        }
      }
      return instances.slice(0, MAX_INSTANCES);
    }
    return [{}];
  }

  /** The child module instances of a `module` block. */
  children(call: Block): ChildModule[] {
    let children = this.childMemo.get(call);
    if (!children) {
      children = this.instancesOf(call).map((instance) => this.child(call, instance));
      this.childMemo.set(call, children);
    }
    return children;
  }

  private child(call: Block, instance: Instance): ChildModule {
    const name = call.labels[0]?.value ?? '';
    const sourceAttr = attribute(call.body, 'source');
    const source = sourceAttr?.expr.kind === 'literal' && typeof sourceAttr.expr.value === 'string' ? sourceAttr.expr.value : undefined;
    if (source === undefined) return { instance, call, reason: `module "${name}" has no literal source` };
    if (!isLocalSource(source)) return { instance, call, reason: `outputs of module "${name}" (${source}) are not known: it is not in the workspace` };
    const dir = path.resolve(this.code.dir, source);
    const code = this.lookup.moduleAt(dir);
    if (!code) return { instance, call, reason: `module "${name}" source ${source} has no Terraform files in the workspace` };
    if (this.ancestors.includes(dir) || this.ancestors.length >= MAX_MODULE_DEPTH) {
      return { instance, call, reason: `module "${name}" calls itself (module cycle)` };
    }
    const inputs = new Map<string, Input>();
    for (const attr of call.body.attributes) {
      if (MODULE_META_ARGUMENTS.has(attr.name)) continue;
      let cached: Val | undefined;
      inputs.set(attr.name, { value: () => (cached ??= this.evaluate(attr.expr, { instance })), site: spanLoc(attr.span) });
    }
    const prefix = `${this.prefix}module.${name}${instanceKeyText(instance.key)}.`;
    return { instance, call, module: new ModuleInstance(this.lookup, this.root, code, prefix, inputs, [...this.ancestors, this.code.dir]) };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  evaluate(expr: Expr, env: Omit<Env, 'module'>): Val {
    if (evaluationDepth >= MAX_EVALUATION_DEPTH) return unknownVal('the expression nests too deeply');
    evaluationDepth++;
    try {
      return this.evaluateExpr(expr, env);
    } finally {
      evaluationDepth--;
    }
  }

  private evaluateExpr(expr: Expr, env: Omit<Env, 'module'>): Val {
    const scope: Env = { module: this, ...env };
    switch (expr.kind) {
      case 'literal':
        return val(expr.value);
      case 'template':
        return this.template(expr.parts, scope);
      case 'name':
      case 'access':
        return this.reference(expr, scope);
      case 'object':
        return this.object(expr, scope);
      case 'tuple':
        return val({ kind: 'list', items: expr.items.map((item) => ({ ...this.evaluate(item, env), site: spanLoc(item.span) })) });
      case 'call':
        if (expr.expandsLast) return unknownVal(`${expr.name}(…) with expanded arguments is not evaluated`);
        return callFunction(expr.name, expr.args.map((a) => this.evaluate(a, env)));
      case 'conditional': {
        const condition = this.evaluate(expr.condition, env);
        const decided = condition.known ? boolOf(condition.data) : undefined;
        if (decided === undefined) return unknownVal(condition.known ? 'condition is not a bool' : `condition is not known: ${condition.reason}`, condition.trace);
        const branch = this.evaluate(decided ? expr.then : expr.otherwise, env);
        return { ...branch, trace: [...condition.trace, ...branch.trace] };
      }
      case 'unary': {
        const operand = this.evaluate(expr.operand, env);
        if (!operand.known) return operand;
        if (expr.operator === '-') {
          const n = numberOf(operand.data);
          return n === undefined ? unknownVal('negation of a non-number', operand.trace) : val(-n, operand.trace);
        }
        const b = boolOf(operand.data);
        return b === undefined ? unknownVal('! of a non-bool', operand.trace) : val(!b, operand.trace);
      }
      case 'unsupported':
        return unknownVal(`${expr.what} is not evaluated`);
    }
  }

  private template(parts: (string | Expr)[], env: Env): Val {
    // `"${x}"` is x itself, not x converted to a string.
    if (parts.length === 1 && typeof parts[0] !== 'string') return this.evaluate(parts[0], env);
    let text = '';
    const trace: Step[] = [];
    let secret = false;
    for (const part of parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const value = this.evaluate(part, env);
      trace.push(...value.trace);
      secret ||= !!value.secret;
      if (!value.known) return unknownVal(value.reason, trace);
      const s = stringOf(value.data);
      if (s === undefined) return unknownVal('a template interpolates a value that is not a string', trace);
      text += s;
    }
    return secret ? { ...val(text, trace), secret } : val(text, trace);
  }

  private object(expr: Extract<Expr, { kind: 'object' }>, env: Env): Val {
    const entries = new Map<string, Val>();
    const trace: Step[] = [];
    for (const item of expr.items) {
      const key = this.evaluate(item.key, env);
      const k = key.known ? stringOf(key.data) : undefined;
      if (k === undefined) return unknownVal('an object key is not known', [...trace, ...key.trace]);
      entries.set(k, { ...this.evaluate(item.value, env), site: spanLoc(item.span) });
    }
    return val({ kind: 'map', entries }, trace);
  }

  /**
   * `var.x`, `local.y.z`, `each.value.region`, `thalassa_kms_key.k["prod"].id`,
   * `module.m.out` …: resolved, then recorded as one trace step.
   */
  private reference(expr: Extract<Expr, { kind: 'name' | 'access' }>, env: Env): Val {
    const base = expr.kind === 'access' ? expr.base : expr;
    const steps = expr.kind === 'access' ? expr.steps : [];
    if (base.kind !== 'name') {
      // `func(…)[0]`, `(expr).attr`: no step of our own.
      return this.applySteps(this.evaluate(base, env), steps, env);
    }
    const root = this.resolveName(base.name, steps, env, expr.span);
    const value = root.consumed < steps.length ? this.applySteps(root.value, steps.slice(root.consumed), env) : root.value;
    const subject = referenceText(expr);
    const loc = value.site ?? root.value.site;
    const step: Step = { subject, loc, ...(value.known ? { data: value.data } : {}), ...(value.secret ? { secret: true } : {}) };
    const inner = value === root.value ? value.trace : [...root.value.trace, ...value.trace];
    return { ...value, trace: [step, ...inner], site: loc };
  }

  private resolveName(name: string, steps: AccessStep[], env: Env, span: Span): { value: Val; consumed: number } {
    const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    const second = steps[1]?.kind === 'attr' ? steps[1].name : undefined;
    const unknownRef = (reason: string, consumed = 0) => ({ value: unknownVal(reason), consumed });
    switch (name) {
      case 'var':
        return first ? { value: this.variable(first), consumed: 1 } : unknownRef('var without a name');
      case 'local':
        return first ? { value: this.local(first), consumed: 1 } : unknownRef('local without a name');
      case 'each': {
        const instance = env.instance;
        if (first !== 'key' && first !== 'value') return unknownRef('each.key or each.value expected');
        if (instance?.unknownReason) return unknownRef(instance.unknownReason, 1);
        if (!instance?.each) return unknownRef('each is only set in a block with for_each', 1);
        return { value: instance.each[first], consumed: 1 };
      }
      case 'count': {
        const instance = env.instance;
        if (first !== 'index') return unknownRef('count.index expected');
        if (instance?.unknownReason) return unknownRef(instance.unknownReason, 1);
        if (!instance?.countIndex) return unknownRef('count.index is only set in a block with count', 1);
        return { value: instance.countIndex, consumed: 1 };
      }
      case 'path':
        if (first === 'module') return { value: val(this.relativeDir(this.code.dir)), consumed: 1 };
        if (first === 'root') return { value: val('.'), consumed: 1 };
        return unknownRef(`path.${first ?? ''} depends on where Terraform runs`, 1);
      case 'terraform':
        return unknownRef('terraform.* is decided at run time', 1);
      case 'self':
        return unknownRef('self is not evaluated', 1);
      case 'data': {
        if (!first || !second) return unknownRef('incomplete data source reference');
        const block = pickBlock(this.code.dataSources.get(`${first}.${second}`), span);
        if (!block) return unknownRef(`data.${first}.${second} is not declared`, 2);
        return { value: val(this.blockObject(block, `data.${first}.${second}`)), consumed: 2 };
      }
      case 'module': {
        if (!first) return unknownRef('module without a name');
        const call = this.code.moduleCalls.get(first);
        if (!call) return unknownRef(`module.${first} is not declared`, 1);
        return { value: val(this.moduleObject(call, `module.${first}`)), consumed: 1 };
      }
      default: {
        if (!first) return unknownRef(`${name} is not a known reference`);
        const block = pickBlock(this.code.resources.get(`${name}.${first}`), span);
        if (!block) return unknownRef(`${name}.${first} is not declared in this module`, 1);
        return { value: val(this.blockObject(block, `${name}.${first}`)), consumed: 1 };
      }
    }
  }

  private relativeDir(dir: string): string {
    const relative = path.relative(this.root.dir, dir).split(path.sep).join('/');
    return relative ? `./${relative}` : '.';
  }

  private applySteps(start: Val, steps: AccessStep[], env: Env): Val {
    let current = start;
    for (const step of steps) {
      if (!current.known) return current;
      current = this.applyStep(current.data, step, env);
    }
    return current;
  }

  private applyStep(data: Data, step: AccessStep, env: Env): Val {
    if (step.kind === 'splat') return unknownVal('splat expressions are not evaluated');
    const isObject = typeof data === 'object' && data !== null;
    if (step.kind === 'attr') {
      if (isObject && data.kind === 'map') return data.entries.get(step.name) ?? unknownVal(`no attribute "${step.name}"`);
      if (isObject && data.kind === 'object') return data.attr(step.name);
      return unknownVal(`.${step.name} of a value without attributes`);
    }
    const key = this.evaluate(step.key, env);
    if (!key.known) return key;
    if (isObject && data.kind === 'list') {
      const i = numberOf(key.data);
      const item = i !== undefined && Number.isInteger(i) ? data.items[i] : undefined;
      return item ? { ...item, trace: [...key.trace, ...item.trace] } : unknownVal('index out of range');
    }
    if (isObject && data.kind === 'map') {
      const k = stringOf(key.data);
      const item = k !== undefined ? data.entries.get(k) : undefined;
      return item ? { ...item, trace: [...key.trace, ...item.trace] } : unknownVal('the map has no such key');
    }
    if (isObject && data.kind === 'object' && data.index && (typeof key.data !== 'object' || key.data === null)) return data.index(key.data);
    return unknownVal('index of a value that is not a collection');
  }

  /** A resource or data source, with instances when it has count/for_each. */
  private blockObject(block: Block, address: string): RefObject {
    const instances = () => this.instancesOf(block);
    const isSingle = !attribute(block.body, 'count') && !attribute(block.body, 'for_each');
    const instanceObject = (instance: Instance): RefObject => ({
      kind: 'object',
      address: address + instanceKeyText(instance.key),
      attr: (name) => this.instanceAttribute(block, instance, address + instanceKeyText(instance.key), name),
    });
    return {
      kind: 'object',
      address,
      attr: (name) => (isSingle ? instanceObject(instances()[0]).attr(name) : unknownVal(`${address} has ${attribute(block.body, 'count') ? 'count' : 'for_each'}: index it to read .${name}`)),
      index: isSingle ? undefined : (key) => indexInstance(instances(), key, address, (instance) => val(instanceObject(instance))),
    };
  }

  private instanceAttribute(block: Block, instance: Instance, address: string, name: string): Val {
    const isKey = block.labels[0]?.value === KMS_KEY_TYPE;
    if (name === 'id' && isKey) {
      return val({ kind: 'key', target: { defId: keyDefinitionId(this.root, this.prefix + address, block), address: this.prefix + address } }, [], spanLoc(block.headerSpan));
    }
    const configured = this.blockAttribute(block, instance, name);
    if (configured) return configured;
    if (block.type === 'data') return unknownVal(`${address}.${name} is read from the existing resource`);
    return unknownVal(`${address}.${name} is ${name === 'id' ? 'assigned by the provider' : 'not set in the configuration'}`);
  }

  private moduleObject(call: Block, address: string): RefObject {
    const isSingle = !attribute(call.body, 'count') && !attribute(call.body, 'for_each');
    const outputsOf = (child: ChildModule): RefObject => ({
      kind: 'object',
      address: address + instanceKeyText(child.instance.key),
      attr: (name) => (child.module ? child.module.output(name) : unknownVal(child.reason ?? 'module is not evaluated')),
    });
    return {
      kind: 'object',
      address,
      attr: (name) => (isSingle ? outputsOf(this.children(call)[0]).attr(name) : unknownVal(`${address} has count/for_each: index it to read .${name}`)),
      index: isSingle
        ? undefined
        : (key) => {
            const children = this.children(call);
            return indexInstance(children.map((c) => c.instance), key, address, (instance) => val(outputsOf(children.find((c) => c.instance === instance)!)));
          },
    };
  }
}

function indexInstance(instances: Instance[], key: Primitive, address: string, make: (instance: Instance) => Val): Val {
  if (instances.length === 1 && instances[0].unknownReason) return unknownVal(instances[0].unknownReason);
  const found = instances.find((i) => i.key === key || (typeof i.key === 'number' && numberOf(key as Data) === i.key));
  return found ? make(found) : unknownVal(`${address} has no instance with that key`);
}

/** Of several blocks with one address, the one written last before the reference in its file, else the first. */
function pickBlock(blocks: Block[] | undefined, use: Span): Block | undefined {
  if (!blocks?.length) return undefined;
  if (blocks.length === 1) return blocks[0];
  const before = blocks.filter((b) => b.span.file === use.file && b.span.start <= use.start);
  return before.length ? before[before.length - 1] : blocks[0];
}

function isSensitive(variable: Block): boolean {
  const attr = attribute(variable.body, 'sensitive');
  return attr?.expr.kind === 'literal' && attr.expr.value === true;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

/** A definition id unique in the workspace and computable from any reference to it. */
export function keyDefinitionId(root: RootModule, address: string, block: Block): string {
  return `terraform:${root.key}:${address}@${block.span.file}:${block.span.start}`;
}
