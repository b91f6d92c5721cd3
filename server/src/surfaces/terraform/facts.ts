// Evaluated Terraform blocks → facts: `thalassa_kms_key` resources and data sources become
// KeyDefinitions (one per instance), `thalassa_secret` and `thalassa_dns_zone_dnssec` become
// KeyUses. Locations are the exact attribute/value/line ranges fixes edit.
import type { Attr, FactSet, FieldWriter, KeyDefinition, KeyTarget, KeyUse, Loc, MaterialSource, TraceStep, UsePurpose, Value } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { environmentFromPath } from '../common';
import { instanceKeyText, KMS_KEY_TYPE, keyDefinitionId, type Instance, type ModuleInstance } from './evaluate';
import { attribute, spanLoc, type Block } from './hclAst';
import { boolOf, numberOf, stringOf, traceSteps, type Data, type Val } from './values';

const USE_PURPOSES = new Map<string, UsePurpose>([
  ['thalassa_secret', 'secret'],
  ['thalassa_dns_zone_dnssec', 'dnssec'],
]);

/** Label keys that name an environment (`labels = { environment = "prod" }`). */
const ENVIRONMENT_LABELS = ['environment', 'env', 'stage'];

export interface FactContext {
  /** Environment named by the root module's folder (`envs/prod`), when there is one. */
  folderEnvironment?: Value<string>;
}

/** Facts of a module instance and, recursively, of its local child modules. */
export function collectModuleFacts(module: ModuleInstance, context: FactContext, out: FactSet): void {
  for (const block of module.code.blocks) {
    const type = block.labels[0]?.value;
    if (block.type === 'module') {
      for (const child of module.children(block)) if (child.module) collectModuleFacts(child.module, context, out);
      continue;
    }
    if (block.labels.length < 2) continue;
    if (type === KMS_KEY_TYPE && (block.type === 'resource' || block.type === 'data')) {
      for (const instance of module.instancesOf(block)) out.keys.push(new BlockFacts(module, block, instance, context).keyDefinition());
    } else if (block.type === 'resource' && type && USE_PURPOSES.has(type)) {
      for (const instance of module.instancesOf(block)) {
        const use = new BlockFacts(module, block, instance, context).keyUse(USE_PURPOSES.get(type)!);
        if (use) out.uses.push(use);
      }
    }
  }
}

/** Facts of one instance of one block. */
class BlockFacts {
  private readonly address: string;

  constructor(
    private readonly module: ModuleInstance,
    private readonly block: Block,
    private readonly instance: Instance,
    private readonly context: FactContext,
  ) {
    const [type, name] = block.labels.map((l) => l.value);
    this.address = `${module.prefix}${block.type === 'data' ? 'data.' : ''}${type}.${name}${instanceKeyText(instance.key)}`;
  }

  private get scope(): string {
    const modulePath = this.module.prefix.replace(/\.$/, '');
    return modulePath ? `${this.module.root.scope}:${modulePath}` : this.module.root.scope;
  }

  private get headerLoc(): Loc {
    return spanLoc(this.block.headerSpan);
  }

  private get labelsLoc(): Loc {
    const [type, name] = this.block.labels;
    const last = name ?? type;
    if (type.span.range.start.line !== last.span.range.start.line) return spanLoc(last.span);
    return { file: type.span.file, range: { start: type.span.range.start, end: last.span.range.end } };
  }

  private get writer(): FieldWriter | undefined {
    const insertion = this.block.insertion;
    return insertion ? { style: 'hcl', insertAt: spanLoc(insertion.at), before: insertion.before, after: insertion.after } : undefined;
  }

  private evaluated(name: string): Val | undefined {
    return this.module.blockAttribute(this.block, this.instance, name);
  }

  private value<T>(name: string, as: (d: Data) => T | undefined, what: string, absent: () => Value<T>): Value<T> {
    const v = this.evaluated(name);
    if (!v) return this.block.incomplete ? unknown(`${name} may be in the part of the block with a syntax error`) : absent();
    return convert(v, as, what);
  }

