// Shell embedded in CI YAML, Makefiles and Dockerfiles: facts at their positions in the host file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument, isMap, type Scalar } from 'yaml';
import type { FactSet, KeyUse, Loc, Value } from '../../server/src/engine/types';
import { ciKind } from '../../server/src/surfaces/hosts/ciYaml';
import { isDockerfile } from '../../server/src/surfaces/hosts/dockerfile';
import { createShellHostsExtractor } from '../../server/src/surfaces/hosts/extractHostFacts';
import { isMakefile } from '../../server/src/surfaces/hosts/makefile';
import { decodeScalar } from '../../server/src/surfaces/hosts/yamlScalars';
import { analyze, applyEdits, findingsFor } from '../helpers/ruleTester';
import { extract, fixture, textAt, where } from './surfaceTestUtils';

const workflow = fixture('shell', 'github-workflow.yml');
const gitlabCi = fixture('shell', 'gitlab-ci.yml');
const makefile = fixture('shell', 'Makefile');
const dockerfile = fixture('shell', 'Dockerfile');

async function hostFacts(name: string, text: string): Promise<FactSet> {
  return extract(createShellHostsExtractor(), { [name]: text });
}

function valueOf<T>(v: Value<T> | undefined): T | string | undefined {
  if (!v) return undefined;
  return v.known ? v.value : `unknown: ${v.reason}`;
}

/** `line:col-line:col "covered text"`, 1-based. */
function shown(text: string, loc: Loc | undefined): string {
  return `${where(loc)?.replace(/^[^:]*:/, '')} ${JSON.stringify(textAt(text, loc))}`;
}

function summary(text: string, u: KeyUse) {
  return [u.purpose, valueOf(u.key), shown(text, u.keyLoc), valueOf(u.region), u.scope, u.order];
}

