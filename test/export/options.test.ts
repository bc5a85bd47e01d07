import client from 'prom-client';
import { describe, expect, it } from 'vitest';

import { resolveOptions, sameOptions } from '../../src/probe/options.js';

describe('exporter options', () => {
  it('are off by default', () => {
    expect(resolveOptions({})).toMatchObject({ openTelemetry: false, prometheus: false });
  });

  it('accept openTelemetry: true, prometheus: true and a prom-client Registry', () => {
    const registry = new client.Registry();
    expect(resolveOptions({ openTelemetry: true }).openTelemetry).toBe(true);
    expect(resolveOptions({ prometheus: true }).prometheus).toBe(true);
    expect(resolveOptions({ prometheus: registry }).prometheus).toBe(registry);
  });

  it('reject other values in one sentence', () => {
    expect(() => resolveOptions({ openTelemetry: 'yes' as never })).toThrow(new TypeError('The "openTelemetry" option must be a boolean; received the string "yes".'));
    expect(() => resolveOptions({ prometheus: 'default' as never })).toThrow(
      new TypeError('The "prometheus" option must be a boolean or a prom-client Registry; received the string "default".'),
    );
    expect(() => resolveOptions({ prometheus: {} as never })).toThrow(
      new TypeError('The "prometheus" option must be a boolean or a prom-client Registry; received a value of type object.'),
    );
    expect(() => resolveOptions({ prometheus: null as never })).toThrow(TypeError);
  });

  it('make two probes on different registries different', () => {
    const a = resolveOptions({ prometheus: new client.Registry() });
    const b = resolveOptions({ prometheus: new client.Registry() });
    expect(sameOptions(a, a)).toBe(true);
    expect(sameOptions(a, b)).toBe(false);
  });
});
