// `kms-lint scan …` / `kms-lint server …`. TODO(cli helper): implement.
export async function runCli(argv: string[]): Promise<number | undefined> {
  console.error(`kms-lint: not implemented yet (${argv[0] ?? ''})`);
  return 2;
}
