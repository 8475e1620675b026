// What the household card showed (masked head name and village), remembered while the app is
// open, so that a visit logged after a scan can be listed as "李**家 · 和美村" in the outbox.
// Keyed by the code's household reference; memory only: the visit form keeps its own copy in
// its draft until the visit is saved, and the outbox keeps it in the visit's summary.

export interface CardSummary { maskedHeadName: string, villageName: string }

const cards = new Map<string, CardSummary>()

/** Called by the scanned-code page once it has the card (POST /api/visits/card). */
export function rememberCard(ref: string, card: CardSummary): void {
  cards.set(ref, { maskedHeadName: card.maskedHeadName, villageName: card.villageName })
}

export function knownCard(ref: string): CardSummary | null {
  return cards.get(ref) ?? null
}

export function forgetCards(): void {
  cards.clear()
}
