// The language-free records that flow through the pipeline:
//   surface extractor → Facts → WorkspaceIndex → rules → Finding.
// Rules only ever see these types, never a syntax tree, so one rule covers every surface.

/** 0-based line and UTF-16 character, exactly like an LSP Position. */
export interface Pos {
  line: number;
  character: number;
}
export interface Range {
  start: Pos;
  end: Pos;
}
/** A range in a file. `file` is an absolute filesystem path. */
export interface Loc {
  file: string;
  range: Range;
}

export type SurfaceId = 'terraform' | 'go' | 'shell' | 'rest' | 'markdown' | 'yaml' | 'javascript' | 'python' | 'http' | 'json';

// ---------------------------------------------------------------------------
// Resolved values

/** One step of how a value was resolved, e.g. `var.allow_export = true` at variables.tf:4. */
export interface TraceStep {
  label: string;
  loc?: Loc;
}

/**
 * A statically resolved value. `trace` lists the steps from the use site to the
 * deciding literal (first = where it is used, last = where it was written).
 * Unknown values carry a reason; rules stay silent on them.
 */
export type Value<T> =
  | { known: true; value: T; trace: TraceStep[] }
  | { known: false; reason: string; trace: TraceStep[] };

/** An attribute, field or flag of a key definition: whether it is written, its value, and where. */
export interface Attr<T> {
  present: boolean;
  value: Value<T>;
  /** The whole attribute / field / flag (`export_allowed = true`, `ExportAllowed: true,`, `--export-allowed`). */
  loc?: Loc;
  /** Only the value part, when it has one. */
  valueLoc?: Loc;
  /** What to delete to remove it cleanly (its whole line, or the flag with its leading space). */
  removeLoc?: Loc;
}

/**
 * How a fix writes key fields on this surface. Surfaces describe *where* and *in
 * which syntax*; `server/src/engine/fieldWriter.ts` turns that into text edits,
 * so rules never format HCL, Go, flags or JSON themselves.
 */
export interface FieldWriter {
  style: 'hcl' | 'go' | 'cli' | 'json' | 'yaml' | 'js' | 'python';
  /** Where new fields/flags are inserted (start of the closing-brace line, after the last member, end of the command). */
  insertAt: Loc;
  /** Written before / after each new field: e.g. HCL `"  "` + `"\n"`, JSON `",\n  "` + `""`, CLI `" "` + `""`. */
  before: string;
  after: string;
}

// ---------------------------------------------------------------------------
// Facts

export type KeyField = 'exportAllowed' | 'rotationEnabled' | 'rotationDays' | 'importMaterial' | 'allowRotation' | 'status';

/** Where BYOK material comes from, as written (the rule classifies it; values never reach messages). */
export type MaterialSource =
  | { kind: 'literal'; text: string }
  | { kind: 'file'; path: string; reader: string }
  | { kind: 'variable'; name: string };

/** A key created (Terraform resource, API/CLI create call) or looked up (data source). */
export interface KeyDefinition {
  /** Unique in the workspace. */
  id: string;
  kind: 'resource' | 'data' | 'api-create';
  surface: SurfaceId;
  /** Terraform address with module path and instance key: `module.kms.thalassa_kms_key.main["prod"]`. */
  address?: string;
  /** Header of the block / the create call: the anchor when no attribute fits. */
  loc: Loc;
  /** Smaller anchor for "missing attribute" findings: resource type+name labels, or the create call's method name. */
  nameLoc: Loc;
  name: Value<string>;
  /** Identity (`kms-…`) when known (data source `id`, or a literal in code). */
  identity?: Value<string>;
  region: Value<string>;
  regionLoc?: Loc;
  keyType: Value<string>;
  exportAllowed: Attr<boolean>;
  rotationEnabled: Attr<boolean>;
  rotationDays: Attr<number>;
  importMaterial: Attr<MaterialSource>;
  allowRotation: Attr<boolean>;
  status: Attr<string>;
  environment?: Value<string>;
  /** How to add fields in a fix; absent when the surface cannot be edited safely. */
  writer?: FieldWriter;
  /** Scope (function, script, module) and position in it, for same-scope joins. */
  scope: string;
  order: number;
}

export type UsePurpose =
  | 'secret' | 'dnssec'
  | 'encrypt' | 'decrypt' | 'sign' | 'verify' | 'hmac' | 'verify-hmac'
  | 'export' | 'public-key' | 'rotate' | 'rotation-update'
  | 'disable' | 'enable' | 'delete' | 'cancel-deletion' | 'get';

