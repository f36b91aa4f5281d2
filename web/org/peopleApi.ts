import { api } from '../api.ts';
import type { ListResult, Person, PersonRole } from './types.ts';

const personPath = (id: string) => `/api/people/${encodeURIComponent(id)}`;

export interface PeopleQuery {
  org?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export const listPeople = (query: PeopleQuery, signal?: AbortSignal) =>
  api.get<ListResult<Person>>('/api/people', { ...query }, signal);

/** Reads the full phone number; the server writes this read to the audit log. */
export const fetchUnmaskedPhone = async (id: string) =>
  (await api.get<Person>(personPath(id), { unmask: 'phone' })).phone;

export interface NewPerson {
  username: string;
  displayName: string;
  orgCode: string;
  password: string;
  phone?: string;
}

export const createPerson = (person: NewPerson) => api.post<Person>('/api/people', person);

export interface PersonPatch {
  displayName?: string;
  /** null erases the number. */
  phone?: string | null;
  status?: Person['status'];
}

export const updatePerson = (id: string, patch: PersonPatch) => api.patch<Person>(personPath(id), patch);

export const resetPassword = (id: string, password: string) =>
  api.post<void>(`${personPath(id)}/password`, { password });

export const grantRole = (id: string, role: string, orgCode: string) =>
  api.post<PersonRole>(`${personPath(id)}/roles`, { role, orgCode });

export const revokeRole = (id: string, roleId: string) =>
  api.delete(`${personPath(id)}/roles/${encodeURIComponent(roleId)}`);
