import { displayFile } from '../probe/report.js';
import type { Finding, Linked, LinkedPromiseSite, LinkedSite } from './link.js';

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function where(finding: Finding, cwd: string): string {
  return `${displayFile(finding.file, cwd)}:${finding.line}:${finding.column}`;
}

function describeFinding(finding: Finding, cwd: string): string {
  const through = finding.frame === 0 ? '' : ` (in ${finding.functionName}, ${finding.frame} frame(s) below the site)`;
  return `${finding.ruleId} at ${where(finding, cwd)}${through}: ${finding.message}`;
}

/** What each verdict says, one or more lines, without indentation; a finding of a stall "predicted" it. */
export function describeVerdict(site: Pick<LinkedSite, 'verdict' | 'changed'> & { stale?: LinkedSite['stale'] }, cwd: string, verb = 'predicted by'): string[] {
  const { verdict } = site;
  const lines: string[] = [];
  switch (verdict.status) {
    case 'reported':
      for (const finding of verdict.findings) lines.push(`${verb} ${describeFinding(finding, cwd)}`);
      break;
    case 'silenced': {
      const directive = verdict.directive === undefined ? 'an eslint-disable comment' : `an eslint-disable comment at ${displayFile(verdict.directive.file, cwd)}:${verdict.directive.line}`;
      for (const finding of verdict.findings) lines.push(`silenced: ${finding.ruleId} reports ${where(finding, cwd)}, but ${directive} turns it off: ${finding.message}`);
      break;
    }
    case 'off':
      for (const finding of verdict.findings) lines.push(`turned off: ${finding.ruleId} would report ${where(finding, cwd)}, but the rule is off in the ESLint config: ${finding.message}`);
      break;
    case 'unreported':
      lines.push(`no rule reports this code; likely ${verdict.likely}: ${verdict.advice}`);
      break;
    case 'not-linted':
      lines.push(`not linted: ${verdict.reason}`);
      break;
    case 'stale':
      lines.push('not matched to the lint: the code it names changed since the report; re-measure to see where it stalls now');
      break;
  }
  for (const { file, line } of site.stale ?? []) lines.push(`stale: line ${line} of ${displayFile(file, cwd)} changed since the report`);
  for (const file of site.changed) lines.push(`stale? ${displayFile(file, cwd)} changed after the report was written: the line may have moved`);
  return lines;
}

function counts(site: LinkedPromiseSite): string {
  const parts = [
    site.collected > 0 ? `${site.collected} collected` : '',
    site.pending > 0 ? `${site.pending} pending` : '',
    site.unhandled > 0 ? `${site.unhandled} unhandled` : '',
    site.handledLate > 0 ? `${site.handledLate} handled late` : '',
  ];
  return parts.filter(Boolean).join('  ');
}

/** The joined view: every stall site and never-awaited promise site, its figures, and what the rules say about it. */
export function formatLinked(linked: Linked, cwd: string): string {
  const config = linked.config === 'project' ? "the project's ESLint config" : "eslint-plugin-unblock's recommended config";
  const lines: string[] = [];
  if (linked.sites.length === 0 && linked.promises.length === 0) return 'unblock: no stall with a source position to link to the rules.\n';
  if (linked.sites.length > 0) {
    const predicted = linked.sites.filter((site) => site.verdict.status === 'reported').length;
    lines.push(`unblock: ${linked.sites.length} stall site(s) linked to the rules (${linked.files} file(s) linted with ${config}); ${predicted} predicted by a rule:`);
    linked.sites.forEach((site, index) => {
      lines.push(`  ${String(index + 1).padStart(2)}. ${displayFile(site.site.file, cwd)}:${site.site.line}  ${site.site.functionName}  ${site.count}x  total ${ms(site.totalMs)}  max ${ms(site.maxMs)}`);
      for (const line of describeVerdict(site, cwd)) lines.push(`      ${line}`);
    });
  }
  if (linked.promises.length > 0) {
    const reported = linked.promises.filter((site) => site.verdict.status === 'reported').length;
    lines.push(`unblock: ${linked.promises.length} never-awaited promise site(s) linked to no-floating-promises (${linked.files} file(s) linted with ${config}); ${reported} reported by the rule:`);
    linked.promises.forEach((site, index) => {
      lines.push(`  ${String(index + 1).padStart(2)}. ${displayFile(site.site.file, cwd)}:${site.site.line}  ${site.createdBy} in ${site.site.functionName}  ${counts(site)}`);
      for (const line of describeVerdict(site, cwd, 'reported by')) lines.push(`      ${line}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
