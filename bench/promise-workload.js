// The promise-heavy workload that bench/promises.js and bench/promise-hook-parts.js time: three async
// functions and a Promise.all a call, so that every promise hook runs several times per operation.
async function leaf(i) {
  return i + 1;
}
async function middle(i) {
  return (await leaf(i)) * 2;
}
async function top(i) {
  const [a, b] = await Promise.all([middle(i), leaf(i)]);
  return a + b;
}

/** Awaits `ops` calls after a tenth as many as a warm-up (every mode measured on optimised code): ns per call. */
export async function timeAwaits(ops) {
  for (let i = 0; i < ops / 10; i += 1) await top(i);
  const start = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < ops; i += 1) sum += await top(i);
  return { nsPerOp: Number(process.hrtime.bigint() - start) / ops, sum };
}
