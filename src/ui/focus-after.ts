// A click whose button goes away (Stop, Regenerate, an edit sent or cancelled, a new conversation) would leave
// the focus on the page itself, and the keyboard would start again from the top: what comes next takes it.
// Not after a touch, where a focused text field would open the on-screen keyboard.
import type { SyntheticEvent } from 'react';

export function byTouch(event: SyntheticEvent): boolean {
  return (event.nativeEvent as Partial<PointerEvent>).pointerType === 'touch';
}

export function focusAfter(event: SyntheticEvent, next: HTMLElement | null | undefined): void {
  if (!byTouch(event)) next?.focus();
}
