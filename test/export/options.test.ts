import client from 'prom-client';
import { describe, expect, it } from 'vitest';

import { readEnvironment } from '../../src/probe/environment.js';
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

describe('UNBLOCK_OTEL', () => {
  it('turns OpenTelemetry on with 1, off with 0 or when unset', () => {
    expect(readEnvironment({ UNBLOCK_OTEL: '1' }, '/')).toMatchObject({ ok: true, value: { openTelemetry: true } });
    expect(readEnvironment({ UNBLOCK_OTEL: '0' }, '/')).toMatchObject({ ok: true, value: { openTelemetry: false } });
    expect(readEnvironment({}, '/')).toMatchObject({ ok: true, value: { openTelemetry: false } });
  });

  it('refuses anything else in one sentence', () => {
    expect(readEnvironment({ UNBLOCK_OTEL: 'true' }, '/')).toEqual({
      ok: false,
      message: 'UNBLOCK_OTEL must be "1" (export stalls to OpenTelemetry) or "0"; received "true".',
    });
    expect(readEnvironment({ UNBLOCK_OTEL: '' }, '/').ok).toBe(false);
  });
});
