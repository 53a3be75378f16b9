import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { analysisConfigSchema } from './analyze/config.ts';
import { awsConfigSchema } from './aws-client/config.ts';
import { CostlensError, messageOf } from './errors.ts';
import { closestMatch } from './lib/suggest.ts';
import { andList } from './lib/text.ts';
import { ingestConfigSchema } from './ingest/unpack-limits.ts';
import { alertsConfigSchema } from './report/alerts-config.ts';
import { reportConfigSchema } from './report/config.ts';
import { serverConfigSchema } from './server/config.ts';

/** The whole of costlens.config.{json,yaml,yml}; every section is optional and has defaults. */
export const configSchema = analysisConfigSchema.extend({
  aws: awsConfigSchema,
  report: reportConfigSchema,
  server: serverConfigSchema,
  ingest: ingestConfigSchema,
  alerts: alertsConfigSchema,
}).strict();

export type CostlensConfig = z.infer<typeof configSchema>;

export const CONFIG_FILE_NAMES = ['costlens.config.yaml', 'costlens.config.yml', 'costlens.config.json'];

/** Finds the config file: --config, else $COSTLENS_CONFIG, else costlens.config.* in cwd; none is fine. */
export function findConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const explicit = flag ?? env.COSTLENS_CONFIG;
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new CostlensError('config', `config file ${path} does not exist`, {
      hint: `check the path${flag === undefined ? ' in $COSTLENS_CONFIG' : ' given to --config'}; without --config or $COSTLENS_CONFIG, costlens reads ${CONFIG_FILE_NAMES.join(', ')} in the working directory, or runs on defaults`,
    });
    return path;
  }
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

/**
 * Loads and validates the config: YAML or JSON, `${VAR}` / `${VAR:-default}` in strings taken
 * from the environment, defaults filled in. Every error names the file and the key as written.
 */
export function loadConfig(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): CostlensConfig {
  const path = findConfigFile(flag, env, cwd);
  if (!path) return configSchema.parse({});
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const json = path.endsWith('.json');
    throw new CostlensError('config', `${path}: not valid ${json ? 'JSON' : 'YAML'} (${messageOf(error).split('\n')[0]})`, {
      cause: error,
      hint: json ? 'fix the syntax at the position given (double-quoted keys and strings, no trailing commas)'
        : 'fix the syntax at the line given: indent with spaces, close every [ and {, quote values that contain ": " or " #"',
    });
  }
  return parseConfig(interpolate(raw ?? {}, env, path, []), path);
}

/**
 * Validates a config object; the first problem is reported with its key path (and its own hint,
 * when a check gives one as `params.hint`). An unknown key is reported before any other problem,
 * since a misspelt key (`ammount:`) also makes the key it stands for missing: its hint names the
 * key it most likely meant.
 */
export function parseConfig(raw: unknown, source = 'config'): CostlensConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
  const key = formatKeyPath(issue.path);
  const what = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    : issue.code === 'invalid_enum_value' ? `must be ${andList(issue.options.map(String), 'or')}; got ${JSON.stringify(issue.received)}`
    : issue.message;
  const ownHint = issue.code === 'custom' && typeof issue.params?.hint === 'string' ? issue.params.hint : undefined;
  const meant = issue.code === 'unrecognized_keys' ? meantKeys(issue.keys, keysAt(configSchema, issue.path))
    : issue.code === 'invalid_enum_value' ? closestMatch(String(issue.received), issue.options.map(String)) : undefined;
  throw new CostlensError('config', `${source}: ${key ? `${key}: ` : ''}${what}`, {
    hint: ownHint ?? `${meant ? `did you mean ${meant}? ` : ''}see "Configuration" in README.md for every key and its default`,
  });
}

/** `amount` for ["ammount"], `amount, period` for ["ammount", "perod"]: the known keys the unknown ones most likely meant; undefined when none is close. */
function meantKeys(unknown: readonly string[], known: readonly string[]): string | undefined {
  const meant = unknown.map((k) => closestMatch(k, known)).filter((k): k is string => k !== undefined);
  return meant.length > 0 ? [...new Set(meant)].join(', ') : undefined;
}

/** The keys the object at `path` of a schema takes (through defaults, optionals, refinements, arrays and records); empty when it is not an object. */
function keysAt(schema: z.ZodTypeAny, path: readonly (string | number)[]): string[] {
  let node: z.ZodTypeAny | undefined = schema;
  for (let i = 0; node; ) {
    if (node instanceof z.ZodDefault) node = node._def.innerType;
    else if (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap();
    else if (node instanceof z.ZodEffects) node = node.innerType();
    else if (i === path.length) break;
    else if (node instanceof z.ZodArray) node = (i++, node.element);
    else if (node instanceof z.ZodRecord) node = (i++, node.valueSchema);
    else if (node instanceof z.ZodObject) node = node.shape[path[i++]];
    else node = undefined;
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function formatKeyPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${p}`)).join('');
}

function interpolate(value: unknown, env: NodeJS.ProcessEnv, source: string, path: (string | number)[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) {
        throw new CostlensError('config', `${source}: ${formatKeyPath(path)}: environment variable ${name} is not set`, {
          hint: `set ${name}, or write \${${name}:-default}`,
        });
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, source, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, source, [...path, k])]));
  }
  return value;
}
