/**
 * `npm run gen:query-types`: writes src/engine/query-types.generated.ts from the headers of
 * queries/ (read through the query registry, so a malformed header fails here too, naming the
 * file and line). `--check` writes nothing and exits 1 when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { queryRegistry } from '../src/engine/query-registry.ts';
import { QUERY_TYPES_PATH, renderQueryTypes } from '../src/engine/query-types.ts';

const text = renderQueryTypes(queryRegistry().queries);
let current = '';
try {
  current = readFileSync(QUERY_TYPES_PATH, 'utf8');
} catch {
  // not written yet
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(`${QUERY_TYPES_PATH} is out of date: run npm run gen:query-types\n`);
    process.exit(1);
  }
} else if (current !== text) {
  writeFileSync(QUERY_TYPES_PATH, text);
  process.stderr.write(`wrote ${QUERY_TYPES_PATH}\n`);
} else {
  process.stderr.write(`${QUERY_TYPES_PATH} is up to date\n`);
}
