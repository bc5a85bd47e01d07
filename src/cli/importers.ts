import { readFileSync, realpathSync } from 'node:fs';

import ts from 'typescript';

function real(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

/** For each file the `files` import (resolved as TypeScript resolves it), who imports it and by which specifiers. */
function importGraph(files: readonly string[], options: ts.CompilerOptions, root: string): Map<string, Map<string, Set<string>>> {
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const graph = new Map<string, Map<string, Set<string>>>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const mode = ts.getImpliedNodeFormatForFile(file, cache.getPackageJsonInfoCache(), ts.sys, options);
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys, cache, undefined, mode).resolvedModule;
      if (resolved === undefined || resolved.isExternalLibraryImport === true) continue;
      const target = real(resolved.resolvedFileName);
      let importers = graph.get(target);
      if (importers === undefined) graph.set(target, (importers = new Map<string, Set<string>>()));
      let specifiers = importers.get(file);
      if (specifiers === undefined) importers.set(file, (specifiers = new Set<string>()));
      specifiers.add(specifier);
    }
  }
  return graph;
}

/** Whether `file` passes on what it imports through `specifiers`: `export … from` them, or exports a name it imported from them. */
function reExports(file: string, specifiers: ReadonlySet<string>): boolean {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const fromChanged = (node: ts.Expression | undefined) => node !== undefined && ts.isStringLiteral(node) && specifiers.has(node.text);
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && fromChanged(statement.moduleSpecifier)) return true;
    if (ts.isImportDeclaration(statement) && fromChanged(statement.moduleSpecifier) && statement.importClause) {
      const { name, namedBindings } = statement.importClause;
      if (name) imported.add(name.text);
      if (namedBindings && ts.isNamespaceImport(namedBindings)) imported.add(namedBindings.name.text);
      if (namedBindings && ts.isNamedImports(namedBindings)) for (const element of namedBindings.elements) imported.add(element.name.text);
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && fromChanged(statement.moduleReference.expression)) {
      imported.add(statement.name.text);
    }
  }
  return source.statements.some(
    (statement) =>
      (ts.isExportDeclaration(statement) &&
        statement.moduleSpecifier === undefined &&
        statement.exportClause !== undefined &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some((element) => imported.has((element.propertyName ?? element.name).text))) ||
      (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression) && imported.has(statement.expression.text)),
  );
}

/**
 * The files of `universe` that import one of `changed`, directly or through a file that re-exports it (a barrel
 * `index.ts`): a changed signature can make their calls wrong while their own text is the same.
 */
export function importersOf(changed: readonly string[], universe: readonly string[], options: ts.CompilerOptions, root: string): string[] {
  const graph = importGraph(universe, options, root);
  const found = new Set<string>();
  const passedOn = new Set(changed.map(real));
  const pending = [...passedOn];
  for (let target = pending.pop(); target !== undefined; target = pending.pop()) {
    for (const [importer, specifiers] of graph.get(target) ?? []) {
      found.add(importer);
      const key = real(importer);
      if (!passedOn.has(key) && reExports(importer, specifiers)) {
        passedOn.add(key);
        pending.push(key);
      }
    }
  }
  return [...found];
}