  private attr<T>(name: string, as: (d: Data) => T | undefined, what: string, absent: () => Value<T>): Attr<T> {
    const written = attribute(this.block.body, name);
    const value = this.value(name, as, what, absent);
    if (!written) return { present: false, value };
    // `name = null` is the same as not writing it.
    const v = this.evaluated(name);
    const resolved = v?.known && v.data === null ? absent() : value;
    return {
      present: true,
      value: resolved,
      loc: spanLoc(written.span),
      valueLoc: spanLoc(written.expr.span),
      ...(written.removeSpan ? { removeLoc: spanLoc(written.removeSpan) } : {}),
    };
  }

  private string(name: string, absent = `${name} is not set`): Value<string> {
    return this.value(name, stringOf, 'string', () => unknown(absent));
  }

  keyDefinition(): KeyDefinition {
    const isData = this.block.type === 'data';
    const readFromKey = <T>(): Value<T> => unknown('read from the existing key');
    const defaulted = <T>(name: string, value: T) => () => known(value, [{ label: `${name} is not set (default ${JSON.stringify(value)})` }]);
    const bool = (name: string, fallback: boolean): Attr<boolean> =>
      isData ? { present: false, value: readFromKey() } : this.attr(name, boolOf, 'bool', defaulted(name, fallback));
    const regionAttr = attribute(this.block.body, 'region');
    const identity = attribute(this.block.body, 'id') ? this.string('id') : undefined;
    return {
      id: keyDefinitionId(this.module.root, this.address, this.block),
      kind: isData ? 'data' : 'resource',
      surface: 'terraform',
      address: this.address,
      loc: this.headerLoc,
      nameLoc: this.labelsLoc,
      name: this.string('name', isData ? 'the data source looks the key up by id' : 'name is not set'),
      ...(identity ? { identity } : {}),
      region: this.string('region'),
      ...(regionAttr ? { regionLoc: spanLoc(regionAttr.expr.span) } : {}),
      keyType: isData ? readFromKey() : this.string('key_type'),
      exportAllowed: bool('export_allowed', false),
      rotationEnabled: bool('key_rotation_enabled', false),
      rotationDays: isData ? { present: false, value: readFromKey() } : this.attr('rotation_period_in_days', numberOf, 'number', () => unknown('not set')),
      importMaterial: isData ? { present: false, value: readFromKey() } : this.material(),
      allowRotation: bool('allow_rotation', false),
      status: isData ? { present: false, value: readFromKey() } : this.attr('status', stringOf, 'string', defaulted('status', 'active')),
      ...this.environment(['name']),
      ...(isData ? {} : this.writer ? { writer: this.writer } : {}),
      scope: this.scope,
      order: this.block.span.start,
    };
  }

  /** Where BYOK material comes from; its text never reaches a trace label. */
  private material(): Attr<MaterialSource> {
    const name = 'import_key_material';
    const written = attribute(this.block.body, name);
    const v = this.evaluated(name);
    if (!written || !v) return { present: false, value: this.block.incomplete ? unknown(`${name} may be in the part of the block with a syntax error`) : unknown(`${name} is not set`) };
    let value: Value<MaterialSource>;
    if (v.known && typeof v.data === 'string') value = known({ kind: 'literal', text: v.data }, traceSteps(v.trace, true));
    else if (v.known && typeof v.data === 'object' && v.data?.kind === 'file') value = known({ kind: 'file', path: v.data.path, reader: v.data.reader }, traceSteps(v.trace));
    else if (!v.known && v.variable) value = known({ kind: 'variable', name: v.variable }, traceSteps(v.trace, true));
    else value = unknown(v.known ? 'not a string' : v.reason, traceSteps(v.trace, true));
    return {
      present: true,
      value,
      loc: spanLoc(written.span),
      valueLoc: spanLoc(written.expr.span),
      ...(written.removeSpan ? { removeLoc: spanLoc(written.removeSpan) } : {}),
    };
  }

