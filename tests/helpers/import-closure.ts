/**
 * The source files a module runs: it and every repository module it imports, transitively
 * (static `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')` of
 * relative specifiers; `import type` too, which costs a few more files and misses nothing). Packages
 * are left out (the lock file keys them). The key of a test cache built by that module's code,
 * narrower than all of src/ (tests/helpers/cached-demo.ts keys the generated demo by it).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The module a relative specifier names from `importer`: the file itself, or with `.ts` / `/index.ts` added. */
function resolveSpecifier(importer: string, specifier: string): string {
  const base = resolve(dirname(importer), specifier);
  const found = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((path) => existsSync(path) && statSync(path).isFile());
  if (found === undefined) throw new Error(`${relative(ROOT, importer)} imports ${specifier}, which is no file`);
  return found;
}

/**
 * The repository-relative paths of `entry` (repository-relative) and of every module it imports,
 * transitively, sorted.
 */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) visit(resolveSpecifier(file, specifier));
  };
  visit(join(ROOT, entry));
  return [...seen].map((file) => relative(ROOT, file)).sort();
}
