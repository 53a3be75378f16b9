/**
 * The selection rules (src/analyze/selection.ts) as a specification: the same values read with the
 * CLI's flags and with the URL's filters, every error naming the field as that surface spells it.
 */
import { describe, expect, it } from 'vitest';
import {
  CLI_SELECTION, parseSelection, type Selection, SelectionError, type SelectionRules, type SelectionValues, selectionDays, selectionLabel, selectionRange, URL_SELECTION,
} from '../src/analyze/selection.ts';
import { parseDays, parseRange } from '../src/cli/range.ts';
import { CostlensError } from '../src/errors.ts';
import { FieldError, readSelection } from '../src/server/filters.ts';

/** The error a parse throws: [field, message, hint]. */
function failure(values: SelectionValues, names = CLI_SELECTION, rules: SelectionRules = {}): [string, string, string | undefined] {
  try {
    parseSelection(values, names, rules);
  } catch (error) {
    if (!(error instanceof SelectionError)) throw error;
    expect(error.code).toBe('usage');
    return [error.field, error.message, error.hint];
  }
  throw new Error(`no error for ${JSON.stringify(values)}`);
}

describe('a selection', () => {
  it('is a billing period, a half-open range of days, or the default; the same for flags and filters', () => {
    for (const names of [CLI_SELECTION, URL_SELECTION]) {
      expect(parseSelection({}, names)).toEqual({ kind: 'default' });
      expect(parseSelection({ period: '2026-10' }, names)).toEqual({ kind: 'period', period: '2026-10' });
      expect(parseSelection({ from: '2026-10-01', to: '2026-10-08' }, names)).toEqual({ kind: 'days', from: '2026-10-01', to: '2026-10-08' });
      expect(parseSelection({ from: '2024-02-29', to: '2024-03-01' }, names, { bothEnds: true, maxDays: 1 })).toEqual({ kind: 'days', from: '2024-02-29', to: '2024-03-01' });
    }
  });

  it('may leave an end of the range open unless both ends are required', () => {
    expect(parseSelection({ from: '2026-10-01' }, CLI_SELECTION)).toEqual({ kind: 'days', from: '2026-10-01', to: undefined });
    expect(parseSelection({ to: '2026-10-01' }, CLI_SELECTION)).toEqual({ kind: 'days', from: undefined, to: '2026-10-01' });
    expect(failure({ from: '2026-10-01' }, CLI_SELECTION, { bothEnds: true })).toEqual(['--to', 'a date range needs both --from and --to (--to exclusive)', undefined]);
    expect(failure({ from: '2026-10-01' }, URL_SELECTION, { bothEnds: true })).toEqual(['end', 'a date range needs both start and end (end exclusive)', undefined]);
    expect(failure({ to: '2026-10-01' }, URL_SELECTION, { bothEnds: true })).toEqual(['start', 'a date range needs both start and end (end exclusive)', undefined]);
  });

  it('gives its query bounds, its days and its label from the same object', () => {
    const period: Selection = { kind: 'period', period: '2026-12' };
    expect(selectionRange(period)).toEqual({ billingFrom: '2026-12-01', billingTo: '2027-01-01' });
    expect(selectionDays(period)).toEqual({ start: '2026-12-01', end: '2027-01-01' });
    expect(selectionLabel(period)).toBe('2026-12');
    const days: Selection = { kind: 'days', from: '2026-10-01', to: '2026-10-08' };
    expect(selectionRange(days)).toEqual({ chargeFrom: '2026-10-01', chargeTo: '2026-10-08' });
    expect(selectionDays(days)).toEqual({ start: '2026-10-01', end: '2026-10-08' });
    expect(selectionLabel(days)).toBe('2026-10-01/2026-10-08');
    const open: Selection = { kind: 'days', from: '2026-10-01' };
    expect(selectionRange(open)).toEqual({ chargeFrom: '2026-10-01', chargeTo: undefined });
    expect(selectionDays(open)).toBeUndefined();
    expect([selectionLabel(open), selectionLabel({ kind: 'days', to: '2026-10-08' })]).toEqual(['2026-10-01/…', '…/2026-10-08']);
  });
});