describe('hosts: which files', () => {
  test('CI YAML, Makefiles, Dockerfiles by name', () => {
    assert.equal(ciKind('/ws/.github/workflows/deploy.yml'), 'github');
    assert.equal(ciKind('/ws/.github/workflows/deploy.yaml'), 'github');
    assert.equal(ciKind('/ws/.github/actions/kms/action.yml'), 'github');
    assert.equal(ciKind('/ws/.gitlab-ci.yml'), 'gitlab');
    assert.equal(ciKind('/ws/ci/deploy.gitlab-ci.yml'), 'gitlab');
    assert.equal(ciKind('/ws/config/app.yml'), undefined);
    assert.equal(ciKind('/ws/.github/dependabot.yml'), undefined);
    assert.deepEqual(['Makefile', 'makefile', 'GNUmakefile', 'rules.mk', 'Makefile.am'].map((f) => isMakefile(`/ws/${f}`)), [true, true, true, true, false]);
    assert.deepEqual(
      ['Dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'api.dockerfile', 'Containerfile', 'docker-compose.yml', 'Dockerfile.md', 'dockerfile.ts', 'Dockerfile.dockerignore'].map((f) => isDockerfile(`/ws/${f}`)),
      [true, true, true, true, true, false, false, false, false],
    );
  });
});

describe('hosts: YAML scalars decode with the host position of every character', () => {
  test('block literal and folded, plain, single and double quoted, all matching the yaml package', () => {
    const src = 'a: |\n  echo 1\n    two\n\n  three\nb: >-\n  one\n  two\n\n  three\n    more\nc: "x\\"y \\\n   z\\u00e9"\nd: plain\n  folded\ne: \'it\'\'s\'\nf: |2\n    indented\n';
    const doc = parseDocument(src);
    assert.ok(isMap(doc.contents));
    const decoded = Object.fromEntries(doc.contents.items.map((p) => [String((p.key as Scalar).value), decodeScalar(src, p.value as Scalar)]));
    assert.deepEqual(
      Object.fromEntries(Object.entries(decoded).map(([k, d]) => [k, d?.text])),
      { a: 'echo 1\n  two\n\nthree\n', b: 'one two\nthree\n  more\n', c: 'x"y zé', d: 'plain folded', e: "it's", f: '  indented\n' },
    );
    // Every character maps back: copied ones onto themselves, decoded ones onto what they decode.
    const c = decoded.c!;
    assert.deepEqual([...c.text].map((_, i) => src.slice(c.starts[i], c.ends[i])), ['x', '\\"', 'y', ' ', 'z', '\\u00e9']);
    const a = decoded.a!;
    assert.equal(src.slice(a.starts[0], a.ends[5]), 'echo 1');
  });
});

describe('hosts: GitHub Actions', () => {
  const name = '.github/workflows/keys.yml';

  test('run: | block — positions in the .yml, env: at workflow and job level, ${{ env.X }}', async () => {
    const f = await hostFacts(name, workflow);
    assert.equal(f.keys.length, 1, 'the commented-out create in the block is a comment');
    const key = f.keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.region), key.scope], ['orders', 'nl-01', 'github:/ws/.github/workflows/keys.yml#keys']);
    assert.equal(shown(workflow, key.nameLoc), '14:22-14:33 "keys create"');
    assert.equal(shown(workflow, key.exportAllowed.loc), '15:13-15:29 "--export-allowed"');
    assert.deepEqual(key.name.trace.map((s) => [s.label, where(s.loc)]), [
      ['--name "$KEY"', '.github/workflows/keys.yml:14:34-14:47'],
      ['KEY: orders', '.github/workflows/keys.yml:10:7-10:18'],
    ]);
    const del = f.uses.find((u) => u.purpose === 'delete')!;
    assert.deepEqual(summary(workflow, del), ['delete', { text: 'orders' }, '17:34-17:40 "\\"$KEY\\""', 'nl-01', key.scope, 1]);
    assert.equal(shown(workflow, del.regionLoc), '17:50-17:67 "${{ env.REGION }}"');
    assert.deepEqual(del.region.trace.map((s) => s.label), ['--region ${{ env.REGION }}', 'REGION: nl-01']);
    // The disable goes inside the block, indented like the delete.
    const fixed = applyEdits(workflow, [{ file: '', range: del.statementStart!.loc.range, newText: del.statementStart!.text }]);
    assert.deepEqual(fixed.split('\n').slice(15, 18), [
      '          # tcloud kms keys create --name commented --region nl-01 --export-allowed',
      '          tcloud kms keys disable "$KEY" --region ${{ env.REGION }}',
      '          tcloud kms keys delete "$KEY" --region ${{ env.REGION }}',
    ]);
  });

  test('plain, double-quoted and folded run: values; secrets expressions stay unknown; pwsh and Windows steps are skipped', async () => {
    const f = await hostFacts(name, workflow);
    const exp = f.uses.find((u) => u.purpose === 'export')!;
    assert.deepEqual([valueOf(exp.key), shown(workflow, exp.keyLoc), valueOf(exp.region)], ['unknown: ${{ secrets.KEY_ID }} is only known when the workflow runs', '19:38-19:59 "${{ secrets.KEY_ID }}"', 'nl-01']);
    const dec = f.uses.find((u) => u.purpose === 'decrypt')!;
    assert.deepEqual([shown(workflow, dec.nameLoc), dec.payload?.via, shown(workflow, dec.payload?.loc)], ['20:26-20:33 "decrypt"', '--from-file "data.enc"', '20:74-20:86 "\\\\\\"data.enc\\\\\\""']);
    const enc = f.uses.find((u) => u.purpose === 'encrypt')!;
    assert.deepEqual([shown(workflow, enc.nameLoc), shown(workflow, enc.regionLoc), dec.order, enc.order], ['22:22-22:29 "encrypt"', '23:20-23:25 "nl-01"', 3, 4]);
    assert.deepEqual(
      f.uses.map((u) => u.purpose),
      ['delete', 'export', 'decrypt', 'encrypt'],
    );
    assert.deepEqual(
      f.prints.map((p) => [p.value, shown(workflow, p.loc), p.fix?.edits[0].newText]),
      [
        ['key-material', '19:14-19:31 "tcloud kms export"', ' > key-material.bin'],
        ['plaintext', '20:15-20:33 "tcloud kms decrypt"', ' --to-file data.bin'],
      ],
    );
    assert.deepEqual(f.comments.map((c) => shown(workflow, c.loc)), [
      '1:19-1:73 "# kms-lint-disable-file envelope-encryption -- fixture"',
      '16:11-16:84 "# tcloud kms keys create --name commented --region nl-01 --export-allowed"',
    ]);
  });

  test('end to end: findings in the workflow, the file-level suppression applies', async () => {
    const { findings } = await analyze({ [name]: workflow });
    assert.deepEqual(findingsFor(findings, 'envelope-encryption'), []);
    const exported = findingsFor(findings, 'export-allowed').filter((x) => x.severity === 'error');
    assert.equal(exported.length, 1);
    const fixed = applyEdits(workflow, exported[0].fixes[0].edits);
    assert.deepEqual(fixed.split('\n').slice(13, 15), ['          tcloud kms keys create --name "$KEY" --region "$REGION"', '          # tcloud kms keys create --name commented --region nl-01 --export-allowed']);
  });

  test('a captured secret echoed to the log is a print, unless it is masked with ::add-mask::', async () => {
    const yml = [
      'jobs:',
      '  a:',
      '    steps:',
      '      - run: |',
      '          PLAIN=$(tcloud kms decrypt --key k --region nl-01 --from-file s.enc)',
      '          echo "::add-mask::$PLAIN"',
      '          echo "plaintext is $PLAIN"',
      '',
    ].join('\n');
    const f = await hostFacts(name, yml);
    assert.deepEqual(f.prints.map((p) => [p.value, p.sink, shown(yml, p.loc)]), [['plaintext', 'echo', '7:16-7:37 "\\"plaintext is $PLAIN\\""']]);
  });

  test('composite action steps', async () => {
    const action = ['name: kms', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: tcloud kms keys delete ${{ inputs.key }} --region nl-01', ''].join('\n');
    const f = await hostFacts('.github/actions/kms/action.yml', action);
    assert.deepEqual(f.uses.map((u) => [u.purpose, valueOf(u.key), shown(action, u.keyLoc)]), [['delete', 'unknown: ${{ inputs.key }} is only known when the workflow runs', '6:35-6:52 "${{ inputs.key }}"']]);
  });
});

