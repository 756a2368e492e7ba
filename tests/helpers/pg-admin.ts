import pg from 'pg'

const ident = (s: string) => '"' + s.replaceAll('"', '""') + '"'

export async function dropDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${ident(name)} with (force)`)
  } finally {
    await client.end()
  }
}

export async function cloneDatabase(adminUrl: string, name: string, template: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${ident(name)} with (force)`)
    await client.query(`create database ${ident(name)} template ${ident(template)}`)
  } finally {
    await client.end()
  }
}