describe('quarters and years, where a caller allows them (budgets --period)', () => {
  const budgets: SelectionRules = { periodForms: ['month', 'quarter', 'year'] };

  it('reads a month, a quarter (either case of Q) and a year, as canonical labels with their days', () => {
    expect(parseSelection({ period: '2026-11' }, CLI_SELECTION, budgets)).toEqual({ kind: 'period', period: '2026-11' });
    expect(parseSelection({ period: '2026-q4' }, CLI_SELECTION, budgets)).toEqual({ kind: 'period', period: '2026-Q4' });
    expect(parseSelection({ period: '2024' }, CLI_SELECTION, budgets)).toEqual({ kind: 'period', period: '2024' });
    expect(selectionRange({ kind: 'period', period: '2026-Q4' })).toEqual({ billingFrom: '2026-10-01', billingTo: '2027-01-01' });
    expect(selectionDays({ kind: 'period', period: '2024' })).toEqual({ start: '2024-01-01', end: '2025-01-01' });
    expect(selectionDays({ kind: 'period', period: '2026-Q1' })).toEqual({ start: '2026-01-01', end: '2026-04-01' });
  });

  it('names every form it takes when the value is none of them; other callers still take a month only', () => {
    for (const bad of ['2026-13', '2026-Q5', '2026-Q0', '26', '0999', '2026-11-01']) {
      expect(failure({ period: bad }, CLI_SELECTION, budgets)[1], bad).toBe(`--period must be a month YYYY-MM, a quarter YYYY-Qn or a year YYYY; got "${bad}"`);
    }
    expect(failure({ period: '2026-Q4' })[1]).toBe('--period must be YYYY-MM; got "2026-Q4"');
    expect(failure({ period: '2026' }, URL_SELECTION)[1]).toBe('period must be YYYY-MM; got "2026"');
    expect(failure({ period: '2026-Q4' }, CLI_SELECTION, { periodForms: ['month', 'year'] })[1]).toBe('--period must be a month YYYY-MM or a year YYYY; got "2026-Q4"');
  });
});

