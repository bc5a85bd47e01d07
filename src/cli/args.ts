import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Edit distance between two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known long option a mistyped `--name` most likely meant: one or two edits away, or a prefix of it. */
export function closestOption(given: string, options: Options): string | undefined {
  const name = given.replace(/^--?/, '').split('=')[0];
  let best: { option: string; cost: number } | undefined;
  for (const option of Object.keys(options)) {
    const cost = option.startsWith(name) && name.length >= 2 ? 0 : distance(name, option);
    if (cost <= Math.min(2, Math.floor(option.length / 3)) && (best === undefined || cost < best.cost)) best = { option, cost };
  }
  return best && `--${best.option}`;
}

/** node:util's parseArgs, with its errors as one-line usage errors that name the command's help. */
export function parseCommandArgs<T extends Options>(
  command: string,
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec(message)?.[1] : undefined;
    if (unknown !== undefined) {
      const suggestion = closestOption(unknown, options);
      throw new UsageError(`unknown option ${unknown} (${suggestion ? `did you mean ${suggestion}?` : `see unblock ${command} --help`})`);
    }
    throw new UsageError(`${message} (see unblock ${command} --help)`);
  }
}
