/**
 * `costlens attribute --suggest-aliases`: near-duplicate tag values as a ready-to-paste config
 * snippet (the `attribution.tags.<key>.values` map, configured aliases kept), or as rows.
 */
import { type AliasSuggestions, exactUnits, roundToCents } from '../analyze/attribution/index.ts';
import { formatCents, fromUnits } from '../lib/money.ts';
import type { TextTable } from '../lib/table.ts';
import { trimSpaces } from '../lib/trim-spaces.ts';

const cents = (units: bigint) => formatCents(roundToCents(exactUnits(units)));

/** The spellings a config entry needs for an alias: one per folded spelling when the key folds case. */
function spellingsFor(s: AliasSuggestions, values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values.map(trimSpaces)) {
    const folded = s.foldValueCase ? v.toLowerCase() : v;
    if (v === '' || seen.has(folded)) continue;
    seen.add(folded);
    out.push(v);
  }
  return out;
}

/** The YAML snippet: the key's full `values` map, with each new alias commented with the money it moves. */
export function aliasSnippet(s: AliasSuggestions, rangeLabel: string): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    `# Near-duplicate values of the tag ${q(s.key)} in ${rangeLabel} (raw keys: ${s.rawKeys.join(', ') || 'none'}), as attribution reads them now.`,
  ];
  if (s.suggestions.length === 0 && s.keySuggestions.length === 0) return `${lines[0]}\n# No near-duplicates: nothing to add.\n`;
  const total = s.suggestions.reduce((n, x) => n + x.alias.billed, 0n) + s.keySuggestions.reduce((n, x) => n + x.billed, 0n);
  const count = s.suggestions.length + s.keySuggestions.length;
  lines.push(`# ${count} alias${count === 1 ? '' : 'es'} would move ${cents(total)} BilledCost. Paste under costlens.config.yaml's attribution.tags`);
  lines.push(`# (it replaces ${s.key}.aliases and ${s.key}.values there; what is already configured is kept).`);
  lines.push('attribution:', '  tags:', `    ${q(s.key)}:`);
  if (s.keySuggestions.length > 0) {
    lines.push(`      aliases: [${[...s.configuredKeys, ...s.keySuggestions.map((k) => k.alias)].map(q).join(', ')}]`);
    for (const k of s.keySuggestions) {
      lines.push(`      #   key ${q(k.alias)}: ${k.reason}; tags ${cents(k.billed)} BilledCost, ${cents(k.effective)} EffectiveCost, ${k.lines} line items more`);
    }
  }
  if (s.suggestions.length === 0 && Object.keys(s.configured).length === 0) return `${lines.join('\n')}\n`;
  lines.push('      values:');
  const canonicals = [...new Set([...Object.keys(s.configured), ...s.suggestions.map((x) => x.canonical)])];
  for (const canonical of canonicals) {
    const fresh = s.suggestions.filter((x) => x.canonical === canonical);
    const aliases = spellingsFor(s, [...(s.configured[canonical] ?? []), ...fresh.flatMap((x) => [x.alias.value, ...x.alias.spellings])]);
    lines.push(`        ${q(canonical)}: [${aliases.map(q).join(', ')}]`);
    for (const x of fresh) {
      lines.push(`        #   ${q(x.alias.value)} → ${q(canonical)}: ${x.reason}; moves ${cents(x.alias.billed)} BilledCost, ${cents(x.alias.effective)} EffectiveCost, ${x.alias.lines} line items`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One row per suggested alias (csv): key aliases first (canonical `(key)`), money exact and in cents. */
export function aliasTable(s: AliasSuggestions): TextTable {
  return {
    columns: ['tag_key', 'canonical', 'alias', 'spellings', 'reason', 'lines', 'billed_cost', 'effective_cost', 'billed_exact', 'effective_exact'],
    rows: [
      ...s.keySuggestions.map((k) => [s.key, '(key)', k.alias, k.alias, k.reason, String(k.lines), cents(k.billed), cents(k.effective), fromUnits(k.billed), fromUnits(k.effective)]),
      ...s.suggestions.map((x) => [s.key, x.canonical, x.alias.value, x.alias.spellings.join(' | '), x.reason, String(x.alias.lines),
        cents(x.alias.billed), cents(x.alias.effective), fromUnits(x.alias.billed), fromUnits(x.alias.effective)]),
    ],
  };
}

/** The JSON form: camelCase, money as decimal strings (exact and in cents). */
export function aliasJson(s: AliasSuggestions, rangeLabel: string) {
  return {
    tagKey: s.key, rawKeys: s.rawKeys, range: rangeLabel,
    suggestions: s.suggestions.map((x) => ({
      canonical: x.canonical, alias: x.alias.value, spellings: x.alias.spellings, reason: x.reason, lines: x.alias.lines,
      billedCost: fromUnits(x.alias.billed), effectiveCost: fromUnits(x.alias.effective), billedCents: cents(x.alias.billed), effectiveCents: cents(x.alias.effective),
    })),
    keySuggestions: s.keySuggestions.map((k) => ({
      alias: k.alias, reason: k.reason, lines: k.lines, billedCost: fromUnits(k.billed), effectiveCost: fromUnits(k.effective), billedCents: cents(k.billed), effectiveCents: cents(k.effective),
    })),
    snippet: aliasSnippet(s, rangeLabel),
  };
}
