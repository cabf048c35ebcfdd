/**
 * "Perhaps you meant …" hints. PostgREST uses a fuzzy set (n-gram cosine); a normalised
 * edit distance picks the same obvious neighbours (`device` → `devices`) and is simpler.
 */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a.toLowerCase(), b.toLowerCase()) / longest;
}

/** The most similar candidate scoring at least `minScore` (0…1), if any. */
export function closest(word: string, candidates: Iterable<string>, minScore: number): string | undefined {
  let best: string | undefined;
  let bestScore = minScore;
  for (const candidate of candidates) {
    const score = similarity(word, candidate);
    if (score >= bestScore && (best === undefined || score > bestScore)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
