import type { JSONSchema } from '@typescript-eslint/utils';

/** JSON schema of the shared function specifier (`FunctionSpecifier` in src/analysis/call-graph.ts). */
export const functionSpecifierSchema: JSONSchema.JSONSchema4 = {
  type: 'object',
  description: 'A function, by where it is declared and its name.',
  properties: {
    from: {
      type: 'string',
      enum: ['package', 'file', 'lib'],
      description: 'Where the function is declared: an npm package or Node module, a file of this project, or TypeScript lib.',
    },
    package: {
      type: 'string',
      description: "For `from: 'package'`: the package or Node module name (`my-db`, `fs`).",
    },
    path: {
      type: 'string',
      description: "For `from: 'file'`: the end of the declaring file's path (`src/db.ts`); any project file when omitted.",
    },
    name: {
      description: 'Declared name, `Class.method` for a member, `*` as a wildcard; or a list of them.',
      oneOf: [
        { type: 'string' },
        { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
      ],
    },
  },
  required: ['from', 'name'],
  additionalProperties: false,
};
