// What the keyboards of the rating queue and the voting screens share, as pure functions of the key event.
// Physical keys (`event.code`) come first, so a Japanese IME left on or another layout changes nothing.
//   Enter or →: next   ←: previous   N: the note (Esc leaves it, Ctrl/⌘+Enter goes on)   Z or Ctrl/⌘+Z: undo

export interface KeyInput {
  key: string;
  code: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  isComposing?: boolean;
}

export type SharedKeyAction = { type: 'note' } | { type: 'leave-note' } | { type: 'next' } | { type: 'prev' } | { type: 'undo' };

/** The letter a physical key stands for on a QWERTY keyboard ('KeyQ' -> 'q'), else the key itself. */
export function letterOf(e: KeyInput): string {
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? (m[1] as string).toLowerCase() : e.key.length === 1 ? e.key.toLowerCase() : '';
}

/** The digit of a digit key (top row or keypad), else null. */
export function digitOf(e: KeyInput): number | null {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(e.code);
  if (m) return Number(m[1]);
  return /^[0-9]$/.test(e.key) ? Number(e.key) : null;
}

/**
 * The shared keys: their action; null for a key that is nobody's (an IME's Enter, typing in the note, Alt,
 * other command keys); 'own' for a digit or another letter, which the screen's own map decides.
 */
export function sharedKeyAction(e: KeyInput, inText: boolean): SharedKeyAction | null | 'own' {
  if (e.isComposing || e.key === 'Process') return null;
  const command = e.ctrlKey || e.metaKey;
  if (inText) {
    if (e.key === 'Escape') return { type: 'leave-note' };
    if (command && e.key === 'Enter') return { type: 'next' };
    return null;
  }
  if (e.altKey) return null;
  if (command) return letterOf(e) === 'z' ? { type: 'undo' } : null;
  if (e.key === 'Enter' || e.key === 'ArrowRight') return { type: 'next' };
  if (e.key === 'ArrowLeft') return { type: 'prev' };
  if (digitOf(e) !== null) return 'own';
  const letter = letterOf(e);
  if (letter === 'n') return { type: 'note' };
  if (letter === 'z') return { type: 'undo' };
  return 'own';
}

/** A key typed into a field (the note, a name) is text, not a command. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(target.type);
}
