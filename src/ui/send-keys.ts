// When Enter in a question field sends: not with Shift (a line break), and never while an IME is composing
// (the Enter that confirms a Japanese conversion). keyCode 229 is what some browsers report for that Enter.
export function isSendEnter(e: { key: string; shiftKey: boolean; keyCode: number; nativeEvent: { isComposing: boolean } }): boolean {
  return e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229;
}
