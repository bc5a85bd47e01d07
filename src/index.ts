import type { ESLint, Linter } from 'eslint';

// First: the rules read `ts.TypeFlags` as they load, which fails with no hint on TypeScript 7.
import './util/require-typescript-api.js';
import { rules } from '../rules/index.js';
import { recommendedRules, strictRules, typedFiles, typedLanguageOptions } from './configs.js';
import { packageInfo } from './util/package-info.js';

interface UnblockPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: {
    recommended: Linter.Config;
    strict: Linter.Config;
  };
}

// RuleCreator's rule type is not assignable to ESLint's own Rule type (typescript-eslint#12148, #9724),
// so the plugin is cast once, here; test/types checks that a user's config accepts it.
const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version },
  rules: rules as unknown as UnblockPlugin['rules'],
  configs: {} as UnblockPlugin['configs'],
} satisfies UnblockPlugin;

function typedConfig(name: string, configRules: typeof recommendedRules): Linter.Config {
  return {
    name,
    files: typedFiles,
    plugins: { unblock: plugin },
    languageOptions: typedLanguageOptions as Linter.LanguageOptions,
    rules: configRules as Linter.RulesRecord,
  };
}
plugin.configs.recommended = typedConfig('unblock/recommended', recommendedRules);
plugin.configs.strict = typedConfig('unblock/strict', strictRules);

const unblockPlugin = plugin as UnblockPlugin;
export default unblockPlugin;
// What `require('eslint-plugin-unblock')` returns (an eslint.config.cjs): Node's require(esm) gives the
// module namespace, `{ __esModule, default }`, unless the module exports the string name 'module.exports'.
export { unblockPlugin as 'module.exports' };
