/**
 * budgets: and alerts: in the config: defaults filled in, every mistake reported with the key as
 * the user wrote it; and `costlens budgets` with no budget configured says how to add one.
 */
import { describe, expect, it } from 'vitest';
import { CostlensError } from '../../src/errors.ts';
import { parseConfig } from '../../src/config.ts';
import { costlens, tempStore } from '../helpers/cli.ts';

function errorOf(raw: unknown): string {
  try {
    parseConfig(raw, 'costlens.config.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('budgets: and alerts: in the config', () => {
  it('a budget needs a name and an amount; period, cost, scope and thresholds have defaults (50/80/100 % actual, 100 % forecast)', () => {
    const config = parseConfig({ budgets: [{ name: 'org', amount: 12500.5 }] });
    expect(config.budgets).toEqual([{
      name: 'org', amount: 1250050n, period: 'monthly', cost: 'billed', scope: {},
      thresholds: [{ percent: 50, basis: 'actual' }, { percent: 80, basis: 'actual' }, { percent: 100, basis: 'actual' }, { percent: 100, basis: 'forecast' }],
    }]);
    expect(parseConfig({}).alerts).toEqual({ email: [], webhooks: [], topDrivers: 5, anomalyEvents: true, webhookTimeoutMs: 10_000 });
  });

  it.each([
    [{ budgets: [{ name: 'org', amount: '12.345' }] }, 'costlens.config.yaml: budgets[0].amount: must be an amount in dollars with at most two decimals, e.g. 12500 or "12500.00"; got "12.345"'],
    // A negative amount or 0 is told it must be positive (-5 read "with at most two decimals", 0 "must be more than 0"): a budget of 0 is refused, as any spend would pass every threshold.
    [{ budgets: [{ name: 'org', amount: -5 }] }, 'costlens.config.yaml: budgets[0].amount: must be a positive amount in dollars (more than 0), e.g. 12500 or "12500.00"; got -5'],
    [{ budgets: [{ name: 'org', amount: '-12.345' }] }, 'costlens.config.yaml: budgets[0].amount: must be a positive amount in dollars (more than 0), e.g. 12500 or "12500.00"; got "-12.345"'],
    [{ budgets: [{ name: 'org', amount: 0 }] }, 'costlens.config.yaml: budgets[0].amount: must be a positive amount in dollars (more than 0), e.g. 12500 or "12500.00"; got 0'],
    [{ budgets: [{ name: 'org', amount: '0.00' }] }, 'costlens.config.yaml: budgets[0].amount: must be a positive amount in dollars (more than 0), e.g. 12500 or "12500.00"; got "0.00"'],
    [{ budgets: [{ name: 'org', amount: 'twelve' }] }, 'costlens.config.yaml: budgets[0].amount: must be an amount in dollars with at most two decimals, e.g. 12500 or "12500.00"; got "twelve"'],
    [{ budgets: [{ name: 'org', amount: 10, period: 'weekly' }] }, 'costlens.config.yaml: budgets[0].period: must be monthly, quarterly or annual; got "weekly"'],
    [{ budgets: [{ name: 'org', amount: 10, cost: 'blended' }] }, 'costlens.config.yaml: budgets[0].cost: must be billed, effective or net; got "blended"'],
    [{ budgets: [{ name: 'a', amount: 10 }, { name: 'b', amount: 10, scope: { accounts: ['12345'] } }] }, 'costlens.config.yaml: budgets[1].scope.accounts[0]: an account id is 12 digits'],
    [{ budgets: [{ name: 'a', amount: 10, scope: { tag: { key: 'team' } } }] }, 'costlens.config.yaml: budgets[0].scope.tag.values: Required'],
    [{ budgets: [{ name: 'a', amount: 10, scope: { team: 'x' } }] }, 'costlens.config.yaml: budgets[0].scope: unknown key "team"'],
    [{ budgets: [{ name: 'a', amount: 10, thresholds: [{ percent: 80, basis: 'budget' }] }] }, 'costlens.config.yaml: budgets[0].thresholds[0].basis: must be actual or forecast; got "budget"'],
    [{ budgets: [{ name: 'a', amount: 10, thresholds: [{ percent: 80 }, { percent: 80, basis: 'actual' }] }] }, 'costlens.config.yaml: budgets[0].thresholds[1]: threshold actual:80 is listed twice'],
    [{ budgets: [{ name: 'Org', amount: 10 }, { name: 'org', amount: 20 }] }, 'costlens.config.yaml: budgets[1].name: budget name "org" is used twice'],
    [{ alerts: { webhooks: [{ url: 'ftp://example.com/x' }] } }, 'costlens.config.yaml: alerts.webhooks[0].url: an http:// or https:// URL'],
    [{ alerts: { webhooks: [{ url: 'https://hooks.slack.com/services/T/B/X', format: 'discord' }] } }, 'costlens.config.yaml: alerts.webhooks[0].format: must be json, slack or teams; got "discord"'],
    [{ alerts: { webhooks: [{ url: 'https://a.example/1', format: 'slack' }, { url: 'https://a.example/2', format: 'slack' }] } }, 'costlens.config.yaml: alerts.webhooks[1].name: webhook name "slack:a.example" is used twice: give each webhook its own name'],
    [{ alerts: { email: ['not an address'] } }, 'costlens.config.yaml: alerts.email[0]: an e-mail address like finops@example.com'],
  ])('%j is refused naming the key', (raw, message) => {
    expect(errorOf(raw)).toBe(message);
  });

  it('a value not among a key\'s choices names them, and the hint the one it most likely meant (zod\'s "Invalid enum value. Expected …" before)', () => {
    let hint: string | undefined;
    try {
      parseConfig({ budgets: [{ name: 'org', amount: 10, period: 'montly' }] }, 'costlens.config.yaml');
    } catch (error) {
      expect((error as Error).message).toBe('costlens.config.yaml: budgets[0].period: must be monthly, quarterly or annual; got "montly"');
      hint = (error as CostlensError).hint;
    }
    expect(hint).toBe('did you mean monthly? see "Configuration" in README.md for every key and its default');
  });

  it('a misspelt key is reported as unknown before the key it stands for is reported missing, with the key it most likely meant', () => {
    const hintOf = (raw: unknown) => {
      try {
        parseConfig(raw, 'costlens.config.yaml');
      } catch (error) {
        return [(error as Error).message, (error as { hint?: string }).hint];
      }
      throw new Error('the config was accepted');
    };
    // It said `budgets[0].amount: Required`, the misspelt key unnamed.
    expect(hintOf({ budgets: [{ name: 'a', ammount: 100 }] })).toEqual(['costlens.config.yaml: budgets[0]: unknown key "ammount"',
      'did you mean amount? see "Configuration" in README.md for every key and its default']);
    expect(hintOf({ budgets: [{ name: 'a', amount: 100, thresold: [{ percent: 80 }] }] })).toEqual(['costlens.config.yaml: budgets[0]: unknown key "thresold"',
      'did you mean thresholds? see "Configuration" in README.md for every key and its default']);
    expect(hintOf({ budgets: [{ name: 'a', amount: 10, scope: { team: 'x' } }] })[1]).toBe('see "Configuration" in README.md for every key and its default');
  });

  it('with no budget configured, `costlens budgets` says how to add one (exit 0, never an error)', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'budgets');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No budget is configured. Add one under budgets: in costlens.config.yaml');
    const json = await costlens(db, 'budgets', '--format', 'json');
    expect(JSON.parse(json.stdout).budgets).toEqual([]);
  });

  it('--period takes a month, a quarter or a year, and says so when it gets something else', async () => {
    const { db } = tempStore();
    const run = await costlens(db, 'budgets', '--period', '2026-13');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('costlens: --period must be a month YYYY-MM, a quarter YYYY-Qn or a year YYYY; got "2026-13"\n'
      + '  hint: e.g. --period 2026-11, --period 2026-Q4 or --period 2026; each budget is measured over its own period (month, quarter, year) holding the last day of it\n');
  });
});
