// The images attached to the message being written: each is prepared in the worker as soon as it arrives
// (so it is ready before the question is typed), once per image policy asked for (a comparison sends the
// same image to endpoints that want other sizes), and again if the policies change.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImagePolicy } from '../config/schema';
import { ImageRejection, splitByLimit, type RejectionData } from './checks';
import type { PreparedImage } from './prepare-core';

export interface Attachment {
  key: string;
  file: File;
  state: 'preparing' | 'ready';
  /** Once ready: the image prepared for each policy, by policyKey. */
  prepared: Readonly<Record<string, PreparedImage>>;
  /** Once ready: the image prepared for the first policy. */
  image?: PreparedImage;
}

export interface Rejection extends RejectionData {
  key: string;
}

export const policyKey = (policy: ImagePolicy): string => JSON.stringify(policy);

export function useAttachments(policies: readonly ImagePolicy[], room: number) {
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const distinct = [...new Map(policies.map((p) => [policyKey(p), p])).values()];
  const policiesKey = JSON.stringify(distinct);
  const policiesRef = useRef(distinct);
  policiesRef.current = distinct;

  const prepare = useCallback((items: Attachment[]) => {
    const wanted = policiesRef.current;
    const key = JSON.stringify(wanted);
    for (const item of items) {
      // The worker's side loads with the first image, not with the page.
      Promise.all(wanted.map((p) => import('./prepare').then((m) => m.prepareImage(item.file, p)))).then(
        (images) => {
          if (JSON.stringify(policiesRef.current) !== key) return;
          const prepared = Object.fromEntries(wanted.map((p, i) => [policyKey(p), images[i]!]));
          setAttachments((list) => list.map((a) => (a.key === item.key ? { ...a, state: 'ready', prepared, image: images[0] } : a)));
        },
        (error: unknown) => {
          setAttachments((list) => list.filter((a) => a.key !== item.key));
          const r =
            error instanceof ImageRejection
              ? error
              : new ImageRejection('corrupt', item.file.name, { reason: error instanceof Error ? error.message : String(error) });
          setRejections((list) => [...list, { key: item.key, ...r.toData() }]);
        },
      );
    }
  }, []);

  const add = useCallback(
    (files: File[]) => {
      const { accepted, refused } = splitByLimit(files, Math.max(0, room - attachments.length));
      const items = accepted.map((file) => ({ key: crypto.randomUUID(), file, state: 'preparing' as const, prepared: {} }));
      setAttachments((list) => [...list, ...items]);
      setRejections((list) => [
        ...list,
        ...refused.map((f) => ({ key: crypto.randomUUID(), code: 'too-many-files' as const, fileName: f.name, detail: { limit: room } })),
      ]);
      prepare(items);
      return refused.length;
    },
    [attachments.length, room, prepare],
  );

  // Other endpoints may want other sizes: prepare everything again.
  const current = useRef(attachments);
  current.current = attachments;
  useEffect(() => {
    if (!current.current.length) return;
    const again = current.current.map((a) => ({ ...a, state: 'preparing' as const, prepared: {}, image: undefined }));
    setAttachments(again);
    prepare(again);
  }, [policiesKey, prepare]);

  // When the endpoint allows fewer images than are attached (another endpoint was picked), the extras are
  // taken off and explained, so that nothing is dropped silently at send time.
  useEffect(() => {
    if (current.current.length <= room) return;
    const { accepted, refused } = splitByLimit(current.current, Math.max(0, room));
    setAttachments(accepted);
    setRejections((list) => [
      ...list,
      ...refused.map((a) => ({
        key: crypto.randomUUID(),
        code: 'too-many-files' as const,
        fileName: a.file.name,
        detail: { limit: room },
      })),
    ]);
  }, [room]);

  return {
    attachments,
    rejections,
    add,
    remove: (key: string) => setAttachments((list) => list.filter((a) => a.key !== key)),
    dismiss: (key: string) => setRejections((list) => list.filter((r) => r.key !== key)),
    clear: () => {
      setAttachments([]);
      setRejections([]);
    },
    ready: attachments.every((a) => a.state === 'ready'),
  };
}

export type Attachments = ReturnType<typeof useAttachments>;
