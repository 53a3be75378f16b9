import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { billingPeriodBounds, mostUsedTagKey } from '../analyze/attribution/index.ts';
import { parseDay } from '../analyze/billing-calendar.ts';
import { readDefaultBillPeriod } from '../analyze/whole-bills-period.ts';
import { generateDemo } from '../demo/index.ts';
import { withEngine } from '../engine/duckdb-engine.ts';
import { CostlensError } from '../errors.ts';
import { ingestPaths } from '../ingest/loader.ts';
import { createDuckDB, readerSettings } from '../store/duckdb-settings.ts';
import { resolveStorePath } from '../store/open.ts';
import { refuseNonStoreFile } from '../store/store-file.ts';
import { upgradeStore } from '../store/upgrade.ts';
import { DEFAULT_PORT, MAX_PORT, integer, parseCommandArgs } from './args.ts';
import type { Command, CommandContext } from './command.ts';
import { dbOption } from './common-options.ts';
import { DEMO_DIR_HINT } from './demo.ts';
import { prepareOutFolder } from './out-folder.ts';
import { utcToday } from '../lib/calendar.ts';
import { readStoreStatus, storeStatusTables } from './status.ts';
import { tableWidth } from './store-reader.ts';
import { serveCommand } from './serve.ts';
import { plural } from '../lib/text.ts';

/** The demo files `npm start` ingests: CUR 2.0 plus metrics, inventory and business metrics. */
export function demoIngestPaths(demoDir: string): string[] {
  return [join(demoDir, 'cur2'), join(demoDir, 'metrics.csv'), join(demoDir, 'inventory.csv'), join(demoDir, 'business-metrics.csv')];
}

