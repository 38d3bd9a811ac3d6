// Build-time environment. vite.config.ts validates these values when the app is built, so a bad URL
// fails the build instead of a request; here they are only read.
export const env = {
  tanuki8bUrl: import.meta.env.VITE_TANUKI_8B_URL || undefined,
  tanuki8x8bUrl: import.meta.env.VITE_TANUKI_8X8B_URL || undefined,
} as { tanuki8bUrl?: string; tanuki8x8bUrl?: string };
