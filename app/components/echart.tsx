import { useEffect, useRef, useState } from 'react'

// An ECharts figure, drawn only in the browser: echarts is imported lazily
// (its own chunk, fetched by the pages that show a chart), so the server
// render and the first paint carry only the accessible table the page puts
// next to it. A click on a bar, point or link calls `onPick` (the dashboards
// open the rows behind it); the PNG button saves what is drawn.

type ECharts = import('echarts').ECharts
export type ChartOption = Record<string, unknown>
export interface ChartPick {
  seriesName?: string
  name?: string
  dataType?: string
  data?: unknown
  value?: unknown
}

export function EChart({
  option,
  label,
  onPick,
  fileName,
  pngLabel,
  height = 320,
}: {
  option: ChartOption
  label: string
  onPick?: (p: ChartPick) => void
  fileName: string
  pngLabel: string
  height?: number
}) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<ECharts | null>(null)
  const pick = useRef(onPick)
  const [ready, setReady] = useState(false)
  useEffect(() => {
    pick.current = onPick
  }, [onPick])

  useEffect(() => {
    let disposed = false
    let observer: ResizeObserver | undefined
    void import('echarts').then((echarts) => {
      if (disposed || !ref.current) return
      const c = echarts.init(ref.current, undefined, { renderer: 'canvas' })
      chart.current = c
      c.on('click', (p) => pick.current?.(p as ChartPick))
      observer = new ResizeObserver(() => c.resize())
      observer.observe(ref.current)
      setReady(true)
    })
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    if (ready) chart.current?.setOption(option, true)
  }, [ready, option])

  const savePng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' })
    if (!url) return
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.click()
  }

  return (
    <figure className="dash-figure">
      <div ref={ref} className="dash-canvas" role="img" aria-label={label} style={{ height }} data-ready={ready ? 'true' : 'false'} />
      <figcaption className="dash-figure-actions">
        <button type="button" className="btn btn-secondary btn-small" onClick={savePng} disabled={!ready}>
          {pngLabel}
        </button>
      </figcaption>
    </figure>
  )
}
