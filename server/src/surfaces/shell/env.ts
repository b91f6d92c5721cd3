// Shell variables as the script assigns them, in execution order. Branches (if/case, `&&`,
// loop bodies) are analysed on a copy and merged back: a variable that ends up with different
// values on different paths is unknown afterwards.
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

export class Env {
  private readonly vars: Map<string, Binding>;

  constructor(vars?: Map<string, Binding>) {
    this.vars = vars ?? new Map();
  }

  static fromHost(variables: ReadonlyMap<string, HostVariable> | undefined): Env {
    const env = new Env();
    for (const [name, host] of variables ?? []) env.vars.set(name, { host });
    return env;
  }

  get(name: string): Binding | undefined {
    return this.vars.get(name);
  }

  set(name: string, binding: Binding): void {
    this.vars.set(name, binding);
  }

  fork(): Env {
    return new Env(new Map(this.vars));
  }

  /**
   * The state after one of `branches` ran (or, unless `exhaustive`, none of them): variables that
   * differ between the paths become unknown.
   */
  static merge(before: Env, branches: Env[], exhaustive: boolean): Env {
    const paths = exhaustive && branches.length ? branches : [before, ...branches];
    const names = new Set<string>();
    for (const p of paths) for (const name of p.vars.keys()) names.add(name);
    const merged = new Map<string, Binding>();
    for (const name of names) {
      const bindings = paths.map((p) => p.vars.get(name));
      const first = bindings[0];
      if (bindings.every((b) => b === first)) {
        if (first) merged.set(name, first);
        continue;
      }
      const texts = bindings.map((b) => (b?.pieces ? knownText(b.pieces) : undefined));
      if (bindings.every((b) => b?.pieces) && texts.every((t) => t !== undefined && t === texts[0])) {
        merged.set(name, first!);
        continue;
      }
      const from = first?.pieces?.[0]?.from ?? 0;
      merged.set(name, {
        pieces: [{ hole: { reason: `$${name} is assigned differently on different paths`, variable: name }, from, to: from, exact: false, site: -1, steps: [] }],
      });
    }
    return new Env(merged);
  }
}
