// Work that no lint rule can call blocking: it is plain JavaScript, and only its input size makes it slow.

/** Totals per region, computed in the request: instant for a day of sales, a stall for a year of them. */
export function salesSummary(sales: number): Record<string, number> {
  const totals: Record<string, number> = {};
  for (let i = 0; i < sales; i++) {
    const region = `region-${i % 17}`;
    totals[region] = (totals[region] ?? 0) + ((i * 7919) % 1000) / 100;
  }
  return totals;
}

/** Nested quantifiers: a name that almost matches takes time exponential in its length. */
export function isDisplayName(name: string): boolean {
  return /^([a-zA-Z0-9]+\s?)*$/.test(name);
}
