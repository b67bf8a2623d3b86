/**
 * The git commit of the working tree, recorded with each run (null outside a repository or without
 * git). A trailing `-dirty` marks uncommitted changes, so a run is never tied to code it did not use.
 */
import { execFileSync } from 'node:child_process';

export function gitCommit(cwd: string = process.cwd()): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    if (!/^[0-9a-f]{40}$/.test(sha)) return null;
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return null;
  }
}
