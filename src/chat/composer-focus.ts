// The chat's question box, where the focus goes after an action elsewhere on the screen whose button goes away.
import { createRef, type SyntheticEvent } from 'react';
import { focusAfter } from '../ui/focus-after';

export const composerInput = createRef<HTMLTextAreaElement>();

export function focusComposer(event: SyntheticEvent): void {
  focusAfter(event, composerInput.current);
}
