import ts from 'typescript';

const parsedFiles = new Map<string, ts.SourceFile>();

/** A program over in-memory files (plus TypeScript's own lib), bound as the rules see it. */
export function programOf(files: Record<string, string>, oldProgram?: ts.Program): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  // Each text is parsed once: an unchanged file keeps its SourceFile object between programs, as in an editor.
  host.getSourceFile = (fileName, language, ...rest) => {
    const text = files[fileName];
    const key = text === undefined ? fileName : `${fileName}\0${text}`;
    const cached = parsedFiles.get(key);
    if (cached !== undefined) return cached;
    if (text !== undefined) {
      const created = ts.createSourceFile(fileName, text, language, true);
      parsedFiles.set(key, created);
      return created;
    }
    const parsed = getSourceFile(fileName, language, ...rest);
    if (parsed !== undefined) parsedFiles.set(key, parsed);
    return parsed;
  };
  host.fileExists = (fileName) => fileName in files || ts.sys.fileExists(fileName);
  const program = ts.createProgram(Object.keys(files), options, host, oldProgram);
  program.getTypeChecker();
  return program;
}
