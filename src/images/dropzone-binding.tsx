// react-dropzone, loaded on the person's first move in a composer rather than with the page (it and
// file-selector are about 16 KB gzip). It draws nothing: it drives the composer's own drop target and file
// input (src/images/intake.tsx renders both from the first paint) and hands their handlers back.
import { useCallback, useEffect, type ChangeEvent, type DragEvent, type RefObject } from 'react';
import { useDropzone } from 'react-dropzone';

export type Drag = (e: DragEvent<HTMLElement>) => void;
/** What react-dropzone handles once it has arrived. */
export interface DropHandlers {
  onDragEnter: Drag;
  onDragOver: Drag;
  onDragLeave: Drag;
  onDrop: Drag;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
  open: () => void;
  isDragActive: boolean;
}

export interface DropzoneBindingProps {
  root: RefObject<HTMLElement | null>;
  input: RefObject<HTMLInputElement | null>;
  /** Stable across renders: the handlers below are rebuilt only when react-dropzone's state changes. */
  onFiles: (files: File[]) => void;
  bind: (handlers: DropHandlers) => void;
}

export function DropzoneBinding({ root, input, onFiles, bind }: DropzoneBindingProps) {
  // Refused files are taken too: the composer explains them.
  const onDrop = useCallback(
    (accepted: File[], rejected: { file: File }[]) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    [onFiles],
  );
  const { getRootProps, getInputProps, open, isDragActive, rootRef, inputRef } = useDropzone({
    onDrop,
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  // The elements are the composer's: react-dropzone reads them to tell a drag inside from one outside
  // and to open the picker. (A passive effect: the composer's refs are attached by then.)
  useEffect(() => {
    rootRef.current = root.current!;
    inputRef.current = input.current!;
  });
  useEffect(() => {
    const r = getRootProps();
    const i = getInputProps();
    bind({
      onDragEnter: r.onDragEnter!,
      onDragOver: r.onDragOver!,
      onDragLeave: r.onDragLeave!,
      onDrop: r.onDrop!,
      onChange: i.onChange!,
      open,
      isDragActive,
    });
  }, [getRootProps, getInputProps, open, isDragActive, bind]);
  return null;
}
