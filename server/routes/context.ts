import type { Adapters } from '../adapters'
import type { ServerConfig } from '../config'
import type { Db } from '../db'

/** What every route module gets: the database, the outside systems and the configuration. */
export interface RouteContext {
  db: Db
  adapters: Adapters
  config: ServerConfig
}
