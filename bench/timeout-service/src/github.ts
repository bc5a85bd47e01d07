import got from 'got';

import { config } from './config.js';

const github = got.extend({
  prefixUrl: 'https://api.github.com',
  headers: { authorization: `token ${config.githubToken}` },
  responseType: 'json',
});

const githubWithDeadline = github.extend({ timeout: { request: 10_000 } });

export async function latestRelease(repo: string): Promise<string> {
  const release = await github.get(`repos/${repo}/releases/latest`).json<{ tag_name: string }>();
  return release.tag_name;
}

export async function openIssues(repo: string): Promise<number> {
  const issues = await githubWithDeadline.get(`repos/${repo}/issues`).json<unknown[]>();
  return issues.length;
}

export async function downloadAsset(url: string): Promise<Uint8Array> {
  return got(url, { timeout: { request: 30_000 } }).buffer();
}

export function streamArchive(repo: string) {
  return got.stream(`https://codeload.github.com/${repo}/tar.gz/main`);
}
