// A minimal LSP client over stdio: Content-Length framed JSON-RPC 2.0, requests with ids, answers to the
// server's own requests, and a log of its notifications. Enough to drive a language server from a test or
// a benchmark (JavaScript with JSDoc types, so bench/ runs it as it is and the tests type-check against it).
import { spawn } from 'node:child_process';

/**
 * @typedef {{ jsonrpc: '2.0', id?: number | string, method?: string, params?: unknown, result?: unknown,
 *   error?: { code: number, message: string } }} Message
 * @typedef {(params: unknown) => unknown} RequestHandler
 */

export class LspClient {
  /** @type {{ method: string, params: unknown }[]} */
  notifications = [];
  /** @type {string[]} */
  stderr = [];
  /** @type {Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>} */
  #pending = new Map();
  /** @type {Map<string, RequestHandler>} */
  #handlers = new Map();
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  /** @type {import('node:child_process').ChildProcessWithoutNullStreams} */
  #child;

  /**
   * @param {string} command
   * @param {string[]} args
   * @param {string} cwd
   */
  constructor(command, args, cwd) {
    this.#child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      this.#receive(chunk);
    });
    this.#child.stderr.on('data', (/** @type {Buffer} */ chunk) => this.stderr.push(chunk.toString()));
    this.#child.on('exit', (code, signal) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`language server exited (${String(code ?? signal)}): ${this.stderr.join('')}`));
      this.#pending.clear();
    });
  }

  /**
   * Answers requests the server sends (workspace/configuration, client/registerCapability, ...).
   * @param {string} method
   * @param {RequestHandler} handler
   */
  onRequest(method, handler) {
    this.#handlers.set(method, handler);
  }

  /**
   * @template T
   * @param {string} method
   * @param {unknown} params
   * @returns {Promise<T>}
   */
  request(method, params) {
    const id = this.#nextId++;
    /** @type {Promise<T>} */
    const result = new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: /** @type {(value: unknown) => void} */ (resolve), reject });
    });
    this.#send({ jsonrpc: '2.0', id, method, params });
    return result;
  }

  /**
   * @param {string} method
   * @param {unknown} params
   */
  notify(method, params) {
    this.#send({ jsonrpc: '2.0', method, params });
  }

  /** @returns {Promise<void>} */
  async shutdown() {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** @param {Message} message */
  #send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.#child.stdin.write(`Content-Length: ${String(body.length)}\r\n\r\n`);
    this.#child.stdin.write(body);
  }

  /** @param {Buffer} chunk */
  #receive(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, headerEnd).toString('ascii'));
      if (!length) throw new Error(`bad LSP header: ${this.#buffer.subarray(0, headerEnd).toString()}`);
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.#buffer.length < end) return;
      const message = /** @type {Message} */ (JSON.parse(this.#buffer.subarray(start, end).toString('utf8')));
      this.#buffer = this.#buffer.subarray(end);
      this.#dispatch(message);
    }
  }

  /** @param {Message} message */
  #dispatch(message) {
    if (message.method !== undefined && message.id !== undefined) {
      const handler = this.#handlers.get(message.method);
      if (handler) this.#send({ jsonrpc: '2.0', id: message.id, result: handler(message.params) ?? null });
      else this.#send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `unhandled ${message.method}` } });
    } else if (message.method !== undefined) {
      this.notifications.push({ method: message.method, params: message.params });
    } else if (typeof message.id === 'number') {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${String(message.error.code)}: ${message.error.message}`));
      else waiter?.resolve(message.result);
    }
  }
}
