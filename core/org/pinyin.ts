import { pinyin } from 'pinyin-pro';

/** Lower-case pinyin initials of a Chinese name (新宁镇 → xnz), how clerks type to find a place fast. */
export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase();
}
