import { useEffect, useState } from 'react';
import { api } from '../api.ts';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  roles: { role: string; orgCode: string; orgName: string }[];
}

export interface PublicConfig {
  demo: boolean;
  version: string;
  demoAccounts?: DemoAccount[];
}

/** The public config is optional decoration (demo accounts, version), so a failure just leaves it null. */
export function usePublicConfig(): PublicConfig | null {
  const [config, setConfig] = useState<PublicConfig | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<PublicConfig>('/api/config/public', undefined, controller.signal)
      .then(setConfig)
      .catch(() => setConfig(null));
    return () => controller.abort();
  }, []);
  return config;
}
