/**
 * "已发布" after posting a small wish: a message for the one visit to the list that follows
 * the post, kept in memory rather than in the URL (a `?posted=1` stayed on the page through
 * back, forward and reloads long after the post, issue #16). The list takes it once.
 */
let justPosted = false

export function notePosted(): void {
  justPosted = true
}

/** true once after notePosted(); false on every later call. */
export function takePosted(): boolean {
  const was = justPosted
  justPosted = false
  return was
}
