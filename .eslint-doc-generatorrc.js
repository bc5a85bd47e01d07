// eslint-doc-generator: rule doc headers and the README rules table come from each rule's meta.
// `npm test` runs it with --check, so a new rule or option cannot land undocumented; `npm run docs` writes.
/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  ruleDocTitleFormat: 'prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking', 'options'],
  ruleDocSectionInclude: ['Examples', 'When Not To Use It', 'Related'],
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'requiresTypeChecking', 'deprecated'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  // Absolute, so the link also works from docs/rules/*.md.
  urlConfigs: 'https://github.com/eslint-plugin-unblock/eslint-plugin-unblock#configs',
};

export default config;