describe('hosts: GitLab CI', () => {
  test('script lists: before_script and script share one shell, after_script gets a new one; variables', async () => {
    const f = await hostFacts('.gitlab-ci.yml', gitlabCi);
    const scope = 'gitlab:/ws/.gitlab-ci.yml#rotate';
    assert.deepEqual(
      f.uses.filter((u) => u.scope === scope).map((u) => summary(gitlabCi, u)),
      [
        ['disable', { text: 'orders' }, '12:31-12:37 "\\"$KEY\\""', 'nl-02', scope, 0],
        ['delete', { text: 'orders' }, '13:30-13:36 "\\"$KEY\\""', 'nl-02', scope, 1],
        ['delete', 'unknown: $KEY is not set in the script', '18:30-18:36 "\\"$KEY\\""', 'nl-02', scope, 3],
      ],
    );
    const key = f.keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.rotationDays.value), shown(gitlabCi, key.rotationDays.loc), key.order], ['unknown: DERIVED refers to other variables, expanded by GitLab', 400, '16:28-16:54 "--rotation-period-days 400"', 2]);
    // A disable for the after_script delete becomes a new list item above it.
    const late = f.uses.filter((u) => u.purpose === 'delete')[1];
    assert.deepEqual([where(late.statementStart?.loc), late.statementStart?.text], ['.gitlab-ci.yml:18:1-18:1', '    - tcloud kms keys disable "$KEY" --region nl-02\n']);
    assert.deepEqual(f.comments.map((c) => c.text), ['# gone']);
  });

  test('!reference lines are not commands of this file', async () => {
    const yml = ['job:', '  script:', '    - !reference [.setup, script]', '    - tcloud kms keys disable k --region nl-01', ''].join('\n');
    const f = await hostFacts('.gitlab-ci.yml', yml);
    assert.deepEqual(f.uses.map((u) => [u.purpose, shown(yml, u.nameLoc)]), [['disable', '4:18-4:30 "keys disable"']]);
  });

  test('a script given as one string, in a hidden template job', async () => {
    const f = await hostFacts('.gitlab-ci.yml', gitlabCi);
    const exp = f.uses.find((u) => u.purpose === 'export')!;
    assert.deepEqual([exp.scope, shown(gitlabCi, exp.nameLoc)], ['gitlab:/ws/.gitlab-ci.yml#.template', '20:22-20:28 "export"']);
  });
});

