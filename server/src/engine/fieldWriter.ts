// Writes key fields in the syntax of the surface they live in, for quick fixes.
// Rules say *what* to set ("rotationEnabled = true"); this says how HCL, Go, a tcloud flag or
// a JSON body spells it.
import type { Attr, FieldWriter, Loc, TextEdit } from './types';

export type WritableField = 'exportAllowed' | 'rotationEnabled' | 'rotationDays' | 'allowRotation' | 'region';
export type FieldValue = boolean | number | string;

const NAMES: Record<FieldWriter['style'], Record<WritableField, string>> = {
  hcl: { exportAllowed: 'export_allowed', rotationEnabled: 'key_rotation_enabled', rotationDays: 'rotation_period_in_days', allowRotation: 'allow_rotation', region: 'region' },
  go: { exportAllowed: 'ExportAllowed', rotationEnabled: 'KeyRotationEnabled', rotationDays: 'RotationPeriodInDays', allowRotation: 'AllowRotation', region: 'Region' },
  cli: { exportAllowed: '--export-allowed', rotationEnabled: '--rotation-enabled', rotationDays: '--rotation-period-days', allowRotation: '--allow-rotation', region: '--region' },
  json: { exportAllowed: 'exportAllowed', rotationEnabled: 'keyRotationEnabled', rotationDays: 'rotationPeriodInDays', allowRotation: 'allowRotation', region: 'region' },
  yaml: { exportAllowed: 'exportAllowed', rotationEnabled: 'keyRotationEnabled', rotationDays: 'rotationPeriodInDays', allowRotation: 'allowRotation', region: 'region' },
  js: { exportAllowed: 'exportAllowed', rotationEnabled: 'keyRotationEnabled', rotationDays: 'rotationPeriodInDays', allowRotation: 'allowRotation', region: 'region' },
  python: { exportAllowed: 'exportAllowed', rotationEnabled: 'keyRotationEnabled', rotationDays: 'rotationPeriodInDays', allowRotation: 'allowRotation', region: 'region' },
};

/** The value as a literal of the style (`true`, `True`, `"nl-01"`, `90`; Go's `*int` needs an address). */
export function formatValue(style: FieldWriter['style'], field: WritableField, value: FieldValue): string {
  if (typeof value === 'string') return style === 'cli' ? value : JSON.stringify(value);
  if (typeof value === 'boolean' && style === 'python') return value ? 'True' : 'False';
  // RotationPeriodInDays is *int in the Go SDK; a literal has no address, so wrap it.
  if (style === 'go' && field === 'rotationDays') return `func() *int { d := ${value}; return &d }()`;
  return String(value);
}

/** `name = value` / `Name: value` / `--flag value` / `"name": value` for one field. */
export function formatField(style: FieldWriter['style'], field: WritableField, value: FieldValue): string {
  const name = NAMES[style][field];
  const literal = formatValue(style, field, value);
  switch (style) {
    case 'hcl':
      return `${name} = ${literal}`;
    case 'go':
    case 'yaml':
      return `${name}: ${literal}`;
    case 'cli':
      return value === true ? name : `${name} ${literal}`;
    case 'js':
      return `${name}: ${literal}`;
    case 'json':
    case 'python':
      return `"${name}": ${literal}`;
  }
}

/** Insert fields that are not written yet. */
export function insertFields(writer: FieldWriter, fields: [WritableField, FieldValue][]): TextEdit {
  const text = fields.map(([f, v]) => writer.before + formatField(writer.style, f, v) + writer.after).join('');
  return { file: writer.insertAt.file, range: writer.insertAt.range, newText: text };
}

/** Set a field: replace its value where it is written, else insert it. */
export function setField(writer: FieldWriter | undefined, attr: Attr<unknown> | undefined, field: WritableField, value: FieldValue): TextEdit | undefined {
  if (attr?.present) {
    if (writer?.style === 'cli' && typeof value === 'boolean' && attr.loc) {
      // `--flag` / `--flag=false`: rewrite the whole flag.
      return value ? replace(attr.loc, NAMES.cli[field]) : remove(attr);
    }
    if (attr.valueLoc && writer) return replace(attr.valueLoc, formatValue(writer.style, field, value));
    return undefined;
  }
  return writer ? insertFields(writer, [[field, value]]) : undefined;
}

export function remove(attr: Attr<unknown>): TextEdit | undefined {
  const loc = attr.removeLoc ?? attr.loc;
  return loc ? replace(loc, '') : undefined;
}

export function replace(loc: Loc, newText: string): TextEdit {
  return { file: loc.file, range: loc.range, newText };
}

/** How the surface spells a field, for messages (`allow_rotation`, `AllowRotation`, `--allow-rotation`). */
export function fieldName(style: FieldWriter['style'] | undefined, field: WritableField): string {
  return NAMES[style ?? 'hcl'][field];
}
