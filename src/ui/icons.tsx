// A few inline icons: no icon font or emoji, which may be missing on the user's system.
const paths = {
  edit: 'M4 17.25V20h2.75L17.8 8.94l-2.75-2.75L4 17.25Zm15.7-10.1a1 1 0 0 0 0-1.4l-1.45-1.45a1 1 0 0 0-1.4 0l-1.15 1.15 2.75 2.75 1.25-1.05Z',
  trash: 'M6 7h12l-1 13H7L6 7Zm3-3h6l1 2h4v2H4V6h4l1-2Z',
  image:
    'M19 5H5a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2Zm0 12H5l3.5-4.5 2.5 3 3.5-4.5L19 17ZM8 10a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3Z',
  menu: 'M3 6h18v2H3V6Zm0 5h18v2H3v-2Zm0 5h18v2H3v-2Z',
} as const;

export function Icon({ name, size = 18 }: { name: keyof typeof paths; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path fill="currentColor" d={paths[name]} />
    </svg>
  );
}
