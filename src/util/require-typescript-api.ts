import { assertTypeScriptApi } from './typescript-environment.js';

assertTypeScriptApi();
