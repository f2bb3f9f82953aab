// Street names for codes, in the current locale.
import { findLixiaStreet } from '../../src-shared/domain/lixia.ts';
import type { LinkState } from '../../src-shared/api.ts';

export function streetName(id: string, placeName: (id: string, dataName: string) => string, links: readonly LinkState[] = []): string {
  const dataName = links.find((l) => l.subcentreId === id)?.name ?? findLixiaStreet(id)?.name ?? id;
  return placeName(id, dataName);
}
