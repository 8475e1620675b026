import type { Plugin } from 'vite'

/** axios 1.x's fetch adapter: its adapters.js imports it whatever the `adapter` setting. */
const AXIOS_FETCH_ADAPTER = /\/node_modules\/axios\/lib\/adapters\/fetch\.js$/

/**
 * Leaves axios's fetch adapter (and its stream, progress and signal helpers, 3 KB gzip) out of the
 * app shell. In a browser axios takes the first adapter that works from ['xhr', 'http', 'fetch']:
 * XMLHttpRequest is in every browser the PWA supports, so the fetch adapter never runs. Build only:
 * the tests run axios in Node, on its http adapter.
 */
export function axiosXhrOnly(): Plugin {
  return {
    name: 'axios-xhr-only',
    apply: 'build',
    load(id) {
      if (AXIOS_FETCH_ADAPTER.test(id))
        // adapters.js reads `getFetch`; false means "not supported here", the same as a browser without fetch.
        return 'export const getFetch = () => false\n'
    },
  }
}
