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

/**
 * A ref for a button that can go away by itself (Stop, when the answer ends): if it had the keyboard's focus
 * then, `next` takes it. Focus from a pointer or a touch is left alone (no on-screen keyboard opens unasked).
 */
export function passFocusOnRemoval(next: () => HTMLElement | null | undefined) {
  return (button: HTMLElement | null) => {
    if (!button) return;
    return () => {
      // Detached while still in the document, before React removes it.
      if (document.activeElement !== button || !button.matches(':focus-visible')) return;
      queueMicrotask(() => {
        const to = next();
        if (to?.isConnected && (document.activeElement === document.body || document.activeElement === null)) to.focus();
      });
    };
  };
}
