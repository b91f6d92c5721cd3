// Facts of every analysis unit, and the joins cross-file rules need: which definitions a
// use points at (by resolved definition, identity, or name/slug in a region) and, back,
// which uses point at a definition.
import type { FactSet, KeyDefinition, KeyUse, SensitivePrint } from './types';
import { valueOf } from './value';

/** The slug the API derives from a key name (lower case, runs of other characters → "-"). */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

export class WorkspaceIndex {
  readonly keys: KeyDefinition[];
  readonly uses: KeyUse[];
  readonly prints: SensitivePrint[];
  private readonly byId = new Map<string, KeyDefinition>();
  private readonly byText = new Map<string, KeyDefinition[]>();
  private readonly usesByKey = new Map<string, KeyUse[]>();

  constructor(factSets: Iterable<FactSet>) {
    this.keys = [];
    this.uses = [];
    this.prints = [];
    for (const facts of factSets) {
      this.keys.push(...facts.keys);
      this.uses.push(...facts.uses);
      this.prints.push(...facts.prints);
    }
    for (const key of this.keys) {
      this.byId.set(key.id, key);
      for (const text of [valueOf(key.identity), valueOf(key.name), mapOpt(valueOf(key.name), slugOf)]) {
        if (!text) continue;
        const list = this.byText.get(text) ?? [];
        if (!list.includes(key)) list.push(key);
        this.byText.set(text, list);
      }
    }
    for (const use of this.uses) {
      for (const key of this.definitionsFor(use)) {
        const list = this.usesByKey.get(key.id) ?? [];
        list.push(use);
        this.usesByKey.set(key.id, list);
      }
    }
  }

  keyById(id: string): KeyDefinition | undefined {
    return this.byId.get(id);
  }

  /** Every definition a use could name, in any region: the one the extractor resolved, or all keys with that identity, name or slug. */
  keysNamedBy(use: KeyUse): KeyDefinition[] {
    if (!use.key.known) return [];
    const target = use.key.value;
    if (target.defId) {
      const def = this.byId.get(target.defId);
      return def ? [def] : [];
    }
    return target.text ? this.keysNamed(target.text) : [];
  }

  /**
   * The definitions a use names: the one the extractor resolved, or every key whose identity,
   * name or slug is the text written, in the use's region when both regions are known.
   */
  definitionsFor(use: KeyUse): KeyDefinition[] {
    const keys = this.keysNamedBy(use);
    if (!use.key.known || use.key.value.defId) return keys;
    const region = valueOf(use.region);
    return keys.filter((key) => {
      const keyRegion = valueOf(key.region);
      return !region || !keyRegion || region === keyRegion;
    });
  }

  /** Every key whose identity, name or slug is `text`, in any region. */
  keysNamed(text: string): KeyDefinition[] {
    return this.byText.get(text) ?? [];
  }

  usesOf(key: KeyDefinition): KeyUse[] {
    return this.usesByKey.get(key.id) ?? [];
  }
}

function mapOpt<T, U>(v: T | undefined, f: (v: T) => U): U | undefined {
  return v === undefined ? undefined : f(v);
}
