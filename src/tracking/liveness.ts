/**
 * Is the process that owns a run still alive? Signal 0 probes a pid without touching it: ESRCH means
 * gone, EPERM means alive but owned by someone else. Only meaningful on the same host.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
