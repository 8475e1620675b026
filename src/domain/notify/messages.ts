// Which in-app notifications also go out by text and push (issue #19), and as which message.
// Old residents rarely open an app: every event that asks something of the household or decides
// its case, and the invitation of 政策找人, reaches them where they are. The household's own acts
// (submitting, answering a request) and news of small steps (a check started) stay in the app.
//
// A message says only that there is news of the household's 社会救助 and where to read it: no
// item, amount, illness or reason. A text is read on a lock screen and on a shared family phone;
// the details are behind the sign-in at the link.

export const OUTBOUND_TEMPLATES = ['case_accepted', 'case_needs_info', 'case_approved', 'case_rejected', 'invitation'] as const
export type OutboundTemplate = typeof OUTBOUND_TEMPLATES[number]

export const OUTBOUND_CHANNELS = ['sms', 'push'] as const
export type OutboundChannel = typeof OUTBOUND_CHANNELS[number]

/**
 * The notification codes (server/services/applications/workflow.ts, and `invitation` from the
 * verification of a warning) that go out, each with its message.
 */
const TEMPLATE_OF_CODE: Readonly<Record<string, OutboundTemplate>> = {
  accepted: 'case_accepted',
  need_more_info: 'case_needs_info',
  approved: 'case_approved',
  approved_amount: 'case_approved',
  rejected: 'case_rejected',
  // A dependent item that cannot go on (hardship not confirmed): for the household, a refusal.
  rejected_dependent: 'case_rejected',
  invitation: 'invitation',
}

/** The notification code of an invitation to apply (政策找人). */
export const INVITATION_CODE = 'invitation'

export function outboundTemplateOf(code: string): OutboundTemplate | null {
  return Object.hasOwn(TEMPLATE_OF_CODE, code) ? TEMPLATE_OF_CODE[code]! : null
}

/**
 * The PWA page a message links to: the application's progress page, or the home page where the
 * invitation waits. A path of ours with a random id only: no name, number or code of a person.
 */
export function outboundPath(template: OutboundTemplate, applicationId: string | null): string {
  if (template === 'invitation' || applicationId === null)
    return '/'
  return `/progress/${encodeURIComponent(applicationId)}`
}

/**
 * A path a push may open: ours (one leading slash, not `//host` nor `/\host`, which browsers
 * read as another site), else the home page. The service worker opens nothing else.
 */
export function safeAppPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 512)
    return '/'
  // Control characters (a tab or newline inside "/\t/evil.example") are dropped by URL parsers,
  // and a backslash is read as a slash.
  return [...value].some(c => c <= '\u001F' || c === '\u007F' || c === '\\') ? '/' : value
}
