import { describe, expect, it } from 'vitest';

import { SiteLabeler } from '../../src/probe/export/sites.js';
import type { Frame } from '../../src/probe/types.js';

const frame = (file: string, line: number, functionName = 'work'): Frame => ({ functionName, file, line, column: 1 });

describe('SiteLabeler', () => {
  it('gives the first maxSites sites their own labels and later ones the <other> bucket', () => {
    const labeler = new SiteLabeler(2);
    expect(labeler.labels(frame('/app/a.js', 1))).toEqual({ filepath: '/app/a.js', lineno: 1, function: 'work' });
    expect(labeler.labels(frame('/app/b.js', 2, 'parse'))).toEqual({ filepath: '/app/b.js', lineno: 2, function: 'parse' });
    expect(labeler.labels(frame('/app/c.js', 3))).toEqual({ filepath: '<other>', lineno: 0, function: '' });
    expect(labeler.labels(frame('/app/a.js', 9))).toEqual({ filepath: '<other>', lineno: 0, function: '' });
  });

  it('keeps the labels of a site seen before the bound was reached', () => {
    const labeler = new SiteLabeler(1);
    labeler.labels(frame('/app/a.js', 1));
    labeler.labels(frame('/app/b.js', 2));
    expect(labeler.labels(frame('/app/a.js', 1, 'other name'))).toEqual({ filepath: '/app/a.js', lineno: 1, function: 'other name' });
  });

  it('labels a stall without a site <unknown>, without using up the bound', () => {
    const labeler = new SiteLabeler(1);
    expect(labeler.labels(undefined)).toEqual({ filepath: '<unknown>', lineno: 0, function: '' });
    expect(labeler.labels(frame('/app/a.js', 1)).filepath).toBe('/app/a.js');
  });
});
