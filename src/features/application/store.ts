import type { CompressedPhoto } from '../../app/compress'
import type { ApplicationStart, ItemStanding } from '../../domain/application/resident-api'
import type { ApplicationView } from '../../domain/application/schemas'
import type { ItemCode } from '../../domain/items'
import type { StepId, StoredDraft } from './draft'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import { errorMessage } from '../../api/client'
import { plainCopy, useStoredState } from '../../app/composables/useStoredState'
import { heldConflict } from '../../domain/application/standing'
import { RECEIVABLE_ITEMS } from '../../domain/diagnosis/options'
import { useSessionStore } from '../account'
import { useDiagnosisStore } from '../diagnosis'
import * as api from './api'
import { applyRegistry, diagnosisFigures, emptyDraft, isPristine, newIdempotencyKey, parseDraft, takeHandoff, tickItems } from './draft'
import { serverCopy, toApplicationInput } from './input'
import { useReceiptStore } from './receipt'

export const DRAFT_KEY = 'application.draft'
/** Compressed photos not uploaded yet (offline), apart from the draft so it stays small to write. */
export const PHOTOS_KEY = 'application.photos'
/** The server copy is written this long after the last keystroke. */
export const SERVER_SAVE_DELAY_MS = 2_000

export type SyncState = 'off' | 'pending' | 'saving' | 'saved' | 'failed' | 'too_large'
export type DraftNotice = 'prefilled' | 'prefilledRegistry' | 'registry' | 'merged' | 'serverRestored' | 'restored' | 'invitation' | 'invitationMerged' | null
export type RegistryState = 'off' | 'loading' | 'loaded' | 'failed'

/** Some photos could not be uploaded: the application is not sent without them. */
export class PhotoUploadError extends Error {
  constructor() {
    super('photos not uploaded')
  }
}

function parsePhotos(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null)
    return {}
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string'))
}

/**
 * Items the household holds (or that a status it receives rules out: 特困 for a 低保 household)
 * are not applied for again; a status it receives is ticked for it.
 */
function takeStanding(form: StoredDraft['form'], standing: readonly ItemStanding[]) {
  form.items = form.items.filter(i => !heldConflict(i, standing))
  const receiving: string[] = standing.filter(s => s.state === 'receiving').map(s => s.item)
  form.receiving = RECEIVABLE_ITEMS.filter(i => form.receiving.includes(i) || receiving.includes(i))
}

/** A's edit is newer than B's (device times; a draft never edited is older than any). */
function isNewer(a: StoredDraft, b: StoredDraft): boolean {
  return a.meta.editedAt !== null && (b.meta.editedAt === null || a.meta.editedAt > b.meta.editedAt)
}

/**
 * The application being filled in. Kept on the device after every change (IndexedDB) and, once
 * the resident's household is bound, on the server too, so that a reload, a dead network, a
 * crashed tab or another phone resumes where the person stopped.
 */
