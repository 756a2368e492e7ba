// fontkit ships no types; pdf.ts needs only this much of it (a parsed font pdfkit accepts in place of a file).
declare module 'fontkit' {
  export interface Font {
    layout(text: string): unknown
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font
}
