/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so that generated households (the
 * specs' and the benchmarks') are the same on every run and on both databases. Not for secrets.
 */
export function seededRandom(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
