import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ESLint, type Linter, type Rule } from 'eslint';

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the part ESLint's
// results fill: one run, its rules, one result per message, and the messages that no rule made
// (parsing errors, unused disable directives) as notifications of the invocation.

export const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

export interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Location[];
  suppressions?: { kind: 'inSource' | 'external'; justification?: string }[];
}

interface Notification {
  level: Level;
  message: { text: string };
  locations: Location[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[];
    results: SarifResult[];
  }[];
}

export interface SarifOptions {
  /** Paths under it are written relative to it, with `uriBaseId` `%SRCROOT%`. */
  root: string;
  rulesMeta: Record<string, Rule.RuleMetaData | undefined>;
}

function directoryUrl(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function artifactLocation(filePath: string, rootUrl: string): ArtifactLocation {
  const href = pathToFileURL(filePath).href;
  return href.startsWith(rootUrl) ? { uri: href.slice(rootUrl.length), uriBaseId: SRCROOT } : { uri: href };
}

function region(message: Linter.LintMessage): Region | undefined {
  // ESLint's lines and columns are 1-based and its end column is exclusive, as SARIF's are.
  if (!(message.line >= 1)) return undefined;
  const start = { startLine: message.line, startColumn: Math.max(message.column, 1) };
  if (!(message.endLine !== undefined && message.endLine >= 1 && message.endColumn !== undefined)) return start;
  return { ...start, endLine: message.endLine, endColumn: Math.max(message.endColumn, 1) };
}

function location(message: Linter.LintMessage, artifact: ArtifactLocation): Location {
  const messageRegion = region(message);
  return { physicalLocation: messageRegion ? { artifactLocation: artifact, region: messageRegion } : { artifactLocation: artifact } };
}

function describeRule(id: string, meta: Rule.RuleMetaData | undefined): SarifRule {
  const rule: SarifRule = { id };
  if (meta?.docs?.description) rule.shortDescription = { text: meta.docs.description };
  if (meta?.docs?.url) rule.helpUri = meta.docs.url;
  return rule;
}

/** ESLint's results as a SARIF 2.1.0 log; suppressed messages become results with `suppressions`. */
export function toSarif(results: readonly ESLint.LintResult[], options: SarifOptions): SarifLog {
  const rootUrl = directoryUrl(options.root);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: SarifResult[] = [];
  const notifications: Notification[] = [];
  let fatal = false;

  const indexOf = (id: string): number => {
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.push(describeRule(id, options.rulesMeta[id])) - 1;
      ruleIndex.set(id, index);
    }
    return index;
  };

  for (const result of results) {
    const artifact = artifactLocation(result.filePath, rootUrl);
    const messages: (Linter.LintMessage | Linter.SuppressedLintMessage)[] = [...result.messages, ...(result.suppressedMessages ?? [])];
    for (const message of messages) {
      const level: Level = message.severity === 2 ? 'error' : 'warning';
      if (!message.ruleId) {
        if (message.fatal) fatal = true;
        notifications.push({ level, message: { text: message.message }, locations: [location(message, artifact)] });
        continue;
      }
      const sarifResult: SarifResult = {
        ruleId: message.ruleId,
        ruleIndex: indexOf(message.ruleId),
        level,
        message: { text: message.message },
        locations: [location(message, artifact)],
      };
      if ('suppressions' in message) {
        sarifResult.suppressions = message.suppressions.map(({ kind, justification }) => ({
          kind: kind === 'directive' ? 'inSource' : 'external',
          ...(justification ? { justification } : {}),
        }));
      }
      sarifResults.push(sarifResult);
    }
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ESLint', version: ESLint.version, informationUri: 'https://eslint.org', rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUrl } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: !fatal, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
}

/**
 * An ESLint formatter: `eslint -f ./node_modules/eslint-plugin-unblock/dist/src/cli/sarif.js`.
 * Paths are relative to ESLint's working directory.
 */
export default function formatSarif(results: ESLint.LintResult[], context: ESLint.LintResultData): string {
  return `${JSON.stringify(toSarif(results, { root: context.cwd, rulesMeta: context.rulesMeta }), null, 2)}\n`;
}