async function storeHasLineItems(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  refuseNonStoreFile(path);
  const instance = await createDuckDB(path, readerSettings()).catch(() => undefined);
  if (!instance) return false;
  const connection = await instance.connect();
  try {
    // From the catalogue, not the views: a store moved with its folder names files its views cannot read yet.
    for (const sql of [`SELECT count(*) FROM period_files WHERE relation = 'line_items'`, 'SELECT count(*) FROM line_items_inline', 'SELECT count(*) FROM line_items']) {
      const count = await connection.runAndReadAll(sql).then((r) => Number(r.getRows()[0][0]), () => 0); // a store of an older schema lacks the first two
      if (count > 0) return true;
    }
    return false;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export const startCommand: Command = {
  name: 'start',
  summary: 'first run: generate and ingest the demo (once), then summarise the store',
  usage: `costlens start [--db FILE] [--demo-dir DIR] [--port 8787] [--as-of YYYY-MM-DD] [--no-serve]

  What \`npm start\` runs. With an empty store it writes the deterministic demo organisation
  (costlens demo, as of --as-of: default today) to --demo-dir (default data/demo) and ingests its CUR 2.0 export, metrics,
  inventory and business metrics. A store that already holds line items is reused (migrated
  first when an older costlens wrote it).
  Then it prints what the store holds and serves the dashboards on http://127.0.0.1:8787
  (costlens serve) until stopped; --no-serve stops after the summary.
${dbOption(14, 'the demo is generated and ingested into it only when it holds no line items')}
  --demo-dir  the folder the demo is written to (default data/demo; a previous demo there is
              replaced); not used on a store that already holds line items
  --port      the dashboards' port (default 8787; 0 picks a free one)
  --as-of     the demo's day: usage up to the end of the day before (default today, UTC; try a
              1st, 2nd or 15th of a month); not used on a store that already holds line items
  --no-serve  stop after the summary instead of serving the dashboards`,
  async run(args, ctx) {
    const { values } = parseCommandArgs('start', args, {
      db: { type: 'string' },
      'demo-dir': { type: 'string' },
      port: { type: 'string' },
      'no-serve': { type: 'boolean' },
      'as-of': { type: 'string' },
    }, false);
    const asOf = values['as-of'] === undefined ? undefined : parseDay('as-of', values['as-of']);
    const port = integer('port', values.port, DEFAULT_PORT, 0, MAX_PORT);
    const store = resolveStorePath(values.db, ctx.env, ctx.cwd);
    const demoDir = resolve(ctx.cwd, values['demo-dir'] ?? 'data/demo');
    if (await storeHasLineItems(store)) {
      ctx.stderr.write(`reusing the store ${relative(ctx.cwd, store) || store}\n`);
      const unused = [asOf === undefined ? '' : `--as-of ${asOf}`, values['demo-dir'] === undefined ? '' : `--demo-dir ${values['demo-dir']}`].filter(Boolean);
      if (unused.length > 0) {
        ctx.stderr.write(`note: ${unused.join(' and ')} ${unused.length > 1 ? 'are' : 'is'} not used: the store already holds line items, and the demo is generated only into an empty store `
          + `(give another --db, or remove this store, to generate it${asOf === undefined ? '' : ` as of ${asOf}`})\n`);
      }
      const { from, to, relocated } = await upgradeStore(store, { onWait: (message) => ctx.stderr.write(`${message}\n`) });
      if (from !== to) ctx.stderr.write(`  migrated it from schema version ${from} to ${to}\n`);
      if (relocated > 0) ctx.stderr.write(`  pointed ${plural(relocated, 'period file')} at its own folder (it was moved or copied with it)\n`);
    } else {
      prepareOutFolder(demoDir, { command: 'start', flag: `--demo-dir ${values['demo-dir'] ?? 'data/demo (the default)'}`, purpose: 'the demo', hint: DEMO_DIR_HINT });
      await seedDemo(store, demoDir, ctx, asOf);
    }
    const status = await readStoreStatus(store, utcToday());
    ctx.stdout.write(`\nThe store ${store} holds:\n${storeStatusTables(status, tableWidth(ctx, false))}`);
    ctx.stdout.write(`\n${tryCommands(values.db, await suggestedTagKey(store))}`);
    if (values['no-serve']) return 0;
    return serveCommand.run(['--db', store, '--port', String(port)], ctx);
  },
};

/** A word as a POSIX shell reads it back: as it is when it holds no special character, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w./+=:@%-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The tag key `attribute` is suggested with: the most used in the billing period it reads by
 * default (mostUsedTagKey: on the demo `team`, on the real 2018 CURs `cost_center`); undefined when
 * no line of that period carries a tag, or the store holds no billing data to choose a period in.
 */
async function suggestedTagKey(store: string): Promise<string | undefined> {
  return withEngine(store, async (engine) => {
    const { chosen } = await readDefaultBillPeriod(engine);
    return mostUsedTagKey(engine, billingPeriodBounds(chosen.period));
  }).catch((error: unknown) => {
    if (error instanceof CostlensError && error.code === 'not_found') return undefined;
    throw error;
  });
}

/** The commands to try next, on the store just summarised: with `--db` as given, when it was; `attribute` by `tagKey`, when there is one. */
function tryCommands(db: string | undefined, tagKey: string | undefined): string {
  const store = db === undefined ? '' : ` --db ${shellWord(db)}`;
  const attribute = tagKey === undefined ? '' : `  npx costlens attribute --tag ${shellWord(tagKey)}${store}\n`;
  return `Try:\n${attribute}  npx costlens idle${store}\n`
    + `  npx costlens sql${store} "SELECT ServiceName, sum(BilledCost) FROM line_items GROUP BY 1 ORDER BY 2 DESC"\n`;
}

async function seedDemo(store: string, demoDir: string, ctx: CommandContext, asOf: string | undefined): Promise<void> {
  const started = Date.now();
  ctx.stderr.write(`generating the demo organisation in ${relative(ctx.cwd, demoDir) || demoDir} …\n`);
  const demo = await generateDemo({ outDir: demoDir, asOf, onProgress: (message) => ctx.stderr.write(`  ${message}\n`) });
  const rows = demo.periods.reduce((n, p) => n + p.rows, 0);
  ctx.stderr.write(`  ${rows.toLocaleString('en-US')} line items over ${demo.periods.length} billing periods in ${demo.seconds.toFixed(1)} s\n`);
  ctx.stderr.write(`ingesting the demo's CUR 2.0 export, metrics and inventory …\n`);
  const summary = await ingestPaths(store, demoIngestPaths(demoDir));
  const loaded = summary.periods.reduce((n, p) => n + p.rows, 0);
  ctx.stderr.write(`  ${loaded.toLocaleString('en-US')} line items ingested; ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
