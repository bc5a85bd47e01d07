import path from 'node:path';

/** A message's lines joined into one, repeated lines (ESLint's schema errors repeat some) said once. */
export function oneLine(message: string): string {
  const lines = message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  return [...new Set(lines)].join(' ');
}

/** `file` relative to `root` with forward slashes when it is inside it, else as it is. */
export function projectPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

// ESLint's Linter appends where a rule threw: "\nOccurred while linting <file>[:<line>]\nRule: "<id>"".
const OCCURRED = /\nOccurred while linting (.+?)(?::(\d+))?(?:\nRule: "([^"]+)")?\s*$/;

/**
 * "<rule> crashed on <file>:<line>: <message>" for an error thrown by a rule while ESLint linted a file,
 * with the file relative to the project root; undefined for any other error.
 */
export function crashMessage(error: unknown, root: string): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = OCCURRED.exec(error.message);
  if (!match) return undefined;
  // Optional groups that did not match are undefined, which RegExpExecArray's type does not say.
  const [, file, line, ruleFromMessage] = match as unknown as [string, string, string | undefined, string | undefined];
  const ruleId = (error as { ruleId?: unknown }).ruleId;
  const rule = typeof ruleId === 'string' ? ruleId : ruleFromMessage;
  const where = `${projectPath(file, root)}${line === undefined ? '' : `:${line}`}`;
  const cause = oneLine(error.message.slice(0, match.index)) || error.name;
  return `${rule ?? 'ESLint'} crashed on ${where}: ${cause}`;
}
