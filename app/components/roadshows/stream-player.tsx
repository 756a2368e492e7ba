import { useEffect, useRef, useState } from 'react'
import type { RoadshowHead } from '../../../server/roadshows/view-types'
import { useT } from '~/utils/i18n'

// The roadshow's stream beside the live panel: HLS through hls.js (loaded on
// the client only, and only when the browser cannot play HLS itself), MP4 in a
// plain <video>, an external meeting as a link that opens it, and for an
// on-site session a notice with the venue. `overlay` (the bullet comments)
// sits over the picture.

export function StreamPlayer({ roadshow, overlay }: { roadshow: RoadshowHead; overlay?: React.ReactNode }) {
  const t = useT()
  const { streamKind, streamUrl } = roadshow
  if (streamKind === 'external' && streamUrl)
    return (
      <div className="roadshow-stream roadshow-stream-external">
        <p>{t('roadshow.live.stream.externalHint')}</p>
        <a className="btn btn-primary btn-lg" href={streamUrl} target="_blank" rel="noopener noreferrer">
          {t('roadshow.live.stream.external')}
        </a>
        {overlay}
      </div>
    )
  if ((streamKind === 'hls' || streamKind === 'mp4') && streamUrl)
    return <VideoStream kind={streamKind} url={streamUrl} overlay={overlay} title={roadshow.title} />
  return (
    <div className="roadshow-stream roadshow-stream-none">
      <p>{t('roadshow.live.stream.none')}</p>
      {roadshow.venueAddress ? <p className="small">{t('roadshow.live.stream.venue', { address: roadshow.venueAddress })}</p> : null}
      {overlay}
    </div>
  )
}

function VideoStream({ kind, url, overlay, title }: { kind: 'hls' | 'mp4'; url: string; overlay?: React.ReactNode; title: string }) {
  const t = useT()
  const video = useRef<HTMLVideoElement>(null)
  const [error, setError] = useState<'error' | 'unsupported' | null>(null)
  useEffect(() => {
    const el = video.current
    if (!el || kind !== 'hls') return
    // Safari and iOS play HLS natively; everyone else gets hls.js, fetched only now.
    if (el.canPlayType('application/vnd.apple.mpegurl')) {
      el.src = url
      return
    }
    let destroyed = false
    let hls: { destroy(): void } | null = null
    import('hls.js')
      .then(({ default: Hls }) => {
        if (destroyed) return
        if (!Hls.isSupported()) return setError('unsupported')
        const h = new Hls()
        hls = h
        h.on(Hls.Events.ERROR, (_e, data) => {
          if (data.fatal) setError('error')
        })
        h.loadSource(url)
        h.attachMedia(el)
      })
      .catch(() => setError('error'))
    return () => {
      destroyed = true
      hls?.destroy()
    }
  }, [kind, url])
  return (
    <div className="roadshow-stream roadshow-stream-video">
      <video ref={video} controls playsInline muted autoPlay src={kind === 'mp4' ? url : undefined} aria-label={title} onError={() => setError('error')} />
      {overlay}
      {error ? (
        <p className="roadshow-stream-error" role="alert">
          {t(error === 'unsupported' ? 'roadshow.live.stream.unsupported' : 'roadshow.live.stream.error')}
        </p>
      ) : null}
    </div>
  )
}
