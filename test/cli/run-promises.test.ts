// `unblock run --promises`: the built CLI passes UNBLOCK_PROMISES=1 to the probed program, whose report
// then has the never-awaited promise section; without the flag it has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertBuilt, bin, runChild } from '../helpers/built-child.js';
import { removeTempProjects, tempProject } from '../helpers/temp-project.js';

beforeAll(assertBuilt);
afterAll(removeTempProjects);

describe('unblock run --promises', () => {
  const dir = tempProject({
    'app.mjs': `const held = [];
function waitForReply() {
  held.push(new Promise(() => {}));
}
waitForReply();
await new Promise((resolve) => setTimeout(resolve, 5));
`,
  });

  it('reports a promise still pending at exit, at its line', async () => {
    const result = await runChild(process.execPath, [bin, 'run', '--promises', 'app.mjs'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\n {2}promises {5}1 never awaited \(0 collected, 1 pending\), 0 unhandled rejections \(0 handled late\), of \d+ created\n/);
    expect(result.stderr).toContain('\n   1. app.mjs:3  new Promise in waitForReply  1 pending\n        at waitForReply (app.mjs:3:13)\n');
  });

  it('leaves promises alone without the flag', async () => {
    const result = await runChild(process.execPath, [bin, 'run', 'app.mjs'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('unblock probe: pid');
    expect(result.stderr).not.toContain('never awaited');
  });
});
