import { ConfigProvider } from 'antd';
import type { ReactNode } from 'react';

const THEME = { token: { colorPrimary: '#c8161d', colorLink: '#c8161d' } };

/** The portal speaks in the red of the header; the console keeps antd's blue. */
export function PortalTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={THEME}>{children}</ConfigProvider>;
}
