// The one call db/embedded.ts makes into async-exit-hook (it has no types of its own).
declare module 'async-exit-hook' {
  interface ExitHook {
    (hook: (done: () => void) => void): void
    unhookEvent(event: string): void
  }
  const exitHook: ExitHook
  export default exitHook
}
