import type { Session } from '../../test/server.ts';
import type { App } from '../http/types.ts';

/** Helpers the hotline tests share: a call as the operator types it, and actions by path. */

export const VILLAGE = '511723100001';
export const XINNING = '511723100';
export const PUAN = '511723101';
export const MARKET_BUREAU = '511723-2';

export function call(overrides: Record<string, unknown> = {}) {
  return {
    categoryCode: 'ROAD',
    kind: 'complaint',
    caller: { name: '张三', phone: '13800000001' },
    content: '解放街路面塌陷一个大坑，晚上很危险',
    location: { orgCode: VILLAGE, address: '新宁镇解放街 12 号' },
    attributes: { road_type: 'street', damage: ['collapse'] },
    ...overrides,
  };
}

export async function register(app: App, s: Session, body: Record<string, unknown> = call()) {
  return app.inject({ method: 'POST', url: '/api/hotline/orders', headers: s.headers, payload: body });
}

export async function act(
  app: App,
  s: Session,
  id: string,
  action: string,
  payload: Record<string, unknown> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/api/hotline/orders/${id}/${action.replaceAll('_', '-')}`,
    headers: s.headers,
    payload,
  });
}
