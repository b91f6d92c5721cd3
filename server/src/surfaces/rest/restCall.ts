// REST calls to the Thalassa API, whatever wrote them (curl in a script, a .http file, fetch in
// TypeScript, requests in Python): each host extracts a RestCall, and this one module turns it
// into facts, so the REST semantics (paths, verbs, body fields) live in one place.
import type { FactSet, FieldWriter, Loc, Payload, SurfaceId, Value } from '../../engine/types';

/** One field of a JSON request body, wherever the body was written. */
export interface RestBodyField {
  name: string;
  value: Value<unknown>;
  /** The whole member (`"exportAllowed": true`). */
  loc: Loc;
  valueLoc: Loc;
  /** What to delete to remove the member cleanly (with its comma). */
  removeLoc?: Loc;
  /** For `plaintext`/`ciphertext`: where the payload came from. */
  payload?: Payload;
}

export type RestBody =
  | { kind: 'fields'; fields: RestBodyField[]; loc: Loc; writer?: FieldWriter }
  | { kind: 'file'; path: string; loc: Loc }
  | { kind: 'unknown'; loc: Loc };

export interface RestCall {
  surface: SurfaceId;
  method: Value<string>;
  /** Full URL or path; `/v1/kms/{region}/keys/{id}/…` is what matters. */
  url: Value<string>;
  urlLoc: Loc;
  body?: RestBody;
  /** The whole call / request. */
  loc: Loc;
  /** Smaller anchor: the method token / the function name. */
  nameLoc: Loc;
  scope: string;
  order: number;
  inLoop: boolean;
  /** Where a preceding request/command would be inserted (for the disable-before-delete fix), and its text is built by the host. */
  statementStart?: { loc: Loc; indent: string; text: string };
}

/** TODO(rest helper): interpret the call. */
export function restCallFacts(_call: RestCall): FactSet {
  return { keys: [], uses: [], prints: [], comments: [], notes: [] };
}
