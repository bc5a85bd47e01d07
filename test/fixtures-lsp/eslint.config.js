// The fixture project an editor opens in test/lsp.test.ts: the built plugin, by package name.
import unblock from 'eslint-plugin-unblock';

export default [unblock.configs.recommended];
