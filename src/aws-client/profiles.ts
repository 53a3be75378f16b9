/**
 * A named AWS profile (`aws.profile` in the config, else AWS_PROFILE) that neither shared file
 * defines: the SDK's credential chain then fails with "Could not load credentials from any
 * providers", naming neither the profile nor the files it read. So when the chain fails while a
 * profile is named, the files are read as the SDK reads them (AWS_CONFIG_FILE, else
 * ~/.aws/config, whose sections are `[profile NAME]` and `[default]`; AWS_SHARED_CREDENTIALS_FILE,
 * else ~/.aws/credentials, whose sections are `[NAME]`) and, if neither has it, the error says so.
 * Nothing is read while credentials load.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { CostlensError } from '../errors.ts';

/** The profile the credential chain uses, and the setting that names it. */
export interface NamedProfile {
  name: string;
  /** `aws.profile` (the config key) or `AWS_PROFILE`. */
  from: 'aws.profile' | 'AWS_PROFILE';
}

/** The profile named by `aws.profile`, else AWS_PROFILE (empty is unset); none: the SDK's default chain. */
export function namedProfile(configProfile: string | undefined, env: NodeJS.ProcessEnv): NamedProfile | undefined {
  if (configProfile) return { name: configProfile, from: 'aws.profile' };
  return env.AWS_PROFILE ? { name: env.AWS_PROFILE, from: 'AWS_PROFILE' } : undefined;
}

/** The SDK's home folder: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, else the OS's. */
function homeOf(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${sep}`}${env.HOMEPATH}`;
  return homedir();
}

/** The shared config and credentials files the SDK reads profiles from. */
export function sharedProfileFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  const home = homeOf(env);
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** The profiles a shared file defines, in order; undefined when it cannot be read (no such file). */
export function profilesIn(path: string, kind: 'config' | 'credentials'): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    // As the SDK reads a line: a comment (`#` or `;` at the start or after a space) removed.
    const trimmed = line.split(/(^|\s)[;#]/)[0].trim();
    if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) continue;
    const section = trimmed.slice(1, -1).trim();
    const name = kind === 'credentials' ? section : section === 'default' ? 'default' : /^profile\s+(["']?)(.+)\1$/.exec(section)?.[2];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The error for `profile` when neither shared file defines it: the profile, the setting that
 * names it, both files (saying which do not exist) and the profiles they do define; undefined
 * when one defines it (the chain failed for another reason, reported as the SDK says).
 */
export function missingProfileError(profile: NamedProfile, env: NodeJS.ProcessEnv, cause?: unknown): CostlensError | undefined {
  const files = sharedProfileFiles(env);
  const inConfig = profilesIn(files.config, 'config');
  const inCredentials = profilesIn(files.credentials, 'credentials');
  if (inConfig?.includes(profile.name) || inCredentials?.includes(profile.name)) return undefined;
  const missing = [[files.config, inConfig], [files.credentials, inCredentials]].filter(([, names]) => names === undefined).map(([path]) => path);
  const absent = missing.length === 2 ? ' (neither file exists)' : missing.length === 1 ? ` (${missing[0]} does not exist)` : '';
  const known = [...new Set([...(inConfig ?? []), ...(inCredentials ?? [])])];
  const there = known.length > 0 ? `; the profiles there are ${known.join(', ')}` : '';
  const unset = profile.from === 'AWS_PROFILE' ? 'unset AWS_PROFILE' : 'remove aws.profile from the config';
  return new CostlensError('aws', `AWS profile "${profile.name}" (${profile.from}) is not in ${files.config} or ${files.credentials}${absent}${there}`, {
    hint: `create it with \`aws configure --profile ${profile.name}\` (or \`aws configure sso --profile ${profile.name}\`), or ${unset} to use the default credentials; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE choose other files`,
    cause,
  });
}

/** `provider`, whose failure while `profile` is in neither shared file becomes missingProfileError. */
export function explainingMissingProfile<A extends unknown[], C>(provider: (...args: A) => Promise<C>, profile: NamedProfile, env: NodeJS.ProcessEnv): (...args: A) => Promise<C> {
  return async (...args: A) => {
    try {
      return await provider(...args);
    } catch (error) {
      throw missingProfileError(profile, env, error) ?? error;
    }
  };
}
