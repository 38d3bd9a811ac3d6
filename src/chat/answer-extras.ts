// What other domains may show under a finished answer (Review's thumbs): chat only knows the slot, and
// src/app fills it, so that chat never imports another domain.
import { createContext, type ComponentType } from 'react';

export type AnswerExtras = ComponentType<{ recordId: string }>;

export const AnswerExtrasContext = createContext<AnswerExtras | null>(null);
