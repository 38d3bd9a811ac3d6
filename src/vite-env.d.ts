/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly VITE_TANUKI_8B_URL?: string;
  readonly VITE_TANUKI_8X8B_URL?: string;
}
