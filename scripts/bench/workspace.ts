// A synthetic repository for the benchmark: service folders with Terraform, Go, CI YAML, shell,
// Markdown and other files, about 5% of them touching KMS. Same seed, same bytes.
import * as fs from 'fs';
import * as path from 'path';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'terraform' | 'go' | 'yaml' | 'shell' | 'markdown' | 'other';
const KINDS: [Kind, number][] = [['terraform', 0.3], ['go', 0.3], ['yaml', 0.12], ['shell', 0.06], ['markdown', 0.07], ['other', 0.15]];
const REGIONS = ['nl-01', 'nl-02', 'de-01'];

export interface GeneratedWorkspace {
  files: number;
  bytes: number;
  kmsFiles: number;
  /** One Terraform and one Go file that mention KMS, for the incremental runs. */
  kmsTerraformFile: string;
  kmsGoFile: string;
}

export function generateWorkspace(root: string, fileCount: number, seed: number): GeneratedWorkspace {
  const rand = prng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  const kind = (): Kind => {
    let r = rand();
    for (const [k, share] of KINDS) if ((r -= share) < 0) return k;
    return 'other';
  };
  const out: GeneratedWorkspace = { files: 0, bytes: 0, kmsFiles: 0, kmsTerraformFile: '', kmsGoFile: '' };
  const counters = new Map<string, number>();
  for (let i = 0; i < fileCount; i++) {
    const service = `svc-${String(Math.floor(i / 12)).padStart(3, '0')}`;
    const k = kind();
    const kms = rand() < 0.05;
    const n = (counters.get(`${service}/${k}`) ?? 0) + 1;
    counters.set(`${service}/${k}`, n);
    const region = pick(REGIONS);
    const [rel, text] = render(k, kms, service, n, region, rand);
    const file = path.join(root, 'services', service, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    out.files++;
    out.bytes += Buffer.byteLength(text);
    if (/kms/i.test(text)) out.kmsFiles++;
    if (kms && k === 'terraform' && !out.kmsTerraformFile) out.kmsTerraformFile = file;
    if (kms && k === 'go' && !out.kmsGoFile) out.kmsGoFile = file;
  }
  return out;
}

function render(kind: Kind, kms: boolean, service: string, n: number, region: string, rand: () => number): [string, string] {
  const flag = () => rand() < 0.5;
  const days = [7, 30, 90, 180, 400][Math.floor(rand() * 5)];
  switch (kind) {
    case 'terraform':
      return [`infra/${kms ? 'kms' : 'network'}-${n}.tf`, kms ? terraformKms(service, n, region, flag(), flag(), days) : terraformPlain(service, n, region)];
    case 'go':
      return [`internal/${kms ? 'crypto' : 'handlers'}/file${n}.go`, kms ? goKms(n, region, flag()) : goPlain(n)];
    case 'yaml':
      return [`.github/workflows/deploy-${n}.yml`, ciYaml(service, region, kms)];
    case 'shell':
      return [`scripts/task-${n}.sh`, shellScript(service, region, kms, days)];
    case 'markdown':
      return [`docs/page-${n}.md`, markdown(service, region, kms)];
    default:
      return [n % 2 ? `data/fixture-${n}.json` : `notes-${n}.txt`, otherFile(service, n)];
  }
}

function terraformKms(service: string, n: number, region: string, exportAllowed: boolean, rotation: boolean, days: number): string {
  return `variable "allow_export_${n}" {
  type    = bool
  default = ${exportAllowed}
}

resource "thalassa_kms_key" "${service.replace(/-/g, '_')}_${n}" {
  region                  = "${region}"
  name                    = "${service}-key-${n}"
  key_type                = "aes256-gcm96"
  export_allowed          = var.allow_export_${n}
  key_rotation_enabled    = ${rotation}
  rotation_period_in_days = ${days}
  labels = {
    service = "${service}"
  }
}

resource "thalassa_secret" "${service.replace(/-/g, '_')}_db_${n}" {
  region     = "${region}"
  path       = "/${service}/prod/db-${n}"
  kms_key_id = thalassa_kms_key.${service.replace(/-/g, '_')}_${n}.id
  generate_secret {
    byte_length = 32
  }
}
`;
}

function terraformPlain(service: string, n: number, region: string): string {
  const blocks = [];
  for (let i = 0; i < 6; i++) {
    blocks.push(`resource "thalassa_subnet" "${service.replace(/-/g, '_')}_${n}_${i}" {
  name        = "${service}-subnet-${n}-${i}"
  description = "Subnet ${i} for ${service}"
  vpc_id      = var.vpc_id
  cidr        = "10.${n % 250}.${i}.0/24"
  labels = {
    service = "${service}"
    tier    = "${i % 2 ? 'app' : 'db'}"
  }
}
`);
  }
  return `variable "vpc_id" {
  type = string
}

locals {
  region = "${region}"
}

${blocks.join('\n')}`;
}

function goKms(n: number, region: string, viaFile: boolean): string {
  return `package crypto

import (
	"context"
	"os"

	tckms "github.com/thalassa-cloud/client-go/kms"
)

const region${n} = "${region}"

// Seal${n} wraps data with the service key.
func Seal${n}(ctx context.Context, client *tckms.Client, keyID string) ([]byte, error) {
	${viaFile ? `data, err := os.ReadFile("customers-${n}.csv")
	if err != nil {
		return nil, err
	}` : `data := make([]byte, 32)`}
	resp, err := client.EncryptBytes(ctx, region${n}, keyID, data)
	if err != nil {
		return nil, err
	}
	_ = os.Getenv("DEBUG")
	return []byte(resp.Ciphertext), nil
}
`;
}

function goPlain(n: number): string {
  const funcs = [];
  for (let i = 0; i < 8; i++) {
    funcs.push(`// Handle${n}_${i} serves one route.
func Handle${n}_${i}(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	items := make([]string, 0, ${i + 4})
	for j := 0; j < ${i + 4}; j++ {
		items = append(items, fmt.Sprintf("item-%d-%d", ${n}, j))
	}
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintln(w, strings.Join(items, ","))
}
`);
  }
  return `package handlers

import (
	"fmt"
	"net/http"
	"strings"
)

${funcs.join('\n')}`;
}

function ciYaml(service: string, region: string, kms: boolean): string {
  return `name: deploy ${service}
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: make build SERVICE=${service}
      - name: Test
        run: go test ./...
${kms ? `      - name: Create key
        run: |
          tcloud kms keys create --region ${region} --name ${service}-ci \\
            --key-type aes256-gcm96 --export-allowed
` : `      - name: Deploy
        run: ./scripts/deploy.sh ${region}
`}`;
}

function shellScript(service: string, region: string, kms: boolean, days: number): string {
  return `#!/usr/bin/env bash
set -euo pipefail

SERVICE="${service}"
REGION="${region}"

echo "deploying $SERVICE to $REGION"
for i in 1 2 3; do
  echo "step $i"
done
${kms ? `tcloud kms keys create --region "$REGION" --name "$SERVICE-key" --rotation-enabled --rotation-period-days ${days}
tcloud kms keys delete "$SERVICE-old" --region "$REGION" --force
` : `make deploy
`}`;
}

function markdown(service: string, region: string, kms: boolean): string {
  return `# ${service}

This service runs in ${region}. It serves requests and stores state in a database.

## Running locally

\`\`\`bash
make run SERVICE=${service}
\`\`\`
${kms ? `
## Encrypting a file

\`\`\`bash
tcloud kms encrypt --region ${region} --key ${service}-key --from-file data.csv --to-file data.enc
\`\`\`
` : ''}`;
}

function otherFile(service: string, n: number): string {
  const rows = [];
  for (let i = 0; i < 40; i++) rows.push(`  {"id": ${i}, "service": "${service}", "name": "row-${n}-${i}", "enabled": ${i % 3 === 0}}`);
  return n % 2 ? `[\n${rows.join(',\n')}\n]\n` : `${rows.join('\n')}\n`;
}
