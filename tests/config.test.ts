import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { scratchDir } from './helpers/scratch-dirs.ts';

function dirWith(name: string, text: string): string {
  const dir = scratchDir();
  writeFileSync(join(dir, name), text);
  return dir;
}

describe('costlens.config.*', () => {
  it('no file: every default', () => {
    const config = loadConfig(undefined, {}, scratchDir());
    expect(config.idle.ec2).toEqual({ cpuMaxPercent: 10, networkMaxMB: 5, minDays: 4, lookbackDays: 14 });
    expect(config.rightsizing).toEqual({
      cpuPercentile: 99.5, lookbackDays: 14, headroomPercent: 20, terminateMaxCpuPercent: 1,
      lambda: { minInvocations: 50, maxMemoryMb: 1792, unmeasuredMinMemoryMb: 1024 },
      burstable: { enabled: true, families: ['t3', 't3a'], baselineUsePercent: 80, maxPeakPercent: 100 },
    });
    expect(config.attribution.sharedCosts).toEqual([]);
  });

  it('YAML with ${ENV} interpolation and defaults merged under the keys given', () => {
    const dir = dirWith('costlens.config.yaml', 'attribution:\n  tags:\n    team:\n      aliases: [Team, "${TEAM_ALIAS}"]\n      accountDefaults:\n        "111122223333": "${DEFAULT_TEAM:-platform}"\nidle:\n  ec2:\n    cpuMaxPercent: 5\n');
    const config = loadConfig(undefined, { TEAM_ALIAS: 'owner-team' }, dir);
    expect(config.attribution.tags.team.aliases).toEqual(['Team', 'owner-team']);
    expect(config.attribution.tags.team.accountDefaults).toEqual({ '111122223333': 'platform' });
    expect(config.idle.ec2).toEqual({ cpuMaxPercent: 5, networkMaxMB: 5, minDays: 4, lookbackDays: 14 });
  });

  it('errors name the file and the key as the user wrote it', () => {
    const bad = dirWith('costlens.config.json', JSON.stringify({ idle: { ec2: { cpuMaxPercent: 'low' } } }));
    expect(() => loadConfig(undefined, {}, bad)).toThrow(/costlens\.config\.json: idle\.ec2\.cpuMaxPercent: Expected number, received string/);
    const unknown = dirWith('costlens.config.yaml', 'idel:\n  ec2: {}\n');
    expect(() => loadConfig(undefined, {}, unknown)).toThrow(/costlens\.config\.yaml: unknown key "idel"/);
    const account = dirWith('costlens.config.yaml', 'attribution:\n  tags:\n    team:\n      accountDefaults:\n        "12": x\n');
    expect(() => loadConfig(undefined, {}, account)).toThrow(/attribution\.tags\.team\.accountDefaults\.12: an account id is 12 digits/);
    const env = dirWith('costlens.config.yaml', 'attribution:\n  sharedCosts:\n    - name: "${NOPE}"\n      match: {}\n');
    expect(() => loadConfig(undefined, {}, env)).toThrow(/attribution\.sharedCosts\[0\]\.name: environment variable NOPE is not set/);
    const lambda = dirWith('costlens.config.yaml', 'rightsizing:\n  lambda:\n    maxMemoryMb: 64\n');
    expect(() => loadConfig(undefined, {}, lambda)).toThrow(/costlens\.config\.yaml: rightsizing\.lambda\.maxMemoryMb: Number must be greater than or equal to 128/);
    const lambdaKey = dirWith('costlens.config.yaml', 'rightsizing:\n  lambda:\n    minInvocation: 10\n');
    expect(() => loadConfig(undefined, {}, lambdaKey)).toThrow(/rightsizing\.lambda: unknown key "minInvocation"/);
    expect(() => loadConfig('missing.yaml', {}, bad)).toThrow(/config file .*missing\.yaml does not exist/);
    // The hint names what "either" meant: --config and $COSTLENS_CONFIG (it said "without either").
    expect(() => loadConfig('missing.yaml', {}, bad)).toThrow(expect.objectContaining({
      hint: 'check the path given to --config; without --config or $COSTLENS_CONFIG, costlens reads costlens.config.yaml, costlens.config.yml, costlens.config.json in the working directory, or runs on defaults',
    }));
    // A value spelling under two canonical values (case and end spaces folded) is refused as the file is read, not when a key is first resolved.
    const twice = dirWith('costlens.config.yaml', 'attribution:\n  tags:\n    environment:\n      values:\n        production: [prod]\n        prod: [production]\n');
    expect(() => loadConfig(undefined, {}, twice)).toThrow(expect.objectContaining({
      message: `${join(twice, 'costlens.config.yaml')}: attribution.tags.environment.values: "prod" means both "production" and "prod"`,
      hint: 'list each spelling under one canonical value',
    }));
    const unfolded = dirWith('costlens.config.yaml', 'attribution:\n  tags:\n    team:\n      foldValueCase: false\n      values:\n        payments: [pay]\n        checkout: [Pay, " checkout "]\n');
    expect(loadConfig(undefined, {}, unfolded).attribution.tags.team.values.checkout).toEqual(['Pay', ' checkout ']);
  });
});

describe('forecast.fitDays', () => {
  it('is refused below the 7 fitted days a forecast needs, naming the key and the minimum', () => {
    // 2-6 were accepted, and then every forecast was refused for having fewer than 7 fitted days.
    const six = dirWith('costlens.config.yaml', 'forecast:\n  fitDays: 6\n');
    expect(() => loadConfig(undefined, {}, six)).toThrow(expect.objectContaining({
      message: `${join(six, 'costlens.config.yaml')}: forecast.fitDays: must be at least 7, the fewest fitted days a forecast is made on (with 6 every forecast is refused)`,
      hint: 'set forecast.fitDays to 7 or more (the default is 28), or leave it out',
    }));
    const two = dirWith('costlens.config.yaml', 'forecast:\n  fitDays: 2\n');
    expect(() => loadConfig(undefined, {}, two)).toThrow(/forecast\.fitDays: must be at least 7, the fewest fitted days a forecast is made on \(with 2 every/);
    const zero = dirWith('costlens.config.yaml', 'forecast:\n  fitDays: 0\n');
    expect(() => loadConfig(undefined, {}, zero)).toThrow(/forecast\.fitDays: must be at least 7/);
    const seven = dirWith('costlens.config.yaml', 'forecast:\n  fitDays: 7\n');
    expect(loadConfig(undefined, {}, seven).forecast.fitDays).toBe(7);
  });
});

describe('costlens.config.example.yaml', () => {
  it('is a valid config: the demo\'s team spellings fold to canonical values', () => {
    const config = loadConfig(join(__dirname, '../costlens.config.example.yaml'), {}, process.cwd());
    expect(config.attribution.tags.team.values.payments).toEqual(['paymnets']);
    expect(config.attribution.sharedCosts.map((r) => r.name)).toEqual(['tax', 'support']);
  });
});
