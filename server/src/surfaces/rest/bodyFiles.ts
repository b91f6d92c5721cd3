// JSON and YAML files that are Thalassa request bodies.
//
// A body file says nothing about where it is sent, so it is recognised two ways:
//  - referenced: an .http request sends it (`< ./create-key.json`); the request's URL gives the
//    operation, region and key (extractHttpFacts.ts);
//  - standalone (heuristic): its top-level object has the shape of one request body:
//      `keyType` + `name`          → create-key body (CreateKmsKeyRequest)
//      `plaintext`                 → encrypt body
//      `kmsKeyIdentity` + `path`   → secret create body
//      `kmsKeyIdentity` + `region` → DNSSEC body
//    The region and key, which live in the URL, are then unknown, so only what the body itself
//    shows is checked (export flag, rotation, BYOK material, payload size, key references).
import * as path from 'path';
import { emptyFacts } from '../../engine/engine';
import type { FactSet } from '../../engine/types';
import { known, unknown } from '../../engine/value';
import { LineIndex, mergeFacts } from '../common';
import { parseJsonBody, type JsonBody } from './jsonBody';
import { restCallFacts, type RestCall, type UrlPart } from './restCall';
import { parseYamlBody } from './yamlBody';

export interface BodyFile {
  kind: 'json' | 'yaml';
  text: string;
  lines: LineIndex;
  parsed: JsonBody;
}

/** Field names only Thalassa request bodies combine; a file mentioning none of them is not read. */
const BODY_MARKERS = ['keyType', 'plaintext', 'ciphertext', 'kmsKeyIdentity', 'exportAllowed', 'keyRotationEnabled', 'rotationPeriodInDays', 'importKeyMaterial'];

function bodyKind(file: string): BodyFile['kind'] | undefined {
  const lower = file.toLowerCase();
  // Terraform JSON is Terraform's.
  if (lower.endsWith('.tf.json')) return undefined;
  const ext = path.extname(lower);
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

export function isBodyFileCandidate(file: string, text: string): boolean {
  return !!bodyKind(file) && BODY_MARKERS.some((m) => text.includes(m));
}

/** `kind` defaults to the file's extension (a Markdown fence passes the language it names). */
export function parseBodyFile(file: string, text: string, kind: BodyFile['kind'] = bodyKind(file) ?? 'json'): BodyFile {
  const lines = new LineIndex(text);
  const parsed = kind === 'json' ? parseJsonBody(file, text, lines, text, 0) : parseYamlBody(file, text, lines);
  return { kind, text, lines, parsed };
}

/** Facts of a body file nothing in the workspace was seen sending, when its shape says what it is. */
export function standaloneBodyFacts(file: string, body: BodyFile): FactSet {
  const facts = emptyFacts();
  const parsed = body.parsed.body;
  if (!parsed) return facts;
  const has = (name: string) => parsed.fields.some((f) => f.name === name);
  const anchor = body.parsed.nameLoc ?? parsed.loc;
  const inUrl = (what: string): UrlPart => ({ kind: 'value', value: unknown(`the ${what} is in the URL this body is sent to`), loc: anchor });
  let method: string;
  let urlParts: UrlPart[];
  if (has('keyType') && has('name')) {
    method = 'POST';
    urlParts = [{ kind: 'text', text: '/v1/kms/' }, inUrl('region'), { kind: 'text', text: '/keys' }];
  } else if (has('plaintext')) {
    method = 'POST';
    urlParts = [{ kind: 'text', text: '/v1/kms/' }, inUrl('region'), { kind: 'text', text: '/keys/' }, inUrl('key'), { kind: 'text', text: '/encrypt' }];
  } else if (has('kmsKeyIdentity') && has('path')) {
    method = 'POST';
    urlParts = [{ kind: 'text', text: '/v1/secrets/' }, inUrl('region'), { kind: 'text', text: '/secrets' }];
  } else if (has('kmsKeyIdentity') && has('region')) {
    method = 'PUT';
    urlParts = [{ kind: 'text', text: '/v1/dns/zones/' }, inUrl('zone'), { kind: 'text', text: '/dnssec' }];
  } else {
    return facts;
  }
  const call: RestCall = {
    surface: body.kind,
    method: known(method),
    url: unknown('request body file'),
    urlLoc: anchor,
    urlParts,
    body: parsed,
    loc: parsed.loc,
    nameLoc: anchor,
    scope: file,
    order: 0,
    inLoop: false,
  };
  facts.comments.push(...body.parsed.comments);
  const callFacts = restCallFacts(call);
  // The region is not written in this file: no location to point at or fix.
  for (const key of callFacts.keys) delete key.regionLoc;
  for (const use of callFacts.uses) if (use.purpose !== 'dnssec') delete use.regionLoc;
  return mergeFacts(facts, callFacts);
}
