import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { recommendedRules, strictRules } from '../src/configs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = Object.keys(rules) as (keyof typeof rules)[];

describe('rule registry', () => {
  it('is sorted by name', () => {
    expect(names).toEqual([...names].sort());
  });

  it('turns every rule on in recommended and strict, but no-measured-stall, which needs a report', () => {
    const static_ = names.filter((name) => name !== 'no-measured-stall').map((name) => `unblock/${name}`);
    expect(Object.keys(recommendedRules).sort()).toEqual(static_);
    expect(Object.keys(strictRules).sort()).toEqual(static_);
  });
});

describe.each(names)('rule %s', (name) => {
  const rule = rules[name];
  const meta = rule.meta;

  it('has a test file and a docs page', () => {
    expect(existsSync(`${root}test/rules/${name}.test.ts`)).toBe(true);
    expect(existsSync(`${root}docs/rules/${name}.md`)).toBe(true);
  });

  it('follows the meta conventions', () => {
    expect(meta.type).toBe('problem');
    expect(meta.docs?.url).toBe(`https://github.com/eslint-plugin-unblock/eslint-plugin-unblock/blob/main/docs/rules/${name}.md`);
    expect(meta.docs?.description).toMatch(/^(Enforce|Require|Disallow) .*[^.]$/);
    // no-measured-stall reads probe reports, not types.
    expect(meta.docs?.requiresTypeChecking).toBe(name !== 'no-measured-stall');
    for (const [id, message] of Object.entries(meta.messages)) {
      // A message may end with a placeholder that holds a whole sentence (checked in the rule's own tests).
      expect(message, id).toMatch(/(\.|\{\{\w+\}\})$/);
    }
  });

  it('describes every option and rejects unknown ones', () => {
    const schema = meta.schema as unknown as { type: string; additionalProperties: boolean; properties: Record<string, { description?: string }> }[];
    expect(schema).toHaveLength(1);
    expect(schema[0].additionalProperties).toBe(false);
    for (const [option, property] of Object.entries(schema[0].properties)) {
      expect(property.description, option).toMatch(/\S/);
    }
    expect(Object.keys(rule.meta.defaultOptions?.[0] as object).sort()).toEqual(Object.keys(schema[0].properties).sort());
  });

  it('documents every option and the required sections', () => {
    const doc = readFileSync(`${root}docs/rules/${name}.md`, 'utf8');
    expect(doc).toMatch(/^---\ndescription: .+\n---\n/);
    for (const heading of ['## Examples', '## Options', '## When Not To Use It', '## Related']) {
      expect(doc, heading).toContain(`\n${heading}\n`);
    }
    const schema = meta.schema as unknown as { properties: Record<string, unknown> }[];
    for (const option of Object.keys(schema[0].properties)) {
      expect(doc, option).toContain(`\n### \`${option}\`\n`);
    }
  });
});

describe('sentences filled into messages', () => {
  it('every blocking reason is a phrase and every alternative a full sentence', async () => {
    const { blockingReasons } = await import('../src/analysis/blocking-catalogue.js');
    for (const [kind, { reason, alternative }] of Object.entries(blockingReasons)) {
      expect(reason, kind).toMatch(/^[a-zA-Z].*[^.]$/);
      expect(alternative, kind).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('messages fit an editor tooltip', () => {
  // Realistic fillings, the longest the rules produce for each placeholder (names are cut at 40 characters).
  const fillings = async (): Promise<Record<string, string>> => {
    const { blockingReasons } = await import('../src/analysis/blocking-catalogue.js');
    const longest = (values: string[]): string => values.reduce((a, b) => (b.length > a.length ? b : a), '');
    return {
      reason: longest(Object.values(blockingReasons).map((entry) => entry.reason)),
      alternative: longest([...Object.values(blockingReasons).map((entry) => entry.alternative), 'Use `await fs.promises.appendFile()`.']),
      context: 'inside a microtask callback',
      call: '`readText()` (`fs.readFileSync`)',
      chain: 'loadTemplate → readPartial → fs.readFileSync',
      location: 'src/views.ts:41',
      source: 'order.items.forEach(…)',
      combinator: 'Promise.allSettled',
      count: '1250',
      total: '48210',
      max: '2980',
      lines: 'lines 118, 240, 1022, …',
      problem: 'cannot read the stall report stalls/api-7f9c4d6b8-x2kqz.json: no such file',
    };
  };

  it.each(names)('every message of %s is at most 160 characters once filled in', async (name) => {
    const filled = await fillings();
    for (const [id, message] of Object.entries(rules[name].meta.messages)) {
      const text = message.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => filled[key] ?? 'order.items');
      expect(text.length, `${id}: ${text}`).toBeLessThanOrEqual(160);
    }
  });
});