describe('hosts: Makefile', () => {
  test('$(VAR) from the Makefile, $$ for the shell, prefixes @ -, continuations, make conditionals', async () => {
    const f = await hostFacts('Makefile', makefile);
    const [key, inner] = f.keys;
    assert.deepEqual([valueOf(key.name), valueOf(key.region), key.scope], ['orders', 'nl-01', 'make:/ws/Makefile#rotate']);
    assert.deepEqual(key.name.trace.map((s) => [s.label, where(s.loc)]), [
      ['--name $(KEY)', 'Makefile:12:28-12:41'],
      ['KEY ?= orders', 'Makefile:2:1-2:14'],
    ]);
    assert.equal(shown(makefile, key.regionLoc), '12:51-12:60 "$(REGION)"');
    assert.equal(shown(makefile, key.exportAllowed.loc), '13:4-13:20 "--export-allowed"');
    // $(TCLOUD) is pasted in as make does: the command still reads as tcloud.
    assert.equal(shown(makefile, key.nameLoc), '12:16-12:27 "keys create"');
    const removed = applyEdits(makefile, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.equal(removed.split('\n')[11], '\t$(TCLOUD) kms keys create --name $(KEY) --region $(REGION)');

    const uses = f.uses.map((u) => summary(makefile, u));
    assert.deepEqual(uses, [
      ['delete', 'unknown: $KEY_ID is not set in the script', '14:26-14:34 "$$KEY_ID"', 'nl-01', 'make:/ws/Makefile#rotate', 1],
      ['delete', { defId: inner.id }, '15:84-15:90 "\\"$$ID\\""', 'nl-01', 'make:/ws/Makefile#rotate', 3],
      ['encrypt', { text: 'orders' }, '16:27-16:33 "$(KEY)"', 'unknown: $(ZONE) is set under a make conditional', 'make:/ws/Makefile#rotate', 4],
      ['secret', { text: 'orders' }, '18:83-18:89 "$(KEY)"', 'nl-01', 'make:/ws/Makefile#secrets', 0],
    ]);
    // The disable recipe line copies the tab and the @ of the delete's line.
    assert.deepEqual(f.uses[0].statementStart && [where(f.uses[0].statementStart.loc), f.uses[0].statementStart.text], ['Makefile:14:1-14:1', '\t@tcloud kms keys disable $$KEY_ID --region $(REGION)\n']);
    assert.deepEqual(f.uses[2].payload && [f.uses[2].payload.source, f.uses[2].payload.via], ['file', '--from-file $@.csv']);
    assert.deepEqual(f.comments.map((c) => shown(makefile, c.loc)), ['2:15-2:24 "# the key"', '9:1-9:22 "# Rotate and clean up"']);
  });

  test('exported make variables are in the recipe environment ($$VAR)', async () => {
    const mk = ['export REGION := nl-01', 'KEY = orders', 'export KEY', 'LOCAL = x', 'all:', '\ttcloud kms keys delete $$KEY --region "$$REGION" --context $$LOCAL', ''].join('\n');
    const use = (await hostFacts('Makefile', mk)).uses[0];
    assert.deepEqual([valueOf(use.key), valueOf(use.region)], [{ text: 'orders' }, 'nl-01']);
    assert.deepEqual(use.region.trace.map((s) => [s.label, where(s.loc)]), [
      ['--region "$REGION"', 'Makefile:6:31-6:50'],
      ['export REGION := nl-01', 'Makefile:1:1-1:23'],
    ]);
  });

  test('each recipe line is its own shell, unless .ONESHELL', async () => {
    const lines = ['deploy:', '\tKEY=orders', '\ttcloud kms keys delete $$KEY --region nl-01', ''];
    const separate = await hostFacts('Makefile', lines.join('\n'));
    assert.equal(valueOf(separate.uses[0].key), 'unknown: $KEY is not set in the script');
    const one = await hostFacts('Makefile', ['.ONESHELL:', ...lines].join('\n'));
    assert.deepEqual(valueOf(one.uses[0].key), { text: 'orders' });
  });
});

describe('hosts: Dockerfile', () => {
  test('RUN with continuations and a comment inside; ENV and ARG; one scope for the file', async () => {
    const f = await hostFacts('Dockerfile', dockerfile);
    const key = f.keys[0];
    assert.deepEqual([valueOf(key.name), valueOf(key.region), key.scope], ['orders key', 'nl-01', 'docker:/ws/Dockerfile']);
    assert.deepEqual(key.region.trace.map((s) => [s.label, where(s.loc)]), [
      ['--region $REGION', 'Dockerfile:7:43-7:59'],
      ['ARG REGION', 'Dockerfile:4:5-4:11'],
      ['ARG REGION=nl-01', 'Dockerfile:2:5-2:17'],
    ]);
    assert.equal(shown(dockerfile, key.exportAllowed.loc), '9:5-9:21 "--export-allowed"');
    const removed = applyEdits(dockerfile, [{ file: '', range: key.exportAllowed.removeLoc!.range, newText: '' }]);
    assert.deepEqual(removed.split('\n').slice(6, 8), ['RUN tcloud kms keys create --name "$NAME" --region $REGION \\', ' && tcloud kms keys delete $KEY --region ${REGION}']);
    assert.deepEqual(f.comments.map((c) => c.text), ['# syntax=docker/dockerfile:1', '# create the key', '# a comment inside the continuation', '# shell comment in a heredoc']);
  });

  test('disable before delete: a RUN line above a plain RUN, joined with && otherwise', async () => {
    const f = await hostFacts('Dockerfile', dockerfile);
    const deletes = f.uses.filter((u) => u.purpose === 'delete').map((u) => [valueOf(u.key), where(u.statementStart?.loc), u.statementStart?.text]);
    assert.deepEqual(deletes, [
      [{ text: 'orders' }, 'Dockerfile:10:5-10:5', 'tcloud kms keys disable $KEY --region ${REGION} && '],
      [{ text: 'kms-9' }, 'Dockerfile:11:1-11:1', 'RUN tcloud kms keys disable kms-9 --region nl-01\n'],
      [{ text: 'kms-8' }, 'Dockerfile:12:34-12:34', 'tcloud kms keys disable kms-8 --region nl-01 && '],
    ]);
  });

  test('exec form, sh -c, heredoc; a PowerShell SHELL stops the checks', async () => {
    const f = await hostFacts('Dockerfile', dockerfile);
    const exp = f.uses.find((u) => u.purpose === 'export')!;
    assert.deepEqual([shown(dockerfile, exp.nameLoc), shown(dockerfile, exp.keyLoc), valueOf(exp.region)], ['13:23-13:31 "\\"export\\""', '13:42-13:50 "\\"orders\\""', 'nl-01']);
    // Exec-form words are not shell text: no fixes that would edit them as such.
    const printed = f.prints.find((p) => p.value === 'key-material')!;
    assert.deepEqual([shown(dockerfile, printed.loc), printed.fix], ['13:6-13:31 "\\"tcloud\\", \\"kms\\", \\"export\\""', undefined]);
    const dec = f.uses.find((u) => u.purpose === 'decrypt')!;
    assert.deepEqual([shown(dockerfile, dec.nameLoc), shown(dockerfile, dec.payload?.loc)], ['14:30-14:37 "decrypt"', '14:78-14:87 "\\\\\\"x.enc\\\\\\""']);
    const enc = f.uses.find((u) => u.purpose === 'encrypt')!;
    assert.deepEqual([shown(dockerfile, enc.nameLoc), enc.payload?.via], ['17:12-17:19 "encrypt"', '--from-file data.csv']);
    assert.equal(f.uses.filter((u) => u.purpose === 'export').length, 1, 'the RUN after SHELL ["pwsh"] is not shell');
  });
});

describe('hosts: bad input', () => {
  test('broken YAML, unterminated make references, Windows Dockerfiles: no throw, notes instead of guesses', async () => {
    const broken = await hostFacts('.github/workflows/x.yml', 'jobs:\n  a:\n    steps:\n      - run: [unclosed\n      - run: "tcloud kms export --key k --region r\n');
    assert.ok(Array.isArray(broken.uses));
    const make = await hostFacts('Makefile', 'all:\n\ttcloud kms keys delete $(KEY --region r\n');
    assert.equal(make.uses.length, 1);
    const windows = await hostFacts('Dockerfile', '# escape=`\nFROM mcr.microsoft.com/windows\nRUN tcloud kms export --key k --region r\n');
    assert.deepEqual([windows.uses.length, windows.notes.map((n) => n.message)], [0, ['RUN instructions not checked: the escape directive makes this a Windows Dockerfile']]);
  });
});
