import unblock from 'eslint-plugin-unblock';

export default [unblock.configs.recommended];
