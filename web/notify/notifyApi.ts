import { api } from '../api.ts';

/** An in-app message as the inbox and the live stream show it, in the reader's language. */
export interface InboxItem {
  id: string;
  template: string;
  title: string;
  text: string;
  caseId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Inbox {
  items: InboxItem[];
  total: number;
  unread: number;
}

export type NotificationStatus = 'pending' | 'sent' | 'failed';
export type NotificationChannel = 'sms' | 'in_app';

export interface OutboxItem {
  id: string;
  channel: NotificationChannel;
  /** SMS: the number, masked; in-app: the person's id. */
  recipient: string;
  template: string;
  title: string;
  text: string;
  caseId: string | null;
  orgCode: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  readAt: string | null;
}

export const STREAM_PATH = '/api/notifications/stream';

export const notifyApi = {
  inbox: (q: { page: number; pageSize: number; unread?: boolean }, signal?: AbortSignal) =>
    api.get<Inbox>('/api/notifications', { ...q, unread: q.unread || undefined }, signal),
  read: (id: string) => api.post<{ unread: number }>(`/api/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<{ marked: number; unread: number }>('/api/notifications/read-all'),
  outbox: (
    q: {
      page: number;
      pageSize: number;
      status?: NotificationStatus;
      channel?: NotificationChannel;
      org?: string;
    },
    signal?: AbortSignal,
  ) => api.get<{ items: OutboxItem[]; total: number }>('/api/notifications/outbox', q, signal),
};
