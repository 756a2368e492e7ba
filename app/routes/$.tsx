// Any path no other route claims: a proper 404 page inside the layout.
export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}
