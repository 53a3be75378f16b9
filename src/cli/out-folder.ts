import { CostlensError, messageOf } from '../errors.ts';
import { makeFolder } from '../lib/make-folder.ts';

/** The flag that names an output folder, for the usage error when it cannot be made. */
export interface OutFolderFlag {
  /** The command, as the error starts: `report`, `demo`. */
  command: string;
  /** The flag as typed, with its value: `--out reports/`. */
  flag: string;
  /** What the folder is for: `the e-mails`. */
  purpose: string;
  hint: string;
}

/**
 * Makes the output folder a user named, with its parents (lib/make-folder.ts: never Node's
 * recursive mkdir, which spins forever under /proc), once the flags are checked and before
 * anything is built. A path that cannot be a folder (an existing file, a path through one, a
 * place mkdir refuses) is a usage error (exit 2) naming the flag, with the OS's reason.
 */
export function prepareOutFolder(path: string, flag: OutFolderFlag): void {
  try {
    makeFolder(path);
  } catch (error) {
    throw new CostlensError('usage', `${flag.command}: ${flag.flag} cannot be the folder for ${flag.purpose}: ${messageOf(error).split('\n')[0]}`, {
      hint: flag.hint,
      cause: error,
    });
  }
}
