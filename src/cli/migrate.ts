import { resolveStorePath } from '../store/open.ts';
import { missingPeriodFilesError } from '../store/missing-period-files.ts';
import { periodFilesDir } from '../store/period-files.ts';
import { upgradeStore } from '../store/upgrade.ts';
import type { Command } from './command.ts';
import { dbOption } from './common-options.ts';
import { integer, parseCommandArgs } from './args.ts';
import { plural, pluralNoun } from '../lib/text.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring a store written by an older costlens up to this version\'s schema, and point a moved or copied store at its own folder',
  usage: `costlens migrate [--db FILE] [--wait SECONDS]

  Applies the store's pending schema migrations (each in its own transaction, in a new store
  generation, so running dashboards keep reading until they reopen). Any ingest does the same
  first; this command does it alone. A store that is up to date is left as it is.
  A store moved or copied together with its folder of period files (FILE.periods) is pointed at
  that folder; readers refuse it until then, naming this command.
  A file that is not a costlens store, or a folder, is refused (exit 7), as is a store whose
  catalogue lists period files the disk no longer holds (naming them and the ingest that writes
  them again); a store another process holds past --wait is busy (exit 6).
${dbOption(14)}
  --wait      seconds to wait for another process's lock on the store (default 120)`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('migrate', args, { db: { type: 'string' }, wait: { type: 'string' } }, false);
    const path = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const waitMs = integer('wait', values.wait, 120) * 1000;
    const { from, to, relocated, foreign, missing } = await upgradeStore(path, { waitMs, onWait: (message) => ctx.stderr.write(`${message}\n`) });
    ctx.stdout.write(from === to ? `the store ${path} is up to date (schema version ${to})\n` : `migrated the store ${path} from schema version ${from} to ${to}\n`);
    if (relocated > 0) ctx.stdout.write(`pointed ${plural(relocated, 'period file')} at the store's own folder ${periodFilesDir(path)} (the store was moved or copied with it)\n`);
    if (foreign.length > 0) {
      ctx.stderr.write(`note: ${plural(foreign.length, 'period file')} ${pluralNoun(foreign.length, 'is', 'are')} still read from outside ${periodFilesDir(path)} (e.g. ${foreign[0]}): `
        + 'a copy of the store file alone, or one missing some files, shares them with the store it was copied from, whose later ingests may retire and delete them; copy the whole .periods folder and run this again\n');
    }
    if (missing.length > 0) throw missingPeriodFilesError(path, missing);
    return 0;
  },
};
