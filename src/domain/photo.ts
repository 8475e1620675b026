// Photos of small needs and home visits: compressed on the phone to a JPEG (EXIF dropped) and sent
// as a data URL. One prefix for the forms that build it, the schemas that check it and the server
// that reads the bytes behind it. No zod here, so that the PWA can use it cheaply.

export const JPEG_DATA_URL_PREFIX = 'data:image/jpeg;base64,'
