// Rule documentation for hovers and links: the bundled docs/rules/<id>.md pages (read at
// runtime from the package root, so they work offline) and the practice links.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PRACTICE_TITLES, type PracticeId, type Rule } from '../engine/rule';
import { ruleById } from '../rules';
import { packageRoot } from '../shared/paths';

const leads = new Map<string, string | undefined>();

export function ruleDocPath(rule: Rule): string {
  return path.join(packageRoot(), rule.meta.docs);
}

export function ruleDocUri(rule: Rule): string {
  return pathToFileURL(ruleDocPath(rule)).href;
}

/** `<docsBaseUrl>#<practice>`: the section of the best-practices page a rule enforces. */
export function practiceUrl(docsBaseUrl: string, practice: PracticeId): string {
  return `${docsBaseUrl.replace(/#.*$/, '')}#${practice}`;
}

export function practiceTitle(rule: Rule): string | undefined {
  return rule.meta.practice ? PRACTICE_TITLES[rule.meta.practice] : undefined;
}

/** The first paragraph of a rule's docs page (our summary of the practice), or its one-line description. */
export function ruleLead(ruleId: string): string | undefined {
  const rule = ruleById(ruleId);
  if (!rule) return undefined;
  if (!leads.has(ruleId)) leads.set(ruleId, readLead(ruleDocPath(rule)));
  return leads.get(ruleId) ?? rule.meta.description;
}

function readLead(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const paragraph: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed) {
      if (paragraph.length) break;
      continue;
    }
    if (trimmed.startsWith('#')) {
      if (paragraph.length) break;
      continue; // the page title
    }
    paragraph.push(trimmed);
  }
  return paragraph.length ? paragraph.join(' ') : undefined;
}
