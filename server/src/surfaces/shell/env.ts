// Shell variables as the script assigns them, in execution order. Branches (if/case, `&&`,
// loop bodies) are analysed on a copy and merged back: a variable that ends up with different
// values on different paths is unknown afterwards. Copies are layers over their parent, so a
// branch costs what it assigns, not the size of the whole environment.
import type { HostVariable } from './shellSource';
import { knownText, type Piece, type Step } from './words';

export interface Binding {
  /** Assigned in the script: the value's pieces where they are written. */
  pieces?: Piece[];
  /** Defined by the host before the script runs. */
  host?: HostVariable;
  /** How it was assigned, for traces. */
  step?: Step;
}

/** Layers deeper than this are flattened, so lookups stay cheap in long scripts. */
const MAX_DEPTH = 32;

export class Env {
  private local = new Map<string, Binding>();
  private parent: Env | undefined;
  private depth: number;

  private constructor(parent?: Env) {
    this.parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
    if (this.depth > MAX_DEPTH) this.flatten();
  }

  static fromHost(variables: ReadonlyMap<string, HostVariable> | undefined): Env {
    const env = new Env();
    for (const [name, host] of variables ?? []) env.local.set(name, { host });
    return env;
  }

  get(name: string): Binding | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const b = e.local.get(name);
      if (b) return b;
    }
    return undefined;
  }

  set(name: string, binding: Binding): void {
    this.local.set(name, binding);
  }

  fork(): Env {
    return new Env(this);
  }

  private flatten(): void {
    const all = new Map<string, Binding>();
    const chain: Env[] = [];
    for (let e: Env | undefined = this; e; e = e.parent) chain.push(e);
    for (const e of chain.reverse()) for (const [k, v] of e.local) all.set(k, v);
    this.local = all;
    this.parent = undefined;
    this.depth = 0;
  }

  /** Names assigned in this environment since it was forked from `base`. */
  private assignedSince(base: Env, into: Set<string>): void {
    for (let e: Env | undefined = this; e && e !== base; e = e.parent) for (const k of e.local.keys()) into.add(k);
  }

  /**
   * The state after one of `branches` (forks of `before`) ran, or, unless `exhaustive`, none of
   * them: variables that differ between the paths become unknown.
   */
  static merge(before: Env, branches: Env[], exhaustive: boolean): Env {
    const result = before.fork();
    const names = new Set<string>();
    for (const b of branches) b.assignedSince(before, names);
    const paths = exhaustive && branches.length ? branches : [before, ...branches];
    for (const name of names) {
      const bindings = paths.map((p) => p.get(name));
      const first = bindings[0];
      if (bindings.every((b) => b === first)) {
        if (first) result.set(name, first);
        continue;
      }
      const texts = bindings.map((b) => (b?.pieces ? knownText(b.pieces) : undefined));
      if (bindings.every((b) => b?.pieces) && texts.every((t) => t !== undefined && t === texts[0])) {
        result.set(name, first!);
        continue;
      }
      const from = first?.pieces?.[0]?.from ?? 0;
      result.set(name, {
        pieces: [{ hole: { reason: `$${name} is assigned differently on different paths`, variable: name }, from, to: from, exact: false, site: -1, steps: [] }],
      });
    }
    return result;
  }
}
