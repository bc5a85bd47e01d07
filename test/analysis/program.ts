import ts from 'typescript';

/** A program over in-memory files (plus TypeScript's own lib), bound as the rules see it. */
export function programOf(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName in files ? ts.createSourceFile(fileName, files[fileName]!, language, true) : getSourceFile(fileName, language, ...rest);
  host.fileExists = (fileName) => fileName in files || ts.sys.fileExists(fileName);
  const program = ts.createProgram(Object.keys(files), options, host);
  program.getTypeChecker();
  return program;
}
