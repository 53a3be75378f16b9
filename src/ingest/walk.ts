import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError, isFsError } from '../lib/fs-errors.ts';
import { isWithin } from '../lib/path-within.ts';
import { codePointOrder } from '../lib/order.ts';

interface Walked {
  path: string;
  real: string;
  link: boolean;
}

function listFolder(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => codePointOrder(a.name, b.name));
  } catch (error) {
    throw isFsError(error) ? describeFsError(error, 'input', dir) : error;
  }
}

/**
 * The files under `root`, in name order, and the entries it does not read with the reason.
 * Symbolic links to files inside `root` are followed; links that lead outside it, links to
 * folders (their files are read where they are), broken links and special files are listed as
 * ignored. A file reached twice (a link and its target) is read once, through the name that
 * `wanted` accepts (a data file's name rather than a hidden one), else the file's own name.
 */
export function walkFolder(root: string, wanted: (path: string) => boolean = () => true): { files: string[]; ignored: string[] } {
  const realRoot = realpathSync(root);
  const found: Walked[] = [];
  const ignored: string[] = [];
  const visit = (dir: string) => {
    for (const entry of listFolder(dir)) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) found.push({ path: full, real: realpathSync(full), link: false });
      else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          ignored.push(`${full} (a symbolic link whose target does not exist)`);
          continue;
        }
        if (!isWithin(realRoot, target)) ignored.push(`${full} (a symbolic link to ${target}, outside ${root}: not followed)`);
        else if (statSync(target).isDirectory()) ignored.push(`${full} (a symbolic link to the folder ${target}, whose files are read where they are)`);
        else if (statSync(target).isFile()) found.push({ path: full, real: target, link: true });
        else ignored.push(`${full} (a symbolic link to something that is not a file)`);
      } else {
        ignored.push(`${full} (not a regular file)`);
      }
    }
  };
  visit(root);
  const rank = (file: Walked) => (wanted(file.path) ? 2 : 0) + (file.link ? 0 : 1);
  const kept = new Map<string, Walked>();
  for (const file of found) {
    const first = kept.get(file.real);
    if (!first || rank(file) > rank(first)) kept.set(file.real, file);
  }
  const files: string[] = [];
  for (const file of found) {
    const chosen = kept.get(file.real)!;
    if (chosen === file) files.push(file.path);
    else ignored.push(`${file.path} (the same file as ${chosen.path}, read once)`);
  }
  return { files, ignored };
}
