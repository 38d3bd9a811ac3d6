// The images attached to the message being written: each is prepared in the worker as soon as it
// arrives (so it is ready before the question is typed), and again if the endpoint's policy changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImagePolicy } from '../config/schema';
import { ImageRejection, splitByLimit, type RejectionData } from '../images/checks';
import { prepareImage } from '../images/prepare';
import type { PreparedImage } from '../images/prepare-core';

export interface Attachment {
  key: string;
  file: File;
  state: 'preparing' | 'ready';
  image?: PreparedImage;
}

export interface Rejection extends RejectionData {
  key: string;
}

export function useAttachments(policy: ImagePolicy, room: number) {
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const policyKey = JSON.stringify(policy);
  const policyRef = useRef(policy);
  policyRef.current = policy;

  const prepare = useCallback((items: Attachment[]) => {
    const key = JSON.stringify(policyRef.current);
    for (const item of items) {
      prepareImage(item.file, policyRef.current).then(
        (image) => {
          if (JSON.stringify(policyRef.current) !== key) return;
          setAttachments((list) => list.map((a) => (a.key === item.key ? { ...a, state: 'ready', image } : a)));
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
      const items = accepted.map((file) => ({ key: crypto.randomUUID(), file, state: 'preparing' as const }));
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

  // A different endpoint may want other sizes: prepare everything again.
  const current = useRef(attachments);
  current.current = attachments;
  useEffect(() => {
    if (!current.current.length) return;
    const again = current.current.map((a) => ({ ...a, state: 'preparing' as const, image: undefined }));
    setAttachments(again);
    prepare(again);
  }, [policyKey, prepare]);

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