  keyUse(purpose: UsePurpose): KeyUse | undefined {
    const keyAttr = attribute(this.block.body, 'kms_key_id');
    const v = this.evaluated('kms_key_id');
    // No kms_key_id: a DNSSEC zone gets a key provisioned by the platform; a secret is half-typed.
    if (!keyAttr || !v) return undefined;
    const regionAttr = attribute(this.block.body, 'region');
    return {
      id: `terraform-use:${this.module.root.key}:${this.address}@${this.block.span.file}:${this.block.span.start}`,
      surface: 'terraform',
      purpose,
      key: convert<KeyTarget>(v, keyTargetOf, 'key id'),
      keyLoc: spanLoc(keyAttr.expr.span),
      region: this.string('region'),
      ...(regionAttr ? { regionLoc: spanLoc(regionAttr.expr.span) } : {}),
      loc: this.headerLoc,
      nameLoc: spanLoc(keyAttr.nameSpan),
      ...this.environment(['path']),
      inLoop: false,
      consumer: this.address,
      ...(this.writer ? { regionWriter: this.writer } : {}),
      scope: this.scope,
      order: this.block.span.start,
    };
  }

  /** The environment named by the given attributes, the labels, the instance key, the block name, or the folder. */
  private environment(attributes: string[]): { environment?: Value<string> } {
    for (const name of attributes) {
      const v = this.evaluated(name);
      const text = v?.known ? stringOf(v.data) : undefined;
      const env = text !== undefined ? environmentOfText(text) : undefined;
      if (!env) continue;
      const label = v!.secret ? `${name} (sensitive)` : `${name} = ${JSON.stringify(text)}`;
      return { environment: known(env, [{ label, loc: spanLoc(attribute(this.block.body, name)!.span) }, ...traceSteps(v!.trace)]) };
    }
    const labels = this.evaluated('labels');
    if (labels?.known && typeof labels.data === 'object' && labels.data?.kind === 'map') {
      for (const key of ENVIRONMENT_LABELS) {
        const entry = labels.data.entries.get(key);
        const text = entry?.known ? stringOf(entry.data) : undefined;
        const env = text !== undefined ? environmentOfText(text) : undefined;
        if (env) return { environment: known(env, [{ label: `labels.${key} = ${JSON.stringify(text)}`, ...(entry!.site ? { loc: entry!.site } : {}) }]) };
      }
    }
    if (typeof this.instance.key === 'string') {
      const env = environmentOfText(this.instance.key);
      if (env) return { environment: known(env, [{ label: `instance key ${JSON.stringify(this.instance.key)}`, loc: this.headerLoc }]) };
    }
    const blockName = this.block.labels[1];
    const env = blockName ? environmentOfText(blockName.value) : undefined;
    if (env) return { environment: known(env, [{ label: `${this.block.labels[0].value}.${blockName.value}`, loc: spanLoc(blockName.span) }]) };
    return this.context.folderEnvironment ? { environment: this.context.folderEnvironment } : {};
  }
}

/** `prod-secrets`, `/app/prod/db`, `app_staging` → the environment word among its parts. */
export function environmentOfText(text: string): string | undefined {
  return environmentFromPath(text.split(/[^A-Za-z0-9]+/).join('/'));
}

function keyTargetOf(data: Data): KeyTarget | undefined {
  if (typeof data === 'object' && data?.kind === 'key') return data.target;
  return typeof data === 'string' && data !== '' ? { text: data } : undefined;
}

function convert<T>(v: Val, as: (d: Data) => T | undefined, what: string): Value<T> {
  const trace: TraceStep[] = traceSteps(v.trace);
  if (!v.known) return unknown(v.reason, trace);
  const out = as(v.data);
  return out === undefined ? unknown(`not a ${what}`, trace) : known(out, trace);
}
