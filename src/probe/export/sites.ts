import { siteKey } from '../frames.js';
import type { Frame } from '../types.js';

export interface SiteLabels {
  filepath: string;
  lineno: number;
  function: string;
}

const UNKNOWN: SiteLabels = { filepath: '<unknown>', lineno: 0, function: '' };
const OTHER: SiteLabels = { filepath: '<other>', lineno: 0, function: '' };

// Bounds the number of metric series: the first `maxSites` distinct sites keep their own labels, later ones
// share one "<other>" series (a metric series, unlike the report's site table, cannot be dropped once exported).
export class SiteLabeler {
  readonly #seen = new Set<string>();
  readonly #maxSites: number;

  constructor(maxSites: number) {
    this.#maxSites = maxSites;
  }

  labels(site: Frame | undefined): SiteLabels {
    if (site === undefined) return UNKNOWN;
    const key = siteKey(site);
    if (!this.#seen.has(key)) {
      if (this.#seen.size >= this.#maxSites) return OTHER;
      this.#seen.add(key);
    }
    return { filepath: site.file, lineno: site.line, function: site.functionName };
  }
}
