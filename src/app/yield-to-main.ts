/**
 * Ends the task the caller runs in and goes on in a new one (issue #18). A cheap phone answers
 * no tap and paints nothing until a task ends, so the app's start is cut at its seams (the shell's
 * modules evaluated | the first navigation started | the app mounted; and for every page: its
 * files and messages arrived | the page rendered | its lower parts rendered, RenderNextTask)
 * instead of running as one long task. `scheduler.yield` resumes ahead of other queued work where
 * the browser has it (Chromium 129+); elsewhere a new task with no delay.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function')
    return scheduler.yield()
  return new Promise(resolve => setTimeout(resolve, 0))
}
