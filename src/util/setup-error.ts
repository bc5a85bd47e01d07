/**
 * An error in the user's setup, not in the plugin. ESLint's CLI prints `error.stack`, whose frames would
 * only bury the fix, so the stack is the message alone (read late, after ESLint prefixes the rule and
 * appends the file).
 */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'stack', { get: () => `${this.name}: ${this.message}`, configurable: true });
  }
}
