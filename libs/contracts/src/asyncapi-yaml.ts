import { stringify } from 'yaml';
import type { AsyncApiDocument } from './asyncapi.js';

/** The command that regenerates docs/asyncapi.yaml (run from the repository root). */
export const regenerateAsyncApiCommand = 'npx tsc -b libs/contracts && node libs/contracts/dist/cli/asyncapi.js';

/** docs/asyncapi.yaml as text: a do-not-edit header, then the document. Deterministic. */
export function renderAsyncApiYaml(doc: AsyncApiDocument): string {
  const header = [
    '# GENERATED from the zod schemas of libs/contracts (src/asyncapi.ts). Do not edit by hand.',
    `# Regenerate: ${regenerateAsyncApiCommand}`,
    '',
  ].join('\n');
  return header + stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