export const useApplicationStore = defineStore('application', () => {
  const stored = useStoredState<StoredDraft>(DRAFT_KEY, emptyDraft, { parse: parseDraft })
  const photos = useStoredState<Record<string, string>>(PHOTOS_KEY, () => ({}), { parse: parsePhotos })
  const diagnosis = useDiagnosisStore()
  const session = useSessionStore()

  const ready = computed(() => stored.ready.value && photos.ready.value && diagnosis.ready)
  const draft = computed(() => stored.state.value)
  const form = computed(() => stored.state.value.form)
  const step = computed<StepId>({
    get: () => stored.state.value.meta.step,
    set: (value) => {
      stored.state.value.meta.step = value
      scheduleServerSave()
    },
  })
  const storageError = computed(() => stored.error.value ?? photos.error.value)
  const notice = ref<DraftNotice>(null)
  /** Items an accepted invitation suggests (政策找人, issue #19), ticked when the form next opens. */
  const offered = ref<ItemCode[] | null>(null)
  const receipt = useReceiptStore()
  const submitting = ref(false)

  const sync = reactive({ state: 'off' as SyncState, savedAt: null as string | null, error: '' })
  const serverOffer = ref<{ draft: StoredDraft, savedAt: string } | null>(null)
  let syncEnabled = false
  let saveTimer: ReturnType<typeof setTimeout> | undefined
  /** the chain of server writes; never rejects (failures land in `sync`) */
  let saving: Promise<void> = Promise.resolve()

  /** GET /api/application-start: the registry and what the household holds (not part of the draft). */
  const start = ref<ApplicationStart | null>(null)
  const registry = reactive({ state: 'off' as RegistryState, error: '' })
  const standing = computed(() => start.value?.standing ?? [])
  /** The figures of the self-diagnosis this form started from, for "用自诊时填写的数字"; they stay on this device. */
  const diagnosisOffer = computed(() => {
    const handoff = diagnosis.handoff
    return handoff && handoff.createdAt === stored.state.value.meta.handoffAt ? diagnosisFigures(handoff) : null
  })

  // Changes made in place are the person's edits; a replaced form is a load, a restore or a reset.
  watch(() => stored.state.value.form, (now, before) => {
    if (now !== before || !stored.ready.value)
      return
    stored.state.value.meta.editedAt = new Date().toISOString()
    scheduleServerSave()
  }, { deep: true })

  function canSync(): boolean {
    return session.user?.role === 'resident' && session.user.household !== null
  }

  function scheduleServerSave() {
    if (!syncEnabled || submitting.value)
      return
    clearTimeout(saveTimer)
    sync.state = 'pending'
    saveTimer = setTimeout(() => void saveToServer(), SERVER_SAVE_DELAY_MS)
  }

  /** Writes the server copy now (after the debounce, when the page is hidden, or on request). */
  function saveToServer(): Promise<void> {
    clearTimeout(saveTimer)
    saveTimer = undefined
    // One write at a time, in order, so that an older copy never lands after a newer one.
    if (syncEnabled)
      saving = saving.then(writeServerCopy)
    return saving
  }

  async function writeServerCopy(): Promise<void> {
    const copy = serverCopy(plainCopy(stored.state.value))
    if (!copy) {
      sync.state = 'too_large'
      return
    }
    sync.state = 'saving'
    try {
      const res = await api.saveServerDraft(copy)
      sync.state = 'saved'
      sync.savedAt = res.savedAt
      sync.error = ''
    }
    catch (error) {
      // The device copy is intact; the page says the account copy is behind, and why.
      sync.state = 'failed'
      sync.error = errorMessage(error)
    }
  }

  /** Flushes a pending server save, e.g. when the page is hidden (tab switched, phone locked). */
  function flushServerSave() {
    if (saveTimer !== undefined)
      void saveToServer()
  }

  function adopt(next: StoredDraft) {
    const consumed = stored.state.value.meta.handoffAt
    stored.state.value = next
    // A diagnosis taken in on this device stays taken in.
    if (consumed && !next.meta.handoffAt)
      next.meta.handoffAt = consumed
  }

  /**
   * Compares the device's draft with the server's: a newer server copy replaces an untouched
   * form at once, and is offered otherwise; a newer device copy is written up.
   */
  async function connectServer(): Promise<void> {
    syncEnabled = canSync()
    if (!syncEnabled) {
      sync.state = 'off'
      return
    }
    let remote: api.ServerDraft
    try {
      remote = await api.fetchServerDraft()
    }
    catch (error) {
      sync.state = 'failed'
      sync.error = errorMessage(error)
      return
    }
    const copy = remote.draft === null ? undefined : parseDraft(remote.draft)
    const local = stored.state.value
    if (copy && remote.savedAt && isNewer(copy, local)) {
      if (isPristine(local)) {
        adopt(copy)
        takeHandoff(stored.state.value, diagnosis.handoff)
        notice.value = 'serverRestored'
        sync.state = 'saved'
        sync.savedAt = remote.savedAt
      }
      else {
        serverOffer.value = { draft: copy, savedAt: remote.savedAt }
      }
      return
    }
    if (!isPristine(local))
      await saveToServer()
  }

  /**
   * Opens the form: the stored draft (if it is this person's), the diagnosis handed over, then
   * the server copy. Safe to call on every visit.
   */
  async function open(): Promise<void> {
    try {
      await session.ensureLoaded()
    }
    catch (error) {
      // Offline: the form works from the device copy; the account copy waits for the next visit.
      console.warn('session not loaded, the draft stays on this device', error)
    }
    const userId = session.user?.id ?? null
    const meta = stored.state.value.meta
    if (userId && meta.ownerId && meta.ownerId !== userId) {
      // Someone else's unfinished application on a shared phone: not shown to this person.
      await Promise.all([stored.clear(), photos.clear()])
    }
    else if (stored.restored.value && !isPristine(stored.state.value) && notice.value === null) {
      notice.value = 'restored'
    }
    if (userId)
      stored.state.value.meta.ownerId = userId
    const taken = takeHandoff(stored.state.value, diagnosis.handoff)
    if (taken !== 'none')
      notice.value = taken
    await connectServer()
    takeOffered()
    await loadStart()
  }

  /**
   * The resident accepted an invitation of the town's staff: the form opens (open()) with its
   * items ticked. Only item codes pass, through this store, never through the URL.
   */
  function offerItems(items: readonly ItemCode[]) {
    offered.value = [...items]
  }

  /**
   * Ticks the offered items in whichever draft the person goes on with: the one on the device,
   * and a newer account copy they may still choose instead. A draft already begun keeps all of
   * it, and the notice says so. Items the household holds are unticked again by loadStart.
   */
  function takeOffered() {
    const items = offered.value
    if (!items)
      return
    offered.value = null
    const taken = tickItems(stored.state.value, items)
    if (serverOffer.value)
      tickItems(serverOffer.value.draft, items)
    notice.value = taken === 'merged' ? 'invitationMerged' : 'invitation'
  }

  /**
   * Reads the household registry and what the household already holds, and takes them into
   * the form: registered members are filled in (nothing to retype), held items unticked.
   * The form is replaced, not edited: this is a load, not the person's change.
   */
  async function loadStart(): Promise<void> {
    if (!canSync()) {
      registry.state = 'off'
      return
    }
    registry.state = 'loading'
    try {
      start.value = await api.fetchApplicationStart()
    }
    catch (error) {
      // Offline or refused: the form still works; members are typed, the server checks them.
      registry.state = 'failed'
      registry.error = errorMessage(error)
      return
    }
    const next = plainCopy(stored.state.value.form)
    const brought = applyRegistry(next, start.value.registered, new Date().toISOString())
    takeStanding(next, start.value.standing)
    stored.state.value.form = next
    registry.state = 'loaded'
    registry.error = ''
    if (brought > 0 && (notice.value === null || notice.value === 'prefilled'))
      notice.value = notice.value === 'prefilled' ? 'prefilledRegistry' : 'registry'
  }

  /** After the server refused an item already held: the menu shows why, the form is left as it is. */
  async function refreshStanding(): Promise<void> {
    if (!canSync())
      return
    try {
      start.value = await api.fetchApplicationStart()
    }
    catch (error) {
      // The server's refusal is on screen already; the menu just cannot mark the item yet.
      console.warn('could not refresh what the household holds', error)
    }
  }

  async function acceptServerCopy() {
    if (!serverOffer.value)
      return
    adopt(serverOffer.value.draft)
    sync.state = 'saved'
    sync.savedAt = serverOffer.value.savedAt
    serverOffer.value = null
    notice.value = 'serverRestored'
    // The copy may predate the registry's members (or a change in them).
    await loadStart()
  }

  async function keepDeviceCopy() {
    serverOffer.value = null
    await saveToServer()
  }

  // --- photos ------------------------------------------------------------------------------

  const uploading = ref<Record<string, boolean>>({})
  const photoErrors = ref<Record<string, string>>({})
  const uploads = new Map<string, Promise<boolean>>()

  function hasPhotoData(localId: string): boolean {
    return photos.state.value[localId] !== undefined
  }

  /** Uploads one photo kept on the device. False when it failed: photoErrors says why. */
  function uploadPhoto(localId: string): Promise<boolean> {
    const running = uploads.get(localId)
    if (running)
      return running
    const job = (async () => {
      const attachment = form.value.attachments.find(a => a.localId === localId)
      const data = photos.state.value[localId]
      if (!attachment || attachment.id || data === undefined)
        return Boolean(attachment?.id)
      uploading.value[localId] = true
      delete photoErrors.value[localId]
      try {
        const uploaded = await api.uploadAttachment({ type: attachment.type, data })
        const current = form.value.attachments.find(a => a.localId === localId)
        if (current)
          current.id = uploaded.id
        delete photos.state.value[localId]
        return true
      }
      catch (error) {
        photoErrors.value[localId] = errorMessage(error)
        return false
      }
      finally {
        delete uploading.value[localId]
        uploads.delete(localId)
      }
    })()
    uploads.set(localId, job)
    return job
  }

  /** Keeps a compressed photo in the draft and uploads it (offline: later, at the latest on submit). */
  async function addPhoto(name: string, photo: CompressedPhoto): Promise<boolean> {
    const localId = newIdempotencyKey()
    photos.state.value[localId] = photo.data
    form.value.attachments.push({ localId, id: null, name, type: photo.type, size: photo.size, thumb: photo.thumb })
    return uploadPhoto(localId)
  }

  function removePhoto(localId: string) {
    form.value.attachments = form.value.attachments.filter(a => a.localId !== localId)
    delete photos.state.value[localId]
    delete photoErrors.value[localId]
  }

  // --- submit ------------------------------------------------------------------------------

  let submission: Promise<ApplicationView> | null = null

  async function send(): Promise<ApplicationView> {
    clearTimeout(saveTimer)
    saveTimer = undefined
    await saving
    const results = await Promise.all(form.value.attachments.filter(a => !a.id).map(a => uploadPhoto(a.localId)))
    if (results.includes(false))
      throw new PhotoUploadError()
    // The same key as any earlier try: a resend after a timeout returns the same application.
    const application = await api.submitApplication(toApplicationInput(form.value, stored.state.value.meta.idempotencyKey))
    receipt.lastSubmitted = application
    await clearDraft()
    return application
  }

  /** Sends the application once: a second tap while it is on its way gets the same answer. */
  function submit(): Promise<ApplicationView> {
    if (!submission) {
      submitting.value = true
      submission = send().finally(() => {
        submission = null
        submitting.value = false
      })
    }
    return submission
  }

  /** Forgets the draft on the device; the server deleted its copy when it took the application. */
  async function clearDraft() {
    const { handoffAt, ownerId } = stored.state.value.meta
    await Promise.all([stored.clear(), photos.clear()])
    // The fresh draft remembers that this diagnosis was used, or it would fill the form again.
    stored.state.value.meta.handoffAt = handoffAt
    stored.state.value.meta.ownerId = ownerId
    notice.value = null
    serverOffer.value = null
    sync.state = 'off'
    uploading.value = {}
    photoErrors.value = {}
  }

  /** "重新填写": both copies go. */
  async function startOver() {
    await clearDraft()
    if (syncEnabled)
      await api.deleteServerDraft()
    await loadStart()
  }

  return {
    ready,
    draft,
    form,
    step,
    notice,
    storageError,
    sync,
    serverOffer,
    submitting,
    registry,
    standing,
    diagnosisOffer,
    loadStart,
    refreshStanding,
    uploading,
    photoErrors,
    open,
    offerItems,
    saveToServer,
    flushServerSave,
    acceptServerCopy,
    keepDeviceCopy,
    hasPhotoData,
    uploadPhoto,
    addPhoto,
    removePhoto,
    submit,
    startOver,
  }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useApplicationStore, import.meta.hot))