describe('the errors of a selection, CLI flags beside URL filters', () => {
  it('a period or a range, not both (the CLI names the command)', () => {
    expect(failure({ period: '2026-10', from: '2026-10-01' }, CLI_SELECTION, { subject: 'attribute' })).toEqual(['--period', 'attribute: give --period or --from/--to, not both', undefined]);
    expect(failure({ period: '2026-10', to: '2026-10-08' }, URL_SELECTION)).toEqual(['period', 'give period or start/end, not both', undefined]);
  });

  it('a period is YYYY-MM with a month 01 to 12 and a year from 1000', () => {
    const hint = 'a billing period is a year and a month 01 to 12, e.g. --period 2026-10; `costlens status` lists the periods in the store';
    for (const bad of ['2026-13', '2026-00', '2026-1', '2026-10-01', '0999-05', '', 'x']) {
      expect(failure({ period: bad }), bad).toEqual(['--period', `--period must be YYYY-MM; got "${bad}"`, hint]);
      expect(failure({ period: bad }, URL_SELECTION), bad).toEqual(['period', `period must be YYYY-MM; got "${bad}"`, undefined]);
    }
  });

  it('a day is a real calendar date YYYY-MM-DD', () => {
    for (const bad of ['2026-02-29', '2026-11-31', '2026-10-32', '2026-9-1', '0999-01-01', '2026-10-01T00:00', '']) {
      expect(failure({ from: bad }), bad).toEqual(['--from', `--from must be a date YYYY-MM-DD; got "${bad}"`, 'a calendar day, e.g. --from 2026-10-01']);
      expect(failure({ from: '2026-10-01', to: bad }, URL_SELECTION), bad).toEqual(['end', `end must be a date YYYY-MM-DD; got "${bad}"`, undefined]);
    }
  });

  it('a long bad value is clipped in the message', () => {
    const long = '9'.repeat(100);
    expect(failure({ period: long }, URL_SELECTION)[1]).toBe(`period must be YYYY-MM; got "${'9'.repeat(57)}…"`);
  });

  it('the range ends after it starts (the end is exclusive)', () => {
    expect(failure({ from: '2026-11-01', to: '2026-10-01' })).toEqual(['--to', '--from (2026-11-01) must be before --to (2026-10-01); --to is exclusive', undefined]);
    expect(failure({ from: '2026-10-01', to: '2026-10-01' }, URL_SELECTION)).toEqual(['end', 'start (2026-10-01) must be before end (2026-10-01); end is exclusive', undefined]);
  });

  it('the range is at most maxDays long when the caller says so', () => {
    expect(parseSelection({ from: '2026-01-01', to: '2026-01-31' }, URL_SELECTION, { maxDays: 30 })).toEqual({ kind: 'days', from: '2026-01-01', to: '2026-01-31' });
    expect(failure({ from: '2026-01-01', to: '2026-02-01' }, URL_SELECTION, { maxDays: 30 })).toEqual(['start', 'the range is 31 days; at most 30 are shown', undefined]);
    expect(failure({ from: '2026-01-01', to: '2026-02-01' }, CLI_SELECTION, { maxDays: 30 })).toEqual(['--from', 'the range is 31 days; at most 30 are shown', undefined]);
  });

  it('checks the shape (period or range) before the values', () => {
    expect(failure({ period: '2026-13', from: 'soon' }, URL_SELECTION)[1]).toBe('give period or start/end, not both');
    expect(failure({ from: 'soon' }, URL_SELECTION, { bothEnds: true })[1]).toBe('start must be a date YYYY-MM-DD; got "soon"');
  });

  it('is a usage error: exit code 2 on the CLI; on the server a FieldError (HTTP 400) on the field, with the selection error as its cause', () => {
    const cli = (() => { try { parseSelection({ period: '2026-13' }, CLI_SELECTION); } catch (error) { return error; } })();
    expect(cli).toBeInstanceOf(CostlensError);
    expect((cli as CostlensError).exitCode).toBe(2);
    const url = (() => { try { readSelection({ from: '2026-11-01', to: '2026-10-01' }); } catch (error) { return error; } })();
    expect(url).toBeInstanceOf(FieldError);
    expect([(url as FieldError).field, (url as FieldError).status, (url as FieldError).message]).toEqual(['end', 400, 'start (2026-11-01) must be before end (2026-10-01); end is exclusive']);
    expect((url as FieldError).cause).toBeInstanceOf(SelectionError);
  });
});

describe('the CLI reads its flags through it', () => {
  it('parseRange: --period or --from/--to for a command, named in the "not both" message', () => {
    expect(parseRange('invoice', {})).toEqual({ kind: 'default' });
    expect(parseRange('invoice', { period: '2026-10' })).toEqual({ kind: 'period', period: '2026-10' });
    expect(() => parseRange('invoice', { period: '2026-10', to: '2026-10-08' })).toThrow('invoice: give --period or --from/--to, not both');
  });

  it('parseDays: --from and --to alone (unit-cost), by the same rules', () => {
    expect(parseDays({})).toEqual({});
    expect(parseDays({ from: '2026-10-01' })).toEqual({ from: '2026-10-01', to: undefined });
    expect(() => parseDays({ to: '2026-02-30' })).toThrow('--to must be a date YYYY-MM-DD; got "2026-02-30"');
    expect(() => parseDays({ from: '2026-10-08', to: '2026-10-01' })).toThrow('--from (2026-10-08) must be before --to (2026-10-01); --to is exclusive');
  });
});
