/**
 * Resolves with the promise's value, or null at `deadline` (epoch ms). The timer is cleared
 * either way, so a finished wait never keeps the process alive until the deadline.
 */
export function byDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