/** What a use names as its key. */
export interface KeyTarget {
  /** Resolved straight to a definition by the extractor (Terraform reference, Go variable holding CreateKey's result). */
  defId?: string;
  /** An identity, name or slug written as text. */
  text?: string;
  /** Terraform address written (`thalassa_kms_key.main`), kept for messages. */
  address?: string;
}

/** Where an encrypt/decrypt payload came from. */
export interface Payload {
  source: 'file' | 'stream' | 'request-body' | 'literal' | 'random' | 'variable' | 'unknown';
  /** Byte size when known (literal length, random generator size). */
  bytes?: number;
  /** The variable / parameter / field name the payload was held in (`dek`, `body`). */
  name?: string;
  /** Human description of the deciding source, e.g. `os.ReadFile("data.csv")`. Never the value itself. */
  via?: string;
  /** For a file read: the path, when known (`dek.enc` says it holds a wrapped key, `customers.csv` that it holds data). */
  path?: string;
  loc: Loc;
}

export interface KeyUse {
  id: string;
  surface: SurfaceId;
  purpose: UsePurpose;
  key: Value<KeyTarget>;
  /** The key argument / attribute / flag. */
  keyLoc: Loc;
  region: Value<string>;
  regionLoc?: Loc;
  /** The whole call / command / attribute: anchor for findings on the use itself. */
  loc: Loc;
  /** Smaller anchor: the method name, the subcommand, the attribute name. */
  nameLoc: Loc;
  payload?: Payload;
  /** Environment of the consumer (from secret path, names, labels, folder). */
  environment?: Value<string>;
  inLoop: boolean;
  /** For consumers (secrets, zones): their Terraform address / secret path, for messages. */
  consumer?: string;
  scope: string;
  order: number;
  /**
   * Set when `regionLoc` can be replaced by a literal (the cross-region fix): its style says how
   * the surface spells a region literal (quoted in HCL/Go/JSON/JS/Python, bare in a flag or URL).
   * Terraform consumers also use it to insert a missing `region`.
   */
  regionWriter?: FieldWriter;
  /** Surface-built rewrite of an encrypt/decrypt call into envelope encryption (envelope-encryption fix). */
  envelopeFix?: FixSuggestion;
  /** For delete: where to insert a statement/command before this one, with its indentation. */
  statementStart?: { loc: Loc; indent: string; text: string };
}

/** A sensitive value printed or logged. */
export interface SensitivePrint {
  id: string;
  surface: SurfaceId;
  value: 'plaintext' | 'key-material' | 'signature' | 'hmac' | 'dek';
  /** `fmt.Println`, `log.Printf`, `echo`, `stdout` … */
  sink: string;
  loc: Loc;
  /** Optional fix: e.g. add `--to-file` to a command. */
  fix?: FixSuggestion;
}

/** A small fix described by an extractor that knows the syntax (used by rules verbatim). */
export interface FixSuggestion {
  title: string;
  edits: TextEdit[];
}

export interface Suppression {
  scope: 'line' | 'next-line' | 'file';
  rules: string[];
  reason?: string;
  /** The comment holding the directive. */
  loc: Loc;
  /** The line the suppression applies to (0-based); -1 for file scope. */
  targetLine: number;
}

/** A comment as the parser saw it (directives are read from these only). */
export interface Comment {
  loc: Loc;
  text: string;
}

/** Everything one extraction produced. Extractors return one FactSet per analysis unit. */
export interface FactSet {
  keys: KeyDefinition[];
  uses: KeyUse[];
  prints: SensitivePrint[];
  comments: Comment[];
  /** Notes for the user (file skipped, parse error recovered …): never contain file contents. */
  notes: Note[];
}

export interface Note {
  file: string;
  message: string;
}

// ---------------------------------------------------------------------------
// Findings

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  isPreferred?: boolean;
  /** Safe to apply in bulk (`source.fixAll`, `kms-lint scan --fix`). */
  safe?: boolean;
}

export interface RelatedInfo {
  loc: Loc;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  loc: Loc;
  related: RelatedInfo[];
  fixes: Fix[];
  /** How the deciding value was resolved, e.g. ["`var.allow_export` = true (variables.tf:4)"]. */
  resolution: string[];
  /** Set for suppression findings that are unused (editor shows them faded). */
  unnecessary?: boolean;
}
