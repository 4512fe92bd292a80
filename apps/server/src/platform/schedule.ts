/**
 * Runs a task every `ms` in this process, never two runs at once (a slow run delays the next instead
 * of piling up). Several processes may each run it: tasks must be safe to run concurrently.
 * The timer does not keep the process alive; `stop` waits for a run in progress.
 */
export function every(ms: number, task: () => Promise<unknown>, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = task()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
  }, ms);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
