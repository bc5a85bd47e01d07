export const config = {
  billingUrl: process.env.BILLING_URL ?? 'https://billing.internal',
  searchUrl: process.env.SEARCH_URL ?? 'https://search.internal',
  githubToken: process.env.GITHUB_TOKEN ?? '',
  slackWebhook: process.env.SLACK_WEBHOOK ?? '',
  requestTimeoutMs: Number(process.env.REQUEST_TIMEOUT_MS ?? 5000),
};
