// Checks the member-name pre-filter of no-blocking-in-async (src/analysis/blocking-names.ts) against the checker:
// every member call the filters drop is resolved anyway and must lead nowhere (no blocking match, no user
// function to follow, no scheduler or listener). Run after changing the catalogue or the filter.
// Usage: npm run build && node scripts/check-name-filter.js [dir tsconfig] (default: the sweep's packages)
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

import { callbackContexts, listenerMethods } from '../dist/src/analysis/blocking-catalogue.js';
import { blockingNameFilter, callbackNameFilter, memberCalleeName } from '../dist/src/analysis/blocking-names.js';
import { BlockingMatcher, getCallGraph } from '../dist/src/analysis/call-graph.js';
import { matchesCallee, resolveCallee } from '../dist/src/analysis/callee.js';
import { PACKAGES, fetchPackage, writeTsconfig } from './sweep.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function check(dir, config) {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} });
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  program.getTypeChecker();
  const matcher = new BlockingMatcher([], []);
  const graph = getCallGraph(program, matcher);
  const blocking = blockingNameFilter(program, []);
  const callbacks = callbackNameFilter(program);
  const stats = { memberCalls: 0, droppedBlocking: 0, droppedCallback: 0, misses: 0 };
  const miss = (kind, node) => {
    stats.misses++;
    const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
    console.log(`  MISS ${kind} ${path.relative(dir, node.getSourceFile().fileName)}:${line + 1} ${node.getText().slice(0, 80)}`);
  };
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const visit = (node) => {
      const name = ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node) ? memberCalleeName(node) : undefined;
      if (name !== undefined) {
        stats.memberCalls++;
        const dropBlocking = !blocking.keeps(name);
        const dropCallback = !callbacks.keeps(name) && ts.isCallExpression(node);
        const callee = dropBlocking || dropCallback ? resolveCallee(program, node) : undefined;
        if (dropBlocking) {
          stats.droppedBlocking++;
          const match = callee && matcher.matchResolved(program, callee, node);
          if ((match && match !== 'allowed') || (callee && match === undefined && graph.userFunctionOfCallee(callee, ts.isNewExpression(node)))) {
            miss('blocking', node);
          }
        }
        if (dropCallback) {
          stats.droppedCallback++;
          if (callee && (callbackContexts.some((entry) => matchesCallee(callee, entry.modules, entry.names)) || listenerMethods.has(callee.name))) {
            miss('callback', node);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  console.log(`${path.relative(root, dir) || dir} ${JSON.stringify(stats)}`);
  return stats.misses;
}

const [dir, config = 'tsconfig.json'] = process.argv.slice(2);
let misses = 0;
if (dir) {
  misses += check(path.resolve(dir), config);
} else {
  for (const pkg of PACKAGES) {
    const packageDir = fetchPackage(pkg);
    writeTsconfig(packageDir, pkg.files);
    misses += check(packageDir, 'tsconfig.sweep.json');
  }
}
process.exitCode = misses === 0 ? 0 : 1;
