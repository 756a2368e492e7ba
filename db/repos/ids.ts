// Ids arrive from URLs and forms: anything that is not a uuid is simply "not
// found" rather than a PostgreSQL type error (a 500).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (id: string) => UUID.test(id)
