/**
 * Locates a sibling module for `new Worker(...)`. Under tsx (tests, development) sources end in `.ts`;
 * in the built package they end in `.js`. Workers inherit `process.execArgv`, so tsx's loader follows.
 */
export function siblingModuleUrl(importMetaUrl: string, baseName: string): URL {
  const ext = importMetaUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, importMetaUrl);
}
