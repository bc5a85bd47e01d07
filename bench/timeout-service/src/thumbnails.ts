import { execFile, exec } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const execAsync = promisify(exec);

export async function thumbnail(input: string, output: string): Promise<void> {
  await execFileAsync('convert', [input, '-resize', '256x256', output], { timeout: 30_000 });
}

export async function imageInfo(input: string): Promise<string> {
  const { stdout } = await execFileAsync('identify', ['-format', '%wx%h', input]);
  return stdout;
}

export async function gitRevision(): Promise<string> {
  const { stdout } = await execAsync('git rev-parse HEAD');
  return stdout.trim();
}

export function diskUsage(dir: string, done: (error: Error | null, usage?: string) => void): void {
  exec(`du -sh ${dir}`, (error, stdout) => done(error, stdout));
}
