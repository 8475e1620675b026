/** Sends a text message. The real implementation talks to an SMS provider; mock/ has a local one. */
export interface SmsGateway {
  send: (phone: string, text: string) => Promise<void>
}
